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
  /**
   * RabbitMQ's consumer priority (AMQP `x-priority`), any integer, default 0: a queue delivers to its highest-priority
   * consumers that have room, round-robin among equals, and to lower ones only while every higher one is full.
   */
  priority?: number;
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

  get priority(): number {
    return this.options.priority ?? 0;
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

/** The consumers of one priority and whose turn it is among them. */
interface PriorityTier {
  readonly priority: number;
  readonly consumers: Consumer[];
  turn: number;
}

/**
 * A queue's consumers in the order it serves them, as RabbitMQ does with `x-priority`: the highest priority first,
 * round-robin among equals (the turn passes only with a delivery), a lower priority only while every higher consumer
 * is full. Choosing walks past full consumers, so its cost grows with the consumers, never with the messages.
 */
export class ConsumerRotation {
  /** Every consumer in the order it came, as listings show them. */
  readonly all: Consumer[] = [];
  /** Highest priority first. */
  private readonly tiers: PriorityTier[] = [];
  /** Where `next` found its consumer, so `delivered` passes the turn on without searching for it. */
  private chosenTier: PriorityTier | undefined;
  private chosenIndex = 0;

  get size(): number {
    return this.all.length;
  }

  add(consumer: Consumer): void {
    this.all.push(consumer);
    const priority = consumer.priority;
    let at = 0;
    while (at < this.tiers.length && this.tiers[at].priority > priority) at++;
    const tier = this.tiers[at];
    if (tier?.priority === priority) tier.consumers.push(consumer);
    else this.tiers.splice(at, 0, { priority, consumers: [consumer], turn: 0 });
  }

  remove(consumer: Consumer): boolean {
    const index = this.all.indexOf(consumer);
    if (index < 0) return false;
    this.all.splice(index, 1);
    this.chosenTier = undefined;
    const tierAt = this.tiers.findIndex((t) => t.priority === consumer.priority);
    const tier = this.tiers[tierAt];
    const within = tier.consumers.indexOf(consumer);
    tier.consumers.splice(within, 1);
    if (tier.consumers.length === 0) {
      this.tiers.splice(tierAt, 1);
      return true;
    }
    // The turn stays with the consumer that had it (or the one after the removed one).
    if (within < tier.turn) tier.turn--;
    if (tier.turn >= tier.consumers.length) tier.turn = 0;
    return true;
  }

  /** Takes every consumer out (the queue is closing) and returns them in the order they came. */
  clear(): Consumer[] {
    const all = this.all.splice(0);
    this.tiers.length = 0;
    this.chosenTier = undefined;
    return all;
  }

  /** The consumer to deliver to now: the first with room, highest priority first, each priority from its turn on. */
  next(): Consumer | undefined {
    const tiers = this.tiers;
    for (let t = 0; t < tiers.length; t++) {
      const tier = tiers[t];
      const members = tier.consumers;
      const count = members.length;
      for (let i = 0; i < count; i++) {
        const index = (tier.turn + i) % count;
        const consumer = members[index];
        if (consumer.hasCapacity) {
          this.chosenTier = tier;
          this.chosenIndex = index;
          return consumer;
        }
      }
    }
    return undefined;
  }

  /** The consumer `next` returned got a delivery: the turn in its priority passes to the one after it. */
  delivered(): void {
    const tier = this.chosenTier;
    if (tier) tier.turn = (this.chosenIndex + 1) % tier.consumers.length;
  }
}
