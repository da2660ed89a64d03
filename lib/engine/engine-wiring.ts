/** @module Builds the state a broker starts with: persistence, the queue context and an empty topology. */
import { randomUUID } from 'node:crypto';
import type { BrokerOptions } from './broker-types';
import type { Clock } from './clock';
import { deadLetter } from './dead-lettering';
import type { EngineState } from './engine-state';
import type { MetricsRegistry } from './metrics/metrics-registry';
import { Persistence } from './persistence';
import type { Queue } from './queue/queue';
import { Topology } from './routing/topology';
import { SeqAllocator } from './seq-allocator';
import { removeQueue } from './topology-changes';

/** Payload bytes of ready messages a queue keeps in memory by default (16 MiB), beside the count bound. */
export const DEFAULT_HEAD_BYTES = 16 * 1024 * 1024;

/** The broker's state over `queues`; queues dead-letter and remove themselves through it. */
export function createEngineState(options: BrokerOptions, clock: Clock, metrics: MetricsRegistry | undefined, queues: Map<string, Queue>): EngineState {
  // A message whose insert failed to commit leaves its queue: its publish answers an error.
  const persistence = new Persistence(options.store, undefined, undefined, {
    retract: (messages) => {
      for (const message of messages) state.queues.get(message.queue)?.retract(message);
    },
  });
  const state: EngineState = {
    clock,
    store: options.store,
    persistence,
    queues,
    topology: new Topology((name) => queues.has(name)),
    queueContext: {
      clock,
      persistence,
      store: options.store,
      headLimit: options.headLimit ?? 10_000,
      headBytes: options.headBytes ?? DEFAULT_HEAD_BYTES,
      setTimer:
        options.setTimer ??
        ((run, ms) => {
          const timer = setTimeout(run, ms);
          return () => clearTimeout(timer);
        }),
      newId: randomUUID,
      newSeq: () => state.seqs.next(),
      tagEpoch: Date.now().toString(36),
      deadLetter: (queue, message, reason) => deadLetter(state, queue, message, reason),
      onUnused: (queue) => removeQueue(state, queue),
      metrics,
    },
    metrics,
    maxMessageBytes: options.maxMessageBytes ?? 8 * 1024 * 1024,
    seqs: options.seqs ?? new SeqAllocator(),
  };
  return state;
}
