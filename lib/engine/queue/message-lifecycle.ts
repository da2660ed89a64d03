/**
 * @module The life of a message in one queue, in one reducer: ready → unacked → acked | requeued | dead-lettered |
 * expired, and the operator's edits. Each change moves the ready list, the leases, persistence, counters and
 * dead-lettering together, so every state change is visible, counted and persisted in this one place.
 */
import { effectiveDeliveryLimit } from '../queue-arguments';
import type { QueueMetrics } from '../metrics/queue-metrics';
import type { DeathReason, Delivery, QueueInfo, QueuedMessage } from '../types';
import type { Consumer, LeaseHolderStats } from './consumer';
import type { DeadLetterTally } from './dead-letter-tally';
import type { QueueContext } from './queue-context';
import type { ReadyList } from './ready-list';

export interface Lease {
  tag: string;
  message: QueuedMessage;
  expiresAt: number;
  consumer?: Consumer;
}

export type MessageEvent =
  | { kind: 'publish' }
  | { kind: 'deliver'; expiresAt: number; consumer?: Consumer }
  | { kind: 'ack'; lease: Lease }
  | { kind: 'return'; lease: Lease }
  | { kind: 'reject'; lease: Lease }
  | { kind: 'expire' }
  | { kind: 'overflow' }
  | { kind: 'refuse' }
  | { kind: 'purge' }
  /** An operator took a ready message out: deleted, or moved (its copy is enqueued elsewhere in the same turn). */
  | { kind: 'remove'; where: 'memory' | 'paged' }
  /** An operator sent a ready message to the tail of this queue: a new seq, everything else kept. */
  | { kind: 'requeue-tail'; where: 'memory' | 'paged'; seq: number };

/** The queue's state a transition changes. */
export interface LifecycleState {
  readonly name: string;
  readonly info: QueueInfo;
  readonly ready: ReadyList;
  readonly unacked: Map<string, Lease>;
  readonly deadLetters: DeadLetterTally;
  readonly leaseHolder: LeaseHolderStats;
  readonly metrics: QueueMetrics | undefined;
}

/** What a transition tells beyond the queue's own state; the queue implements these itself. */
export interface LifecycleOutlets {
  /** The queue may have time work sooner: the broker's tick reads its `nextDueAt` again. */
  timeWorkChanged(): void;
  /** A lease was handed out that runs out at `expiresAt` (Infinity for a consumer's). */
  leaseGranted(expiresAt: number): void;
  /** A message died with a dead-letter exchange to go to. */
  deadLetter(message: QueuedMessage, reason: DeathReason): void;
}

export class MessageLifecycle {
  constructor(
    private readonly queue: LifecycleState,
    private readonly ctx: Pick<QueueContext, 'clock' | 'persistence' | 'tagEpoch' | 'headLimit' | 'headBytes'>,
    private readonly outlets: LifecycleOutlets,
  ) {}

  /** The single owner of message state changes: structure, persistence, counters and dead-lettering. */
  transition(message: QueuedMessage, event: MessageEvent): Delivery | undefined {
    const { persistence, clock } = this.ctx;
    const queue = this.queue;
    const now = clock.now();
    // Before the change: a second that ends here closes with the gauges as they stood.
    const metrics = queue.metrics;
    metrics?.at(now);
    this.outlets.timeWorkChanged();
    switch (event.kind) {
      case 'publish': {
        persistence.insert(message);
        queue.ready.append(message, this.ctx.headLimit, this.ctx.headBytes);
        queue.deadLetters.enter(message);
        metrics?.published();
        return undefined;
      }
      case 'deliver': {
        this.takeFromReady(message);
        queue.deadLetters.leave(message);
        metrics?.delivered(now - message.publishedAt, message.deliveryCount > 0);
        message.deliveryCount++;
        persistence.delivered(message);
        const tag = `${this.ctx.tagEpoch}.${message.seq}.${message.deliveryCount}`;
        const lease: Lease = { tag, message, expiresAt: event.expiresAt, consumer: event.consumer };
        queue.unacked.set(tag, lease);
        this.outlets.leaseGranted(event.expiresAt);
        if (event.consumer) {
          event.consumer.unacked.add(tag);
          event.consumer.delivered++;
          event.consumer.deliverRate.add(now);
          event.consumer.lastActiveAt = now;
        } else {
          queue.leaseHolder.unacked++;
          queue.leaseHolder.deliverRate.add(now);
          queue.leaseHolder.lastActiveAt = now;
        }
        return toDelivery(message, tag);
      }
      case 'ack': {
        this.endLease(event.lease, now);
        if (event.lease.consumer) {
          event.lease.consumer.acked++;
          event.lease.consumer.ackRate.add(now);
        } else {
          queue.leaseHolder.ackRate.add(now);
        }
        persistence.remove(message.seq);
        metrics?.acked(now - message.publishedAt);
        return undefined;
      }
      case 'return': {
        this.endLease(event.lease, now);
        // Its insert failed while it was out: its publish answered an error, so it must not come back.
        if (persistence.isRetracted(message)) return undefined;
        const deliveryLimit = effectiveDeliveryLimit(queue.info.arguments);
        if (deliveryLimit !== undefined && message.deliveryCount >= deliveryLimit) {
          this.die(message, 'delivery_limit');
        } else {
          queue.ready.requeue(message);
          queue.deadLetters.enter(message);
        }
        return undefined;
      }
      case 'reject': {
        this.endLease(event.lease, now);
        if (persistence.isRetracted(message)) return undefined;
        this.die(message, 'rejected');
        return undefined;
      }
      case 'expire':
        this.takeFromReady(message);
        queue.deadLetters.leave(message);
        this.die(message, 'expired');
        return undefined;
      case 'overflow':
        this.takeFromReady(message);
        queue.deadLetters.leave(message);
        this.die(message, 'maxlen');
        return undefined;
      case 'refuse':
        // Never stored here: it only passes through on its way to the dead-letter exchange.
        this.deadLetterOrDrop(message, 'maxlen');
        return undefined;
      case 'purge':
        persistence.remove(message.seq);
        return undefined;
      case 'remove':
        queue.ready.remove(message, event.where);
        queue.deadLetters.leave(message);
        persistence.remove(message.seq);
        return undefined;
      case 'requeue-tail': {
        queue.ready.remove(message, event.where);
        queue.deadLetters.leave(message);
        persistence.remove(message.seq);
        const copy: QueuedMessage = { ...message, seq: event.seq };
        persistence.insert(copy);
        queue.ready.append(copy, this.ctx.headLimit, this.ctx.headBytes);
        queue.deadLetters.enter(copy);
        return undefined;
      }
    }
  }

  private die(message: QueuedMessage, reason: DeathReason): void {
    this.ctx.persistence.remove(message.seq);
    this.deadLetterOrDrop(message, reason);
  }

  /** Without a dead-letter exchange the message is simply dropped, and not counted as dead-lettered. */
  private deadLetterOrDrop(message: QueuedMessage, reason: DeathReason): void {
    const deadLettered = this.queue.info.arguments.deadLetterExchange !== undefined;
    this.queue.metrics?.died(reason, deadLettered);
    if (deadLettered) this.outlets.deadLetter(message, reason);
  }

  private takeFromReady(message: QueuedMessage): void {
    const bucket = this.queue.ready.bucket(message.priority);
    if (bucket.memory.first() !== message) throw new Error(`message ${message.seq} is not at the head of ${this.queue.name}`);
    this.queue.ready.shiftFrom(bucket);
  }

  private endLease(lease: Lease, now: number): void {
    this.queue.unacked.delete(lease.tag);
    if (lease.consumer) {
      lease.consumer.unacked.delete(lease.tag);
      lease.consumer.lastActiveAt = now;
    } else {
      this.queue.leaseHolder.unacked--;
      this.queue.leaseHolder.lastActiveAt = now;
    }
  }
}

export function toDelivery(message: QueuedMessage, deliveryTag: string): Delivery {
  return {
    deliveryTag,
    messageId: message.messageId,
    exchange: message.exchange,
    routingKey: message.routingKey,
    payload: message.payload,
    properties: message.properties,
    redelivered: message.deliveryCount > 1,
    deliveryCount: message.deliveryCount,
    publishedAt: message.publishedAt,
    queue: message.queue,
  };
}
