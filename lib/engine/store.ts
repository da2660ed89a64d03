/** @module The port through which the engine persists topology and messages; implementations live in lib/store. */
import type { JobRecord } from './jobs/job';
import type { BindingInfo, ExchangeInfo, QueueInfo, QueuedMessage } from './types';

/** Topology changes, applied in order before a batch's message writes. */
export type TopologyWrite =
  | { op: 'putExchange'; exchange: ExchangeInfo }
  | { op: 'deleteExchange'; name: string }
  | { op: 'putQueue'; queue: QueueInfo }
  /** Deletes the queue and every message stored for it. */
  | { op: 'deleteQueue'; name: string }
  /** Deletes the queue's stored messages except the listed seqs (purge keeps messages out for delivery). */
  | { op: 'deleteQueueMessages'; queue: string; exceptSeqs: number[] }
  | { op: 'putBinding'; binding: BindingInfo }
  | { op: 'deleteBinding'; id: string }
  /** Creates or replaces a job; it commits with the message writes of the same step. */
  | { op: 'putJob'; job: JobRecord };

/**
 * Everything one event-loop turn changed, committed in one transaction.
 * The engine has already coalesced it: a message inserted and deleted in the same turn appears in neither list.
 */
export interface WriteBatch {
  topology: TopologyWrite[];
  inserts: QueuedMessage[];
  /** New delivery counts of stored messages. */
  deliveries: { seq: number; deliveryCount: number }[];
  deletes: number[];
}

export interface ReadyCount {
  queue: string;
  priority: number;
  count: number;
  bytes: number;
  /** Smallest seq among the queue's stored messages of this priority. */
  minSeq: number;
  oldestPublishedAt: number;
  /** The earliest expiry among them (null: none expires); absent when the store cannot tell (then heads page in at start). */
  nextExpiresAt?: number | null;
}

/** How many stored messages of a queue have one newest x-death entry (see queue/dead-letter-tally's `deathKey`). */
export interface StoredDeathCount {
  queue: string;
  /** As the store wrote it: a JSON array of reason, source queue and exchange (strings or null), or '' for none. */
  deathKey: string;
  count: number;
}

export interface RecoveredState {
  exchanges: ExchangeInfo[];
  queues: QueueInfo[];
  bindings: BindingInfo[];
  /** Per durable queue and priority: what is stored and ready. */
  readyCounts: ReadyCount[];
  /** Per durable queue: its stored messages by their newest x-death entry (only keys with x-death; the rest are ''). */
  deadLetterCounts: StoredDeathCount[];
  /** The largest seq ever stored (in any vhost of the database), so new seqs keep increasing. */
  maxSeq: number;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Called once at start. Drops transient messages and the messages of queues that are not durable,
   * then reports the durable topology and what is stored per queue.
   */
  recover(): Promise<RecoveredState>;
  /** Commits the whole batch atomically; rejects if nothing of it could be written. */
  commit(batch: WriteBatch): Promise<void>;
  /** Stored messages of one queue and priority with seq > afterSeq, in seq order. */
  loadMessages(queue: string, priority: number, afterSeq: number, limit: number): Promise<QueuedMessage[]>;
  /** Up to `limit` stored messages of one queue with this message id, highest priority first, then by seq. */
  findMessages(queue: string, messageId: string, limit: number): Promise<QueuedMessage[]>;
  /** Every stored job (replays), to resume the running ones at start. */
  loadJobs(): Promise<JobRecord[]>;
  /**
   * A write that proves the store can take writes again after a failure (it needs real space, unlike an empty
   * commit); rejects while it cannot. Optional: without it, recovery goes straight to the next commit.
   */
  probe?(): Promise<void>;
  close(): Promise<void>;
}

/** The virtual host of a store used as a plain {@link Store}, and of everything stored before vhosts existed. */
export const DEFAULT_VHOST = '/';

/**
 * One database holding every vhost, as RabbitMQ's vhosts share a node: each vhost's broker gets its own view.
 * Used as a plain Store it is the view of {@link DEFAULT_VHOST} whose `close()` closes the database.
 */
export interface SharedStore extends Store {
  /**
   * The Store of one vhost: it recovers, writes and reads only that vhost's rows. Its `close()` does nothing;
   * the shared store is closed once, by its owner. Seqs are unique across vhosts: `recover()` reports the
   * largest seq stored in any of them.
   */
  forVhost(vhost: string): Store;
  /** Deletes every stored row of a vhost: exchanges, queues, bindings, messages, jobs and metric rollups. */
  deleteVhost(vhost: string): Promise<void>;
}
