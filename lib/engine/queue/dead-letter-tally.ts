/**
 * @module A queue's ready messages counted by the reason and source queue of their newest x-death entry, kept as
 * messages become ready and stop being ready, so counting never reads the queue. After a restart the messages
 * already stored are counted once from the store, a page at a time, while the queue keeps working.
 */
import type { DeadLetterCounts } from '../broker-types';
import { EngineError } from '../errors';
import type { MessageProperties, QueuedMessage } from '../types';

/** Stored messages read per page while counting after a restart. */
export const TALLY_REBUILD_PAGE = 500;

/** Reads stored messages of one priority with seq > afterSeq, in seq order (the store's `loadMessages`). */
export type StoredPageReader = (priority: number, afterSeq: number, limit: number) => Promise<QueuedMessage[]>;

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
  /** Messages that became ready in this process (and, once counted, stored ones: see `recovered`). */
  private readonly live = new Map<string, number>();
  /** Stored messages present at start, as far as the count from the store has got. */
  private readonly recovered = new Map<string, number>();
  /** Messages stored before the start have seqs up to this; 0 when there is nothing to count from the store. */
  private boundary = 0;
  /** Per priority: stored messages up to this seq have been counted (absent: none yet; Infinity: all). */
  private readonly countedThrough = new Map<number, number>();
  /** Stored messages not yet counted that are not ready now (delivered or gone): the count from the store skips them. */
  private readonly skip = new Set<number>();
  private rebuilding: Promise<void> | undefined;
  private generation = 0;
  private read: StoredPageReader | undefined;
  private priorities: number[] = [];

  /** A message became ready: published, returned, or requeued at the tail. */
  enter(message: QueuedMessage): void {
    if (this.isUncounted(message)) this.skip.delete(message.seq);
    else bump(this.mapOf(message), deathKey(message), 1);
  }

  /** A message stopped being ready: delivered, expired, dropped, removed, moved, or requeued under a new seq. */
  leave(message: QueuedMessage): void {
    if (this.isUncounted(message)) this.skip.add(message.seq);
    else bump(this.mapOf(message), deathKey(message), -1);
  }

  /** Purge: nothing is ready any more, in memory or in the store. Answers what was counted, for `restore`. */
  clear(): Map<string, number> {
    const counted = combine([this.live, this.recovered]);
    this.live.clear();
    this.recovered.clear();
    this.finish();
    return counted;
  }

  /** Undoes a purge whose commit failed: what `clear` answered comes back, less the messages that stay gone. */
  restore(counted: ReadonlyMap<string, number>, gone: readonly QueuedMessage[]): void {
    for (const [key, n] of counted) bump(this.live, key, n);
    for (const message of gone) bump(this.live, deathKey(message), -1);
  }

  /**
   * After a restart: the stored messages (seq ≤ `boundary`, all ready at start) are counted from the store in the
   * background, a page at a time; `counts()` waits for it. Live changes meanwhile are reconciled by seq.
   */
  rebuildFrom(read: StoredPageReader, priorities: readonly number[], boundary: number): void {
    this.read = read;
    this.priorities = [...priorities].sort((a, b) => b - a);
    this.boundary = boundary;
    this.startRebuild().catch((error) => console.error('switchboard: counting stored dead letters failed; retried when next asked', error));
  }

  /** The counts now; waits for the count from the store after a restart (its failure is thrown, and retried next time). */
  async counts(): Promise<DeadLetterCounts> {
    if (this.boundary > 0) await this.startRebuild();
    return summarize(combine([this.live, this.recovered]));
  }

  /** The exchanges named by the newest x-death entries of the ready messages (where a replay to the source sends them). */
  async sourceExchanges(): Promise<string[]> {
    if (this.boundary > 0) await this.startRebuild();
    const exchanges = new Set<string>();
    for (const key of combine([this.live, this.recovered]).keys()) {
      const exchange = key === '' ? null : (JSON.parse(key) as DeathKey)[2];
      if (exchange !== null) exchanges.add(exchange);
    }
    return [...exchanges];
  }

  private startRebuild(): Promise<void> {
    this.rebuilding ??= this.rebuild().finally(() => {
      this.rebuilding = undefined;
    });
    return this.rebuilding;
  }

  private async rebuild(): Promise<void> {
    const generation = this.generation;
    const read = this.read!;
    for (const priority of this.priorities) {
      for (;;) {
        const after = this.countedThrough.get(priority) ?? 0;
        if (after >= this.boundary) break;
        let page: QueuedMessage[];
        try {
          page = await read(priority, after, TALLY_REBUILD_PAGE);
        } catch (error) {
          throw new EngineError('unavailable', 'could not count the dead letters stored before the restart', { cause: String(error) });
        }
        if (generation !== this.generation) return;
        let through = after;
        for (const message of page) {
          if (message.seq > this.boundary) {
            through = Infinity;
            break;
          }
          through = message.seq;
          if (!this.skip.delete(message.seq)) bump(this.recovered, deathKey(message), 1);
        }
        this.countedThrough.set(priority, page.length < TALLY_REBUILD_PAGE ? Infinity : through);
      }
    }
    if (generation === this.generation) this.finish();
  }

  private finish(): void {
    this.generation++;
    this.boundary = 0;
    this.skip.clear();
    this.countedThrough.clear();
  }

  /** A stored message from before the start that the count from the store has not reached yet. */
  private isUncounted(message: QueuedMessage): boolean {
    return message.seq <= this.boundary && message.seq > (this.countedThrough.get(message.priority) ?? 0);
  }

  private mapOf(message: QueuedMessage): Map<string, number> {
    return message.seq <= this.boundary ? this.recovered : this.live;
  }
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next === 0) counts.delete(key);
  else counts.set(key, next);
}

/** One map of what several hold (a key's count may be split between them, even negative in one). */
function combine(maps: readonly Map<string, number>[]): Map<string, number> {
  const all = new Map<string, number>();
  for (const counts of maps) for (const [key, n] of counts) bump(all, key, n);
  return all;
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
