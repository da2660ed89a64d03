/**
 * @module What the live feed reads from a broker, through its public methods: the overview, and the per-queue
 * figures of every queue or of named ones (a named queue that does not exist is left out).
 */
import type { Broker, QueueStats } from '@/lib/engine';
import { ackLatencyLastMinute } from '@/lib/engine/metrics/live-figures';
import type { LiveQueue } from './schemas/metrics';
import type { Overview } from './schemas/system';

export interface LiveSource {
  overview(): Overview;
  /** Figures of every queue (`names` undefined) or of the named ones that exist, read at broker time `at`. */
  queues(names?: readonly string[]): { at: number; queues: LiveQueue[] };
}

export type LiveBroker = Pick<Broker, 'overview' | 'listQueues' | 'getQueue' | 'findQueueInfo' | 'metrics' | 'clock'>;

/** One queue's figures: its stats with its publish → ack latency over the last minute (null when none, or metrics are off). */
export function liveQueue(stats: QueueStats, broker: Pick<Broker, 'metrics'>, now: number): LiveQueue {
  const ack = broker.metrics ? ackLatencyLastMinute(broker.metrics, stats.name, now) : undefined;
  return {
    name: stats.name,
    messagesReady: stats.messagesReady,
    messagesUnacked: stats.messagesUnacked,
    consumers: stats.consumers,
    rates: stats.rates,
    oldestReadyAgeMs: stats.oldestReadyAgeMs,
    latencyP50Ms: ack ? ack.p50 : null,
    latencyP99Ms: ack ? ack.p99 : null,
  };
}

export function brokerLiveSource(broker: LiveBroker): LiveSource {
  return {
    overview: () => broker.overview(),
    queues: (names) => {
      const at = broker.clock.now();
      const stats = names ? names.filter((name) => broker.findQueueInfo(name) !== undefined).map((name) => broker.getQueue(name)) : broker.listQueues();
      return { at, queues: stats.map((s) => liveQueue(s, broker, at)) };
    },
  };
}
