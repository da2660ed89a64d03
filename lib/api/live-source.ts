/**
 * @module What the live feed reads from a broker, through its public methods: the overview, the overview's
 * rankings, and the per-queue figures of every queue or of named ones (a named queue that does not exist is left
 * out). Each read takes only the figures it sends (QueueReads), never a queue's full stats.
 */
import type { Broker, QueueFigures } from '@/lib/engine';
import { ackLatencyLastMinute } from '@/lib/engine/metrics/live-figures';
import { liveRankings } from './live-rankings';
import type { LiveQueue, LiveRankings } from './schemas/metrics';
import type { Overview } from './schemas/system';

export interface LiveSource {
  overview(): Overview;
  /** Figures of every queue (`names` undefined) or of the named ones that exist, read at broker time `at`. */
  queues(names?: readonly string[]): { at: number; queues: LiveQueue[] };
  /** The overview's rankings (biggest backlog, oldest message), from two figures of each queue. */
  rankings(): LiveRankings;
}

export type LiveBroker = Pick<Broker, 'overview' | 'queueReads' | 'metrics' | 'clock'>;

/** One queue's figures with its publish → ack latency over the last minute (null when none, or metrics are off). */
function liveQueue(name: string, figures: QueueFigures, broker: Pick<Broker, 'metrics'>, now: number): LiveQueue {
  const ack = broker.metrics ? ackLatencyLastMinute(broker.metrics, name, now) : undefined;
  return {
    name,
    messagesReady: figures.ready,
    messagesUnacked: figures.unacked,
    consumers: figures.consumers,
    rates: figures.rates,
    oldestReadyAgeMs: figures.oldestReadyAgeMs,
    latencyP50Ms: ack ? ack.p50 : null,
    latencyP99Ms: ack ? ack.p99 : null,
  };
}

export function brokerLiveSource(broker: LiveBroker): LiveSource {
  const reads = broker.queueReads;
  return {
    overview: () => broker.overview(),
    queues: (names = reads.sortedNames()) => {
      const at = broker.clock.now();
      const queues: LiveQueue[] = [];
      for (const name of names) {
        const figures = reads.figures(name);
        if (figures) queues.push(liveQueue(name, figures, broker, at));
      }
      return { at, queues };
    },
    rankings: () => liveRankings(reads),
  };
}
