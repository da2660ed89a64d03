/**
 * @module A queue's ready messages counted by the reason, source queue and exchange of their newest x-death entry,
 * kept as messages become ready and stop being ready, so counting never reads the queue. After a restart the stored
 * messages (all ready then) are counted from the store's own tally, which triggers keep in the same transactions as
 * the messages (migration dead_letter_tally): a few rows per queue, whatever its depth.
 */
import type { DeadLetterCounts } from '../broker-types';
import type { MessageProperties, QueuedMessage } from '../types';

type DeathKey = [reason: string | null, queue: string | null, exchange: string | null];

/** The key of a message's newest x-death entry: its reason, queue and exchange, each kept only when a string ('' for none). */
export function deathKey(message: { properties: MessageProperties }): string {
  const deaths = message.properties.headers?.['x-death'];
  if (!Array.isArray(deaths)) return '';
  const newest = deaths[0] as unknown;
  if (typeof newest !== 'object' || newest === null) return '';
  const { reason, queue, exchange } = newest as { reason?: unknown; queue?: unknown; exchange?: unknown };
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return JSON.stringify([text(reason), text(queue), text(exchange)] satisfies DeathKey);
}

/** Counts by reason and source queue from one pass over some messages (the reference a tally must equal). */
export function countMessages(messages: Iterable<{ properties: MessageProperties }>): DeadLetterCounts {
  const counts = new Map<string, number>();
  for (const message of messages) bump(counts, deathKey(message), 1);
  return summarize(counts);
}

export class DeadLetterTally {
  /** Ready messages by death key (a count may go negative for a while only inside `restore`). */
  private readonly byKey = new Map<string, number>();

  /** A message became ready: published, returned, or requeued at the tail. */
  enter(message: QueuedMessage): void {
    bump(this.byKey, deathKey(message), 1);
  }

  /** A message stopped being ready: delivered, expired, dropped, removed, moved, or requeued under a new seq. */
  leave(message: QueuedMessage): void {
    bump(this.byKey, deathKey(message), -1);
  }

  /** Purge: nothing is ready any more, in memory or in the store. Answers what was counted, for `restore`. */
  clear(): Map<string, number> {
    const counted = new Map(this.byKey);
    this.byKey.clear();
    return counted;
  }

  /** Undoes a purge whose commit failed: what `clear` answered comes back, less the messages that stay gone. */
  restore(counted: ReadonlyMap<string, number>, gone: readonly QueuedMessage[]): void {
    for (const [key, n] of counted) bump(this.byKey, key, n);
    for (const message of gone) bump(this.byKey, deathKey(message), -1);
  }

  /**
   * After a restart: `count` stored messages of this queue are ready, counted as having no x-death entry until
   * `addStoredDeaths` moves those the store's tally lists. Called once per stored priority, in any order.
   */
  addStoredReady(count: number): void {
    bump(this.byKey, '', count);
  }

  /** After a restart: `count` of the stored messages counted by `addStoredReady` have this newest x-death entry (as the store wrote its key). */
  addStoredDeaths(storedKey: string, count: number): void {
    bump(this.byKey, normalizeStoredKey(storedKey), count);
    bump(this.byKey, '', -count);
  }

  /** The counts now: a few keys to add up, whatever the number of messages. */
  counts(): DeadLetterCounts {
    return summarize(this.byKey);
  }

  /** The exchanges named by the newest x-death entries of the ready messages (where a replay to the source sends them). */
  sourceExchanges(): string[] {
    const exchanges = new Set<string>();
    for (const [key, n] of this.byKey) {
      if (key === '' || n <= 0) continue;
      const exchange = (JSON.parse(key) as DeathKey)[2];
      if (exchange !== null) exchanges.add(exchange);
    }
    return [...exchanges];
  }
}

/** SQLite's json_array text, written again as `deathKey` writes it (JSON.stringify), so both name a key alike. */
function normalizeStoredKey(key: string): string {
  if (key === '') return '';
  const [reason, queue, exchange] = JSON.parse(key) as unknown[];
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return JSON.stringify([text(reason), text(queue), text(exchange)] satisfies DeathKey);
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next === 0) counts.delete(key);
  else counts.set(key, next);
}

function summarize(counts: Map<string, number>): DeadLetterCounts {
  let total = 0;
  const byReason = new Map<string, number>();
  const bySourceQueue = new Map<string, number>();
  for (const [key, n] of counts) {
    total += n;
    if (key === '') continue;
    const [reason, queue] = JSON.parse(key) as DeathKey;
    if (reason !== null) bump(byReason, reason, n);
    if (queue !== null) bump(bySourceQueue, queue, n);
  }
  // fromEntries defines own properties, so a source queue named "__proto__" is a plain key.
  return { total, byReason: Object.fromEntries(byReason), bySourceQueue: Object.fromEntries(bySourceQueue) };
}
