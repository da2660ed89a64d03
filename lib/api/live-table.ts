/**
 * @module The per-queue figures the live feed last sent, and what changed since: each queue is serialised once
 * when its figures change, and every stream that shows it shares that text. A waiting message growing older is
 * not a change (the age would change every second for every non-empty queue). Another message becoming the
 * oldest always comes with a change that is compared (the ready count, or the publish and deliver rates, which
 * keep it for 5 s), so the age is resent then; alone, only its going from none to some (or back) counts.
 */
import type { LiveQueue } from './schemas/metrics';

interface Row {
  figures: LiveQueue;
  json: string;
}

export interface LiveChanges {
  /** Serialised figures of the queues that are new or changed, by name. */
  changed: Map<string, string>;
  /** Queues that were tracked and are gone. */
  removed: string[];
}

function sameFigures(a: Row, b: LiveQueue): boolean {
  const x = a.figures;
  return (
    x.messagesReady === b.messagesReady &&
    x.messagesUnacked === b.messagesUnacked &&
    x.consumers === b.consumers &&
    x.latencyP50Ms === b.latencyP50Ms &&
    x.latencyP99Ms === b.latencyP99Ms &&
    x.rates.publish === b.rates.publish &&
    x.rates.deliver === b.rates.deliver &&
    x.rates.ack === b.rates.ack &&
    x.rates.redeliver === b.rates.redeliver &&
    x.rates.deadLetter === b.rates.deadLetter &&
    (x.oldestReadyAgeMs === null) === (b.oldestReadyAgeMs === null)
  );
}

export class LiveTable {
  private readonly rows = new Map<string, Row>();

  /**
   * Takes a read of `tracked` queues (every queue when `tracked` is 'all'; else the named ones, where a name
   * missing from `queues` no longer exists) and answers what changed. Unless `forget` is false (a read for one
   * new stream, while others track more), queues no longer tracked are forgotten.
   */
  update(queues: readonly LiveQueue[], tracked: 'all' | ReadonlySet<string>, forget = true): LiveChanges {
    const changed = new Map<string, string>();
    const seen = new Set<string>();
    for (const figures of queues) {
      seen.add(figures.name);
      const row = this.rows.get(figures.name);
      if (row && sameFigures(row, figures)) continue;
      const json = JSON.stringify(figures);
      this.rows.set(figures.name, { figures, json });
      changed.set(figures.name, json);
    }
    const removed: string[] = [];
    for (const name of this.rows.keys()) {
      if (seen.has(name)) continue;
      const gone = tracked === 'all' || tracked.has(name);
      if (gone) removed.push(name);
      if (gone || forget) this.rows.delete(name);
    }
    return { changed, removed };
  }

  /** The serialised figures last taken of each of `names` (every tracked queue when undefined), by name. */
  snapshot(names?: readonly string[]): string[] {
    const list = names ?? [...this.rows.keys()];
    return list
      .filter((name) => this.rows.has(name))
      .sort(byName)
      .map((name) => this.rows.get(name)!.json);
  }
}

export const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Adds `later` to `earlier` (changes not yet sent), the later figures winning. */
export function mergeChanges(earlier: LiveChanges, later: LiveChanges): LiveChanges {
  const changed = new Map(earlier.changed);
  for (const [name, json] of later.changed) changed.set(name, json);
  const removed = new Set(earlier.removed.filter((name) => !later.changed.has(name)));
  for (const name of later.removed) {
    removed.add(name);
    changed.delete(name);
  }
  return { changed, removed: [...removed] };
}

export const noChanges = (): LiveChanges => ({ changed: new Map(), removed: [] });
