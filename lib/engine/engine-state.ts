/** @module The state the broker's modules share: topology, queues, persistence and the message sequence. */
import type { Clock } from './clock';
import { EngineError, notFound } from './errors';
import type { MetricsRegistry } from './metrics/metrics-registry';
import type { Persistence } from './persistence';
import type { Queue, QueueContext } from './queue/queue';
import type { Topology } from './routing/topology';
import type { SeqAllocator } from './seq-allocator';
import type { Store } from './store';
import type { RateSet } from './types';

export interface EngineState {
  readonly clock: Clock;
  readonly store: Store;
  readonly persistence: Persistence;
  readonly queues: Map<string, Queue>;
  readonly topology: Topology;
  readonly queueContext: QueueContext;
  /** Undefined when started with `metrics: false`. */
  readonly metrics: MetricsRegistry | undefined;
  readonly maxMessageBytes: number;
  /** Hands out the seqs of stored copies; shared by the brokers of one database. */
  readonly seqs: SeqAllocator;
}

export function requireQueue(state: EngineState, name: string): Queue {
  const queue = state.queues.get(name);
  if (!queue) throw notFound('queue', name);
  return queue;
}

export function assertWritable(persistence: Persistence): void {
  if (!persistence.writable) throw new EngineError('unavailable', 'storage cannot accept writes right now');
}

export const noRates = (): RateSet => ({ publish: 0, deliver: 0, ack: 0, redeliver: 0, deadLetter: 0 });
