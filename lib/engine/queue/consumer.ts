/** @module A push consumer of one queue (an SSE subscriber now, an AMQP consumer later) and a long-poll waiter. */
import { RateCounter } from '../metrics/rate-counter';
import type { Delivery } from '../types';

export type ConsumerKind = 'sse' | 'amqp' | 'lease';

export interface ConsumerOptions {
  /** Most unacked deliveries at once; 0 = unlimited. */
  prefetch: number;
  kind?: ConsumerKind;
  /** Called for each delivery; the consumer settles it later by its delivery tag. */
  onDelivery: (delivery: Delivery) => void;
  /** Called when the broker ends the consumer (its queue was deleted). */
  onEnd?: (reason: string) => void;
  connectionId?: string;
  /** Settled as it is delivered (AMQP no-ack): never unacked, never redelivered. Use with prefetch 0. */
  noAck?: boolean;
  /**
   * A limit shared with other consumers (AMQP basic.qos global: one prefetch for a channel's consumers); checked
   * with the consumer's own prefetch. When it frees up, the owner calls `resume` on each consumer's subscription.
   */
  sharedCapacity?: () => boolean;
}

export class Consumer {
  readonly unacked = new Set<string>();
  lastActiveAt: number;
  delivered = 0;
  acked = 0;
  readonly deliverRate = new RateCounter(8);
  readonly ackRate = new RateCounter(8);

  constructor(
    readonly id: string,
    readonly queue: string,
    readonly options: ConsumerOptions,
    now: number,
  ) {
    this.lastActiveAt = now;
  }

  get hasCapacity(): boolean {
    const own = this.options.prefetch === 0 || this.unacked.size < this.options.prefetch;
    return own && (this.options.sharedCapacity?.() ?? true);
  }
}

/** What the leases handed out by `receive` (no consumer behind them) add up to, per queue. */
export class LeaseHolderStats {
  unacked = 0;
  lastActiveAt = 0;
  readonly deliverRate = new RateCounter(8);
  readonly ackRate = new RateCounter(8);
}

/** A `receive` call waiting for its first message. */
export interface Waiter {
  max: number;
  visibilityTimeoutMs: number;
  deliveries: Delivery[];
  settled: boolean;
  resolve: (deliveries: Delivery[]) => void;
  cancelTimer: () => void;
}
