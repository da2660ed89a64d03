/**
 * @module Every figure of a vhost's live queues, read once per per-object scrape into one typed column per figure:
 * the exposition then writes family after family from the columns, without reading (or allocating for) a queue
 * again, and every family shows the same instant. Latency histograms stay references to the live ones, kept only
 * for queues that observed a latency.
 */
import type { CumulativeLatency, QueueCounters, QueueReading } from '@/lib/engine';
import type { CounterKey, GaugeKey } from './families';
import type { VhostMetrics } from './source';
import { nextTurn } from './stream';

export type DeathReason = keyof QueueCounters['deadLettered'];
export const DEATH_REASONS: readonly DeathReason[] = ['rejected', 'expired', 'maxlen', 'delivery_limit'];

type Column = CounterKey | GaugeKey | 'oldestReadyAgeMs' | `dead:${DeathReason}`;

/** Queues read between two turns of the event loop. */
export const QUEUES_PER_TURN = 4096;

export interface QueueTable {
  /** The queues read, in exposition order (a queue gone before its read is left out). */
  names: string[];
  column(name: Column): Float64Array;
  latency: { deliver: (Readonly<CumulativeLatency> | undefined)[]; ack: (Readonly<CumulativeLatency> | undefined)[] };
}

const COUNTERS: readonly CounterKey[] = ['published', 'delivered', 'redelivered', 'acked', 'nacked', 'expired', 'dropped', 'purged'];
const GAUGES: readonly GaugeKey[] = ['ready', 'unacked', 'bytes', 'consumers'];

/** Reads every queue of `source` once, in slices between turns of the event loop; `each` sees every reading. */
export async function readQueues(source: VhostMetrics, each: (queue: QueueReading, row: number) => void): Promise<string[]> {
  const names: string[] = [];
  const all = source.queueNames;
  for (let i = 0; i < all.length; i++) {
    if (i > 0 && i % QUEUES_PER_TURN === 0) await nextTurn();
    const queue = source.queue(all[i]);
    if (!queue) continue;
    each(queue, names.length);
    names.push(all[i]);
  }
  return names;
}

export async function queueTableOf(source: VhostMetrics, each: (queue: QueueReading) => void): Promise<QueueTable> {
  const size = source.queueNames.length;
  const columns = new Map<Column, Float64Array>();
  const column = (name: Column) => {
    let values = columns.get(name);
    if (!values) columns.set(name, (values = new Float64Array(size)));
    return values;
  };
  const counters = COUNTERS.map((key) => [key, column(key)] as const);
  const gauges = GAUGES.map((key) => [key, column(key)] as const);
  const dead = DEATH_REASONS.map((reason) => [reason, column(`dead:${reason}`)] as const);
  const age = column('oldestReadyAgeMs');
  const latency: QueueTable['latency'] = { deliver: [], ack: [] };
  const names = await readQueues(source, (queue, row) => {
    each(queue);
    for (const [key, values] of counters) values[row] = queue.counters[key];
    for (const [key, values] of gauges) values[row] = queue[key];
    for (const [reason, values] of dead) values[row] = queue.counters.deadLettered[reason];
    age[row] = queue.oldestReadyAgeMs ?? 0;
    if (queue.latency.deliver.count > 0) latency.deliver[row] = queue.latency.deliver;
    if (queue.latency.ack.count > 0) latency.ack[row] = queue.latency.ack;
  });
  return { names, column, latency };
}
