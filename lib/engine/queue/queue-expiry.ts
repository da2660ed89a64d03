/**
 * @module What time does to one queue: leases running out (their messages return), messages' TTL at the head of
 * each priority, and the unused queue's own expiry (x-expires); and when that next happens, for the broker's tick.
 */
import type { QueueInfo } from '../types';
import type { HeadPaging } from './head-paging';
import type { Lease, MessageLifecycle } from './message-lifecycle';
import type { ReadyList } from './ready-list';

/** What expiry reads of its queue. */
export interface ExpiryState {
  readonly info: QueueInfo;
  readonly ready: ReadyList;
  readonly unacked: ReadonlyMap<string, Lease>;
  readonly lastUsedAt: number;
  readonly consumerCount: number;
}

export class QueueExpiry {
  /** No lease runs out before this (it may be early: the leases are then read again). */
  private nextLeaseDeadline = Infinity;

  constructor(
    private readonly queue: ExpiryState,
    private readonly lifecycle: MessageLifecycle,
    private readonly paging: HeadPaging,
    /** Leases ran out and their messages came back: trim, expire and deliver as after any return. */
    private readonly afterReturn: () => void,
    /** The queue went unused for its x-expires. */
    private readonly expired: () => void,
  ) {}

  /** A lease was handed out that runs out at `expiresAt`. */
  leaseGranted(expiresAt: number): void {
    if (expiresAt < this.nextLeaseDeadline) this.nextLeaseDeadline = expiresAt;
  }

  /** Runs what time makes happen: leases running out, messages expiring, the queue expiring. */
  tick(now: number): void {
    if (now >= this.nextLeaseDeadline) this.expireLeases(now);
    this.expireDue(now);
    const { expiresMs } = this.queue.info.arguments;
    if (expiresMs !== undefined && this.queue.consumerCount === 0 && now - this.queue.lastUsedAt >= expiresMs) {
      this.expired();
    }
  }

  /**
   * When `tick` next has work: the earliest lease deadline, TTL of a priority's head in memory (only heads expire, as
   * in RabbitMQ), or expiry of the unused queue; Infinity when time alone changes nothing. May be early, never late.
   */
  nextDueAt(): number {
    const { info, ready, lastUsedAt } = this.queue;
    let due = this.nextLeaseDeadline;
    for (const bucket of ready.all()) {
      const expiresAt = bucket.memory.first()?.expiresAt;
      if (expiresAt != null && expiresAt < due) due = expiresAt;
    }
    const { expiresMs } = info.arguments;
    if (expiresMs !== undefined && this.queue.consumerCount === 0 && lastUsedAt + expiresMs < due) due = lastUsedAt + expiresMs;
    return due;
  }

  /** Dead-letters expired messages at the head of each priority, as RabbitMQ does at the queue head. */
  expireDue(now: number): void {
    let expired = false;
    for (const bucket of [...this.queue.ready.all()]) {
      for (let message = bucket.memory.first(); message && message.expiresAt !== null && message.expiresAt <= now; message = bucket.memory.first()) {
        this.lifecycle.transition(message, { kind: 'expire' });
        expired = true;
      }
    }
    // Expiry may have emptied the in-memory head: page the rest in so it expires on time too, not only when someone reads.
    if (expired) this.paging.refill();
  }

  private expireLeases(now: number): void {
    let next = Infinity;
    let returned = false;
    for (const lease of [...this.queue.unacked.values()]) {
      if (lease.expiresAt <= now) {
        this.lifecycle.transition(lease.message, { kind: 'return', lease });
        returned = true;
      } else if (lease.expiresAt < next) {
        next = lease.expiresAt;
      }
    }
    this.nextLeaseDeadline = next;
    if (returned) this.afterReturn();
  }
}
