/**
 * @module One queue: what publishers, consumers, the console and the broker's tick ask of it, composed from its parts:
 * the message lifecycle (every change of a message's state goes through its `transition`, which also persists and
 * counts it), dispatch to consumers, time (leases, TTL, x-expires), length limits, paging, and operator edits.
 */
import type { GaugeSource, QueueMetrics } from '../metrics/queue-metrics';
import type { DeathReason, Delivery, QueueInfo, QueuedMessage, QueueStats } from '../types';
import { Consumer, LeaseHolderStats, type ConsumerOptions } from './consumer';
import { DeadLetterTally } from './dead-letter-tally';
import { Dispatcher } from './dispatcher';
import { HeadPaging } from './head-paging';
import { MessageLifecycle, type Lease, type LifecycleOutlets } from './message-lifecycle';
import { QueueExpiry } from './queue-expiry';
import type { QueueContext } from './queue-context';
import { QueueLimits } from './queue-limits';
import { ReadyEdits, type FoundMessage } from './ready-edits';
import { ReadyList } from './ready-list';
import { scanReady, type PeekPage, type ScanOptions } from './ready-scan';

export { cursorAfter, type PeekPage } from './ready-scan';
export { toDelivery } from './message-lifecycle';
export type { QueueContext } from './queue-context';
export type { FoundMessage } from './ready-edits';

export type EnqueueOutcome = 'accepted' | 'rejected';

export class Queue implements GaugeSource, LifecycleOutlets {
  readonly ready = new ReadyList();
  readonly unacked = new Map<string, Lease>();
  private everHadConsumer = false;
  lastUsedAt: number;
  deleted = false;
  /** Counters, per-second points and latency; undefined with metrics off. */
  readonly metrics: QueueMetrics | undefined;
  /** The leases `receive` handed out, seen as one consumer of kind 'lease'. */
  readonly leaseHolder = new LeaseHolderStats();
  /** Ready messages by the reason and source of their newest x-death entry. */
  readonly deadLetters = new DeadLetterTally();
  private readonly paging: HeadPaging;
  private readonly lifecycle: MessageLifecycle;
  private readonly limits: QueueLimits;
  private readonly dispatcher: Dispatcher;
  private readonly expiry: QueueExpiry;
  private readonly edits: ReadyEdits;

  constructor(
    public info: QueueInfo,
    private readonly ctx: QueueContext,
  ) {
    this.lastUsedAt = ctx.clock.now();
    this.paging = new HeadPaging(this, ctx, () => this.afterPageIn());
    // The queue is its own gauge source and lifecycle outlet: methods, not closures made per queue (a start with
    // 100,000 queues makes 100,000 of each, and under tsx every named closure also gets a dictionary of properties).
    this.metrics = ctx.metrics?.register(info.name, this);
    this.lifecycle = new MessageLifecycle(this, ctx, this);
    this.limits = new QueueLimits(this, this.lifecycle, this.paging);
    this.dispatcher = new Dispatcher(this, ctx, this.lifecycle, this.paging, this);
    this.expiry = new QueueExpiry(this, this.lifecycle, this.paging, () => this.afterReturn(), () => ctx.onUnused(this, 'expired'));
    this.edits = new ReadyEdits(this, ctx, this.lifecycle, this.paging, this.dispatcher);
    ctx.timeWorkChanged?.(this);
  }

  /** Gauges the queue's metrics read (GaugeSource): ready and unacked messages, and the oldest ready one's publish time. */
  readyCount(): number {
    return this.ready.count;
  }

  unackedCount(): number {
    return this.unacked.size;
  }

  oldestReadyAt(): number | null {
    return this.ready.oldestPublishedAt();
  }

  /** Lifecycle outlets (LifecycleOutlets): the broker's tick is to read this queue's due time again. */
  timeWorkChanged(): void {
    this.ctx.timeWorkChanged?.(this);
  }

  leaseGranted(expiresAt: number): void {
    this.expiry.leaseGranted(expiresAt);
  }

  deadLetter(message: QueuedMessage, reason: DeathReason): void {
    this.ctx.deadLetter(this, message, reason);
  }

  get name(): string {
    return this.info.name;
  }

  get consumerCount(): number {
    return this.dispatcher.consumers.size;
  }

  listConsumers(): readonly Consumer[] {
    return this.dispatcher.consumers.all;
  }

  /** Takes a new copy of a published message; refuses it when reject-publish overflow says so. */
  enqueue(message: QueuedMessage): EnqueueOutcome {
    if (this.limits.refuses(this.ready.size(message))) {
      if (this.info.arguments.overflow === 'reject-publish-dlx') this.lifecycle.transition(message, { kind: 'refuse' });
      return 'rejected';
    }
    this.lifecycle.transition(message, { kind: 'publish' });
    this.dispatcher.dispatchArriving(message);
    this.expiry.expireDue(this.ctx.clock.now());
    this.limits.enforce();
    return 'accepted';
  }

  /** Delivers up to `max` ready messages on leases that run out after `visibilityTimeoutMs`. */
  take(max: number, visibilityTimeoutMs: number): Delivery[] {
    this.lastUsedAt = this.ctx.clock.now();
    const deliveries: Delivery[] = [];
    const expiresAt = this.ctx.clock.now() + visibilityTimeoutMs;
    while (deliveries.length < max) {
      const message = this.dispatcher.nextDeliverable();
      if (!message) break;
      deliveries.push(this.lifecycle.transition(message, { kind: 'deliver', expiresAt })!);
    }
    this.afterTaking();
    return deliveries;
  }

  /** Like `take`, but waits up to `waitMs` for the first message. */
  async receive(max: number, waitMs: number, visibilityTimeoutMs: number, signal?: AbortSignal): Promise<Delivery[]> {
    let now = this.take(max, visibilityTimeoutMs);
    if (!now.length && this.ready.count > 0) {
      // Ready messages still in the store: wait for the page-in rather than answer "empty".
      await this.headLoaded();
      now = this.take(max, visibilityTimeoutMs);
    }
    if (now.length || waitMs <= 0 || signal?.aborted) return now;
    return this.dispatcher.wait(max, waitMs, visibilityTimeoutMs, signal);
  }

  ack(tags: readonly string[]): number {
    let acked = 0;
    for (const tag of tags) {
      const lease = this.unacked.get(tag);
      if (!lease) continue;
      this.lifecycle.transition(lease.message, { kind: 'ack', lease });
      acked++;
    }
    if (acked) this.dispatcher.dispatch();
    return acked;
  }

  nack(tags: readonly string[], requeue: boolean): number {
    let nacked = 0;
    for (const tag of tags) {
      const lease = this.unacked.get(tag);
      if (!lease) continue;
      this.metrics?.nacked();
      this.lifecycle.transition(lease.message, requeue ? { kind: 'return', lease } : { kind: 'reject', lease });
      nacked++;
    }
    if (nacked) this.afterReturn();
    return nacked;
  }

  hasDelivery(tag: string): boolean {
    return this.unacked.has(tag);
  }

  addConsumer(options: ConsumerOptions): Consumer {
    const consumer = new Consumer(this.ctx.newId(), this.name, options, this.ctx.clock.now());
    this.dispatcher.consumers.add(consumer);
    this.everHadConsumer = true;
    this.lastUsedAt = this.ctx.clock.now();
    this.dispatcher.dispatch();
    return consumer;
  }

  /** Ends a consumer; what it had not acked becomes ready again, redelivered (unless the caller settles it later by tag). */
  cancelConsumer(consumer: Consumer, returnUnacked = true): void {
    if (!this.dispatcher.consumers.remove(consumer)) return;
    if (returnUnacked) {
      for (const tag of consumer.unacked) {
        const lease = this.unacked.get(tag);
        if (lease) this.lifecycle.transition(lease.message, { kind: 'return', lease });
      }
    }
    this.lastUsedAt = this.ctx.clock.now();
    this.afterReturn();
    if (this.info.autoDelete && this.everHadConsumer && this.dispatcher.consumers.size === 0) this.ctx.onUnused(this, 'auto-delete');
  }

  /** Delivers again after a limit outside the queue (a consumer's shared capacity) has freed up. */
  resume(): void {
    this.dispatcher.dispatch();
  }

  /** Removes every ready message (delivered ones stay); returns how many. Undone if its commit fails. */
  purge(): number {
    return this.edits.purge();
  }

  /** A message whose insert failed to commit: it leaves the ready list (out on a lease, it is dropped when it returns). */
  retract(message: QueuedMessage): void {
    this.edits.retract(message);
  }

  /** The queue is being deleted: consumers end, waiters get nothing, messages go without dead-lettering. */
  close(reason: string): void {
    this.deleted = true;
    this.paging.invalidate();
    this.dispatcher.close(reason);
    this.ready.clear();
    this.unacked.clear();
    this.leaseHolder.unacked = 0;
  }

  /** Runs what time makes happen: leases running out, messages expiring, the queue expiring. */
  tick(now: number): void {
    this.expiry.tick(now);
  }

  /** When `tick` next has work (Infinity for none); may be early, never late. */
  nextDueAt(): number {
    return this.expiry.nextDueAt();
  }

  /** Marks the queue as used (a redeclare counts, as in RabbitMQ). */
  touch(): void {
    this.lastUsedAt = this.ctx.clock.now();
  }

  stats(): Omit<QueueStats, 'rates'> {
    const oldest = this.ready.oldestPublishedAt();
    return {
      ...this.info,
      messagesReady: this.ready.count,
      messagesUnacked: this.unacked.size,
      messages: this.ready.count + this.unacked.size,
      bytesReady: this.ready.bytes,
      consumers: this.dispatcher.consumers.size,
      oldestReadyAgeMs: oldest === null ? null : Math.max(0, this.ctx.clock.now() - oldest),
    };
  }

  /** Ready messages in delivery order, without changing them, read in slices (ready-scan); the cursor is opaque to callers. */
  peek(cursor: string | undefined, limit: number, matches: (message: QueuedMessage) => boolean, options?: ScanOptions): Promise<PeekPage> {
    const { persistence, store } = this.ctx;
    return scanReady({ name: this.name, ready: this.ready, flush: () => persistence.flush(), store }, cursor, limit, matches, options);
  }

  /**
   * The first ready message with this id in delivery order, in memory or paged in the store; else whether a
   * delivered copy holds it. Act on a ready answer in the same turn (`takeReady`), before the queue moves on.
   */
  findReady(messageId: string): Promise<FoundMessage> {
    return this.edits.findReady(messageId);
  }

  /** Takes a ready message out for good (deleted, or moved: the caller enqueues its copy in this same turn). */
  takeReady(message: QueuedMessage): boolean {
    return this.edits.takeReady(message);
  }

  /** Sends a ready message to the tail of this queue under a new seq. */
  requeueAtTail(message: QueuedMessage): boolean {
    return this.edits.requeueAtTail(message);
  }

  /** Whether reject-publish overflow would refuse a message of this size now. */
  refuses(size: number): boolean {
    return this.limits.refuses(size);
  }

  /** Pages ready messages back in from the store as the in-memory head runs low. */
  afterTaking(): void {
    this.paging.refill();
  }

  /** As RabbitMQ's requeue_and_run: trim to the limits, drop what has expired, then deliver. */
  private afterReturn(): void {
    this.limits.enforce();
    this.expiry.expireDue(this.ctx.clock.now());
    this.dispatcher.dispatch();
  }

  /** A page of ready messages arrived from the store: expire, deliver, then trim to the limits. */
  private afterPageIn(): void {
    this.expiry.expireDue(this.ctx.clock.now());
    this.dispatcher.dispatch();
    this.limits.enforce();
  }

  /** Resolves when the priority that delivers next has finished paging in (at once if it is not paging). */
  headLoaded(): Promise<void> {
    return this.paging.headLoaded();
  }
}
