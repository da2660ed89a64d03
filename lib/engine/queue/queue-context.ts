/** @module What a queue is given by its broker: time, storage, memory bounds, ids, and where it reports. */
import type { Clock } from '../clock';
import type { MetricsRegistry } from '../metrics/metrics-registry';
import type { Persistence } from '../persistence';
import type { Store } from '../store';
import type { DeathReason, QueuedMessage } from '../types';
import type { Queue } from './queue';

export interface QueueContext {
  clock: Clock;
  persistence: Persistence;
  store: Store;
  /** How many ready messages a queue keeps in memory before paging the rest to the store. */
  headLimit: number;
  /** How many payload bytes of ready messages a queue keeps in memory (a priority's next message always fits). */
  headBytes: number;
  setTimer: (run: () => void, ms: number) => () => void;
  newId: () => string;
  /** Differs per process start, so a delivery tag handed out before a restart never settles a message after it. */
  tagEpoch: string;
  /** Routes a dead-lettered message to the queue's dead-letter exchange (or drops it). */
  deadLetter: (queue: Queue, message: QueuedMessage, reason: DeathReason) => void;
  /** The queue has become eligible for deletion (auto-delete or expiry). */
  onUnused: (queue: Queue, why: 'auto-delete' | 'expired') => void;
  /** Where the queue's metrics live; absent when the broker runs with metrics off. */
  metrics?: MetricsRegistry;
  /** The next broker-wide seq (a message requeued at the tail takes a new one). */
  newSeq: () => number;
  /** The queue changed in a way that may bring its next time work (`nextDueAt`) closer: the broker's tick reads it again. */
  timeWorkChanged?: (queue: Queue) => void;
}
