/**
 * @module Cheap reads of the live queues for the exporter and the list views: names in sorted order, one figure per
 * queue for sorting, and a queue's gauges, counters and cumulative latency by reference. Nothing here builds a
 * stats object per queue or copies counters; callers format or compare and let go.
 */
import type { Clock } from '../clock';
import type { Queue } from '../queue/queue';
import type { QueueStats, RateSet } from '../types';
import { noRates } from '../engine-state';
import { queueStats } from '../inspection';
import { PROMETHEUS_BUCKETS_MS, type CumulativeLatency } from './latency';
import type { QueueSnapshot } from './metrics-types';
import { emptyCounters, type QueueCounters } from './queue-counters';
import type { IndexedMap } from './sorted-names';

/** The figures a queue list can sort by, besides the name. */
export type QueueFigure = 'messages' | 'messagesReady' | 'messagesUnacked' | 'consumers' | 'publishRate' | 'deliverRate' | 'ackRate' | 'oldestReadyAgeMs';

/** A queue's gauges at one instant: the single place they are read, for the exporter, the snapshot and the lists. */
export type QueueGauges = QueueSnapshot['gauges'];

/** A queue's gauges with its rates over the last 5 whole seconds, at one instant: what a live row shows. */
export interface QueueFigures extends QueueGauges {
  rates: RateSet;
}

export interface QueueReading extends QueueGauges {
  /** Live counters: read them now, they change as messages move. All zero with metrics off. */
  counters: Readonly<QueueCounters>;
  /** Live cumulative histograms, consistent within one synchronous read. */
  latency: { readonly deliver: Readonly<CumulativeLatency>; readonly ack: Readonly<CumulativeLatency> };
}

const NO_COUNTERS: Readonly<QueueCounters> = Object.freeze(emptyCounters());
const NO_LATENCY: Readonly<CumulativeLatency> = Object.freeze({ bucketCounts: new Array(PROMETHEUS_BUCKETS_MS.length + 1).fill(0), count: 0, sumMs: 0, maxMs: 0 });

export class QueueReads {
  constructor(
    private readonly queues: IndexedMap<Queue>,
    private readonly clock: Clock,
  ) {}

  get count(): number {
    return this.queues.size;
  }

  /** Every live queue's name, ascending (as `<` compares). Shared and never changed in place: do not change it. */
  sortedNames(): readonly string[] {
    return this.queues.names.sorted();
  }

  has(name: string): boolean {
    return this.queues.has(name);
  }

  /** Calls `visit` with every live queue's name and one figure, at one instant; `null` age when nothing is ready. */
  eachFigure(figure: QueueFigure, visit: (name: string, value: number | null) => void): void {
    const now = this.clock.now();
    const read = FIGURES[figure];
    for (const queue of this.queues.values()) read(queue, now, queue.name, visit);
  }

  /** The full stats of one live queue, as `Broker.getQueue` gives them; undefined when it is gone. */
  stats(name: string): QueueStats | undefined {
    const queue = this.queues.get(name);
    return queue && queueStats(queue, this.clock.now());
  }

  /** The gauges of one live queue; undefined when it is gone. */
  gauges(name: string): QueueGauges | undefined {
    const queue = this.queues.get(name);
    return queue && gaugesOf(queue, this.clock.now());
  }

  /** The gauges and rates of one live queue, without the rest of its stats; undefined when it is gone. */
  figures(name: string): QueueFigures | undefined {
    const queue = this.queues.get(name);
    if (!queue) return undefined;
    const now = this.clock.now();
    return { ...gaugesOf(queue, now), rates: queue.metrics?.rates(now) ?? noRates() };
  }

  /** Gauges, counters and latency of one live queue; undefined when it is gone. */
  read(name: string): QueueReading | undefined {
    const queue = this.queues.get(name);
    if (!queue) return undefined;
    const metrics = queue.metrics;
    return {
      ...gaugesOf(queue, this.clock.now()),
      counters: metrics?.counters ?? NO_COUNTERS,
      latency: metrics?.cumulativeLatency ?? { deliver: NO_LATENCY, ack: NO_LATENCY },
    };
  }
}

function gaugesOf(queue: Queue, now: number): QueueGauges {
  return {
    ready: queue.ready.count,
    unacked: queue.unacked.size,
    bytes: queue.ready.bytes,
    consumers: queue.consumerCount,
    oldestReadyAgeMs: oldestReadyAge(queue, now),
  };
}

function oldestReadyAge(queue: Queue, now: number): number | null {
  const oldest = queue.ready.oldestPublishedAt();
  return oldest === null ? null : Math.max(0, now - oldest);
}

type FigureRead = (queue: Queue, now: number, name: string, visit: (name: string, value: number | null) => void) => void;

const FIGURES: Record<QueueFigure, FigureRead> = {
  messages: (q, _now, name, visit) => visit(name, q.ready.count + q.unacked.size),
  messagesReady: (q, _now, name, visit) => visit(name, q.ready.count),
  messagesUnacked: (q, _now, name, visit) => visit(name, q.unacked.size),
  consumers: (q, _now, name, visit) => visit(name, q.consumerCount),
  publishRate: (q, now, name, visit) => visit(name, q.metrics?.rates(now).publish ?? 0),
  deliverRate: (q, now, name, visit) => visit(name, q.metrics?.rates(now).deliver ?? 0),
  ackRate: (q, now, name, visit) => visit(name, q.metrics?.rates(now).ack ?? 0),
  oldestReadyAgeMs: (q, now, name, visit) => visit(name, oldestReadyAge(q, now)),
};
