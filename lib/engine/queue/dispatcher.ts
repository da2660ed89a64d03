/**
 * @module Who gets a queue's next ready message: waiting `receive` calls first, then push consumers by priority and
 * round-robin (ConsumerRotation). Expired messages met at the head on the way are dead-lettered, not delivered.
 */
import type { Delivery, QueuedMessage } from '../types';
import { ConsumerRotation, type Waiter } from './consumer';
import type { HeadPaging } from './head-paging';
import type { Lease, LifecycleOutlets, MessageLifecycle } from './message-lifecycle';
import type { QueueContext } from './queue-context';
import type { ReadyList } from './ready-list';

/** What dispatch reads of its queue. */
export interface DispatchState {
  readonly ready: ReadyList;
  readonly unacked: ReadonlyMap<string, Lease>;
  readonly deleted: boolean;
}

export class Dispatcher {
  /** By priority, then round-robin: who gets the next delivery. */
  readonly consumers = new ConsumerRotation();
  private waiters: Waiter[] = [];
  private dispatching = false;
  private waiterFlushScheduled = false;
  /** The message being published right now: it may still go to a waiting consumer at its expiry instant (TTL 0). */
  private arriving: QueuedMessage | undefined;

  constructor(
    private readonly queue: DispatchState,
    private readonly ctx: Pick<QueueContext, 'clock' | 'setTimer'>,
    private readonly lifecycle: MessageLifecycle,
    private readonly paging: HeadPaging,
    /** Told when the queue may have time work sooner (the queue itself, as for its lifecycle). */
    private readonly outlets: Pick<LifecycleOutlets, 'timeWorkChanged'>,
  ) {}

  /** As RabbitMQ's attempt_delivery: a consumer that is ready takes the message as it arrives, even with TTL 0. */
  dispatchArriving(message: QueuedMessage): void {
    const outer = this.arriving;
    this.arriving = message;
    try {
      this.dispatch();
    } finally {
      this.arriving = outer;
    }
  }

  /** The next message that may be delivered; expired ones met on the way are dead-lettered. */
  nextDeliverable(): QueuedMessage | undefined {
    const now = this.ctx.clock.now();
    const ready = this.queue.ready;
    for (;;) {
      const bucket = ready.headBucket();
      if (!bucket) return undefined;
      const message = bucket.memory.first();
      if (!message) {
        // The head is still in the store; delivery resumes when it is paged in.
        this.paging.refill();
        return undefined;
      }
      // Expired from the expiry instant on (RabbitMQ: Now >= Exp), except for the message arriving now.
      if (message.expiresAt !== null && message.expiresAt <= now && message !== this.arriving) {
        this.lifecycle.transition(message, { kind: 'expire' });
        continue;
      }
      return message;
    }
  }

  /** Hands ready messages to waiters and consumers until either runs out. */
  dispatch(): void {
    // Paged-in or restored messages reach the head here, with no transition of their own.
    this.outlets.timeWorkChanged();
    if (this.dispatching || this.queue.deleted) return;
    this.dispatching = true;
    try {
      for (;;) {
        const waiter = this.waiters.find((w) => !w.settled && w.deliveries.length < w.max);
        const consumer = waiter ? undefined : this.consumers.next();
        if (!waiter && !consumer) break;
        const message = this.nextDeliverable();
        if (!message) break;
        if (waiter) {
          const expiresAt = this.ctx.clock.now() + waiter.visibilityTimeoutMs;
          waiter.deliveries.push(this.lifecycle.transition(message, { kind: 'deliver', expiresAt })!);
          this.scheduleWaiterFlush();
        } else {
          // The turn passes only with a delivery; a consumer picked when nothing was ready keeps its turn.
          this.consumers.delivered();
          const delivery = this.lifecycle.transition(message, { kind: 'deliver', expiresAt: Infinity, consumer })!;
          if (consumer!.options.noAck) this.lifecycle.transition(message, { kind: 'ack', lease: this.queue.unacked.get(delivery.deliveryTag)! });
          consumer!.options.onDelivery(delivery);
        }
      }
    } finally {
      this.dispatching = false;
    }
    this.paging.refill();
  }

  /** A `receive` that found nothing: it waits up to `waitMs` (or until `signal` aborts) for up to `max` deliveries. */
  wait(max: number, waitMs: number, visibilityTimeoutMs: number, signal?: AbortSignal): Promise<Delivery[]> {
    return new Promise((resolve) => {
      const waiter: Waiter = { max, visibilityTimeoutMs, deliveries: [], settled: false, resolve, cancelTimer: () => undefined };
      const finish = () => this.settleWaiter(waiter);
      waiter.cancelTimer = this.ctx.setTimer(finish, waitMs);
      signal?.addEventListener('abort', finish, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** The queue is being deleted: waiters get what they have (nothing), consumers are ended with `reason`. */
  close(reason: string): void {
    for (const waiter of [...this.waiters]) this.settleWaiter(waiter);
    for (const consumer of this.consumers.clear()) consumer.options.onEnd?.(reason);
  }

  /** Waiters are answered after the current turn, so a batch published at once reaches one receive together. */
  private scheduleWaiterFlush(): void {
    if (this.waiterFlushScheduled) return;
    this.waiterFlushScheduled = true;
    queueMicrotask(() => {
      this.waiterFlushScheduled = false;
      for (const waiter of [...this.waiters]) if (waiter.deliveries.length) this.settleWaiter(waiter);
    });
  }

  private settleWaiter(waiter: Waiter): void {
    if (waiter.settled) return;
    waiter.settled = true;
    waiter.cancelTimer();
    this.waiters = this.waiters.filter((w) => w !== waiter);
    waiter.resolve(waiter.deliveries);
  }
}
