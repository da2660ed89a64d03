/** @module The shapes the broker's facade takes and answers: options, declarations and console views. */
import type { Clock } from './clock';
import type { ExchangeCounters } from './metrics/metrics-types';
import type { MetricsHistory } from './metrics/metrics-history';
import type { ResourceAlarm } from './resource-alarm';
import type { SeqAllocator } from './seq-allocator';
import type { Store } from './store';
import type { Delivery, ExchangeType, FieldTable, QueueArguments, RateSet } from './types';

export interface BrokerOptions {
  store: Store;
  clock?: Clock;
  /** Ready messages a queue keeps in memory before paging the rest (default 10,000). */
  headLimit?: number;
  /** Payload bytes of ready messages a queue keeps in memory before paging the rest (default 16 MiB). */
  headBytes?: number;
  maxMessageBytes?: number;
  /** Runs lease, TTL and expiry checks on a timer (default true; tests call `tick()` themselves). */
  autoTick?: boolean;
  tickIntervalMs?: number;
  setTimer?: (run: () => void, ms: number) => () => void;
  /** Counters, per-second points, latency and rollups (default true); false is for measuring what they cost. */
  metrics?: boolean;
  /** Where 10 s and 1 min rollups are kept (default: in memory, lost at restart). The broker never closes it. */
  metricsHistory?: MetricsHistory;
  /** How often closed rollups are written, in one batch (default 10 s, on the broker's tick). */
  metricsFlushIntervalMs?: number;
  /**
   * Where message seqs come from (default: the broker's own). Brokers of several vhosts on one store share one,
   * because a seq is the stored message's key in the whole database.
   */
  seqs?: SeqAllocator;
  /** The node's resource alarms: while one is raised, `publish` and `publishBatch` answer `unavailable`. */
  alarm?: ResourceAlarm;
}

/** One consumer of a queue as the console lists it. */
export interface ConsumerInfo {
  id: string;
  queue: string;
  /** 'lease' stands for all leases `receive` handed out on the queue, taken together. */
  kind: 'sse' | 'lease' | 'amqp';
  connectionId?: string;
  /** Most unacked at once; 0 = unlimited. */
  prefetch: number;
  /** Consumer priority (AMQP `x-priority`): higher ones are served first while they have room; default 0. */
  priority: number;
  unacked: number;
  /** Per second over the last 5 s. */
  deliverRate: number;
  ackRate: number;
  /** Epoch ms of the last delivery or settlement. */
  lastActiveAt: number;
}

export interface ExchangeDeclaration {
  type: ExchangeType;
  durable?: boolean;
  autoDelete?: boolean;
  internal?: boolean;
  alternateExchange?: string;
  arguments?: FieldTable;
}

export interface QueueDeclaration {
  durable?: boolean;
  autoDelete?: boolean;
  arguments?: QueueArguments;
  /** AMQP connection that owns an exclusive queue. */
  exclusiveOwner?: string;
}

export interface BindingDeclaration {
  source: string;
  destination: string;
  destinationType?: 'queue' | 'exchange';
  routingKey?: string;
  arguments?: FieldTable;
}

export interface Overview {
  queues: number;
  exchanges: number;
  bindings: number;
  consumers: number;
  messagesReady: number;
  messagesUnacked: number;
  /** Per second over the last 5 whole seconds, summed over queues (a publish to two queues counts twice). */
  rates: RateSet;
  /** Messages published to exchanges since start: reaching a queue (routed) or none (unroutable). */
  exchangeTotals: ExchangeCounters;
}

export type PeekedMessage = Omit<Delivery, 'deliveryTag'>;

/** Where a moved message goes: a queue directly, or an exchange that routes it by `routingKey`. */
export type MoveTarget = { queue: string } | { exchange: string; routingKey: string };

/** Dead letters waiting in a queue, by the reason and source queue of their newest x-death entry. */
export interface DeadLetterCounts {
  total: number;
  byReason: Record<string, number>;
  bySourceQueue: Record<string, number>;
}

export interface MoveResult {
  messageId: string;
  /** The queues that now hold a copy. */
  queues: string[];
}

/** A consumer started by `subscribe`. */
export interface ConsumerSubscription {
  id: string;
  /**
   * Ends the consumer. Its unacked deliveries go back to the queue, redelivered; with `keepUnacked` (AMQP basic.cancel)
   * they stay out until acked or nacked by tag.
   */
  cancel: (keepUnacked?: boolean) => void;
  /** Delivers again after the consumer's shared capacity has freed up. */
  resume: () => void;
}
