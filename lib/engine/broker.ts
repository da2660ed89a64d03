/**
 * @module The broker: the one facade the HTTP API, the AMQP listener and the tests drive. Its verbs hand each
 * request to the module for its concept: topology changes, publishing, dead-lettering, single-message actions,
 * replay and the console's views; its state and lifecycle (recovery, tick, close) live in broker-core.
 */
import { randomUUID } from 'node:crypto';
import { BrokerCore } from './broker-core';
import type {
  BindingDeclaration,
  ConsumerSubscription,
  BrokerOptions,
  ConsumerInfo,
  DeadLetterCounts,
  ExchangeDeclaration,
  MoveResult,
  MoveTarget,
  Overview,
  QueueDeclaration,
} from './broker-types';
import { assertWritable } from './engine-state';
import { EngineError } from './errors';
import { incomingBindings, listBindings, listConsumers, outgoingBindings, overview, peekMessages, queueStats, type PeekOptions, type PeekResult } from './inspection';
import type { JobInfo, ReplayOptions } from './jobs/job';
import { deleteMessage, moveMessage, requeueMessage } from './message-actions';
import type { MetricsSnapshot, QueueMetricsSeries } from './metrics/metrics-types';
import { publish, publishBatch, publishNow, routeTest } from './publishing';
import type { ConsumerOptions } from './queue/consumer';
import { replaySpec } from './replay';
import type { RouteStep } from './routing/topology';
import * as topologyChanges from './topology-changes';
import type { BindingInfo, Delivery, ExchangeInfo, FieldTable, PublishInput, PublishResult, QueueInfo, QueueStats } from './types';

/** The broker's verbs; what they stand on (state, start, tick, commits, close) is {@link BrokerCore}'s. */
export class Broker extends BrokerCore {
  /** Recovers the stored topology and messages, creates the built-in exchanges, and starts the clock work. */
  static async start(options: BrokerOptions): Promise<Broker> {
    const broker = new Broker(options);
    await broker.open(options);
    return broker;
  }

  // ---- exchanges ---------------------------------------------------------------------------

  listExchanges(): ExchangeInfo[] {
    return [...this.state.topology.exchanges.values()];
  }

  findExchange(name: string): ExchangeInfo | undefined {
    return this.state.topology.findExchange(name);
  }

  getExchange(name: string): ExchangeInfo {
    return this.state.topology.getExchange(name);
  }

  /** Declares an exchange; `precondition_failed` when it exists with other settings, `forbidden` for `amq.` names. */
  async declareExchange(name: string, declaration: ExchangeDeclaration): Promise<{ created: boolean; exchange: ExchangeInfo }> {
    const result = topologyChanges.declareExchange(this.state, name, declaration);
    if (result.created) await this.state.persistence.committed();
    return result;
  }

  async deleteExchange(name: string, options: { ifUnused?: boolean } = {}): Promise<void> {
    topologyChanges.deleteExchange(this.state, name, options);
    await this.state.persistence.committed();
  }

  // ---- queues ------------------------------------------------------------------------------

  listQueues(): QueueStats[] {
    const now = this.clock.now();
    return [...this.queues.values()].map((queue) => queueStats(queue, now));
  }

  getQueue(name: string): QueueStats {
    return queueStats(this.queue(name), this.clock.now());
  }

  findQueueInfo(name: string): QueueInfo | undefined {
    return this.queues.get(name)?.info;
  }

  /** Declares a queue (an empty name gets a generated `amq.gen-` one); errors as `declareExchange`, plus `resource_locked`. */
  async declareQueue(name: string, declaration: QueueDeclaration = {}): Promise<{ created: boolean; queue: QueueStats }> {
    const result = topologyChanges.declareQueue(this.state, name, declaration);
    if (result.created) await this.state.persistence.committed();
    return { created: result.created, queue: this.getQueue(result.name) };
  }

  /** Deletes a queue with its messages and bindings; answers how many messages it held. */
  async deleteQueue(name: string, options: { ifEmpty?: boolean; ifUnused?: boolean } = {}): Promise<number> {
    const messages = topologyChanges.deleteQueue(this.state, name, options);
    await this.state.persistence.committed();
    return messages;
  }

  async purgeQueue(name: string): Promise<number> {
    const queue = this.queue(name);
    assertWritable(this.state.persistence);
    const purged = queue.purge();
    await this.state.persistence.committed();
    return purged;
  }

  // ---- bindings ----------------------------------------------------------------------------

  listBindings(filter: { source?: string; destination?: string } = {}): BindingInfo[] {
    return listBindings(this.state, filter);
  }

  outgoingBindings(exchange: string): BindingInfo[] {
    return outgoingBindings(this.state, exchange);
  }

  incomingBindings(destinationType: 'queue' | 'exchange', name: string): BindingInfo[] {
    return incomingBindings(this.state, destinationType, name);
  }

  /** Binds a queue or exchange to an exchange; an identical binding is answered as it is (`created: false`). */
  async bind(declaration: BindingDeclaration): Promise<{ created: boolean; binding: BindingInfo }> {
    const result = topologyChanges.bind(this.state, declaration);
    if (result.created) await this.state.persistence.committed();
    return result;
  }

  async unbind(id: string): Promise<void> {
    topologyChanges.unbind(this.state, id);
    await this.state.persistence.committed();
  }

  /** Where a message would go, without publishing it. */
  routeTest(exchange: string, routingKey: string, headers?: FieldTable): { queues: string[]; path: RouteStep[] } {
    return routeTest(this.state, exchange, routingKey, headers);
  }

  // ---- publishing --------------------------------------------------------------------------

  /** Publishes one message; resolves once stored durably. `unavailable` while an alarm is raised (`publishNow` is not: AMQP stops reading). */
  publish(input: PublishInput): Promise<PublishResult> {
    return publish(this.state, this.alarm, input);
  }

  /**
   * Routes and enqueues one message now, without waiting: the copies are durable once `committed()` resolves.
   * For adapters that answer many publishes at once (AMQP confirms); errors as `publish`, thrown synchronously.
   */
  publishNow(input: PublishInput): PublishResult {
    return publishNow(this.state, input);
  }

  /** Publishes several messages together: all are checked before any is routed. */
  publishBatch(inputs: PublishInput[]): Promise<PublishResult[]> {
    return publishBatch(this.state, this.alarm, inputs);
  }

  // ---- consuming ---------------------------------------------------------------------------

  receive(queue: string, options: { max?: number; waitMs?: number; visibilityTimeoutMs?: number; signal?: AbortSignal }): Promise<Delivery[]> {
    return this.queue(queue).receive(options.max ?? 1, options.waitMs ?? 0, options.visibilityTimeoutMs ?? 30_000, options.signal);
  }

  async ack(queue: string, deliveryTags: readonly string[]): Promise<number> {
    assertWritable(this.state.persistence);
    const acked = this.queue(queue).ack(deliveryTags);
    await this.state.persistence.committed();
    return acked;
  }

  async nack(queue: string, deliveryTags: readonly string[], requeue: boolean): Promise<number> {
    assertWritable(this.state.persistence);
    const nacked = this.queue(queue).nack(deliveryTags, requeue);
    await this.state.persistence.committed();
    return nacked;
  }

  /** Acks now, without waiting for the commit (AMQP acks have no answer); answers how many were outstanding. */
  ackNow(queue: string, deliveryTags: readonly string[]): number {
    return this.queue(queue).ack(deliveryTags);
  }

  /** Nacks now, as `ackNow`: requeued (redelivered later) or dead-lettered. */
  nackNow(queue: string, deliveryTags: readonly string[], requeue: boolean): number {
    return this.queue(queue).nack(deliveryTags, requeue);
  }

  /** Pushes deliveries to `onDelivery`, at most `prefetch` unacked at once; cancel gives back what is unacked. */
  subscribe(queue: string, options: ConsumerOptions): ConsumerSubscription {
    const target = this.queue(queue);
    const consumer = target.addConsumer(options);
    return {
      id: consumer.id,
      cancel: (keepUnacked = false) => target.cancelConsumer(consumer, !keepUnacked),
      resume: () => target.resume(),
    };
  }

  /**
   * A page of ready messages in delivery order, optionally only those whose id, routing key, headers or payload contain
   * `search`. Read in slices (at most SCAN_SLICE_MESSAGES or SCAN_SLICE_MS, then other work runs), at most
   * PEEK_SCAN_LIMIT messages per call (then a cursor); `signal` stops it with `unavailable` (details `{ aborted: true }`).
   */
  async peek(queue: string, options: PeekOptions): Promise<PeekResult> {
    return peekMessages(this.queue(queue), options);
  }

  /**
   * Deletes one ready message, found by id (the first in delivery order), in memory or paged in the store.
   * Throws `not_found` when no ready message has the id, `precondition_failed` when it is out on a lease.
   */
  async deleteMessage(queue: string, messageId: string): Promise<void> {
    return deleteMessage(this.state, queue, messageId);
  }

  /**
   * Moves one ready message to another queue or through an exchange, keeping its headers and properties.
   * It leaves this queue in the same commit that stores its copy at the destination. Errors as `deleteMessage`,
   * plus `not_found` for a missing destination, `precondition_failed` when an exchange routes it nowhere, and
   * `queue_full` when every destination refuses it (reject-publish); the message then stays where it is.
   */
  async moveMessage(queue: string, messageId: string, to: MoveTarget): Promise<MoveResult> {
    return moveMessage(this.state, queue, messageId, to);
  }

  /** Sends one ready message to the tail of its own queue (a new place in line; its properties unchanged). Errors as `deleteMessage`. */
  async requeueMessage(queue: string, messageId: string): Promise<void> {
    return requeueMessage(this.state, queue, messageId);
  }

  // ---- dead letters and replay jobs ---------------------------------------------------------

  /**
   * The ready messages of a queue by the reason and source queue of their newest x-death entry: counters kept as
   * messages come and go, never a scan (after a restart, the first answer waits for one count from the store).
   */
  async deadLetterCounts(name: string): Promise<DeadLetterCounts> {
    return this.queue(name).deadLetters.counts();
  }

  /** The exchanges the newest x-death entries of a queue's ready messages name: where a replay to the source sends. */
  async deadLetterSourceExchanges(name: string): Promise<string[]> {
    return this.queue(name).deadLetters.sourceExchanges();
  }

  /** How many ready messages a replay with these options would take now; nothing moves. */
  async countReplay(queue: string, options: ReplayOptions): Promise<number> {
    return this.jobs.count(queue, replaySpec(this.state, queue, options));
  }

  /**
   * Starts a replay job: moves the matching ready messages of `queue` (those there now) to their source (the
   * exchange and routing keys of their newest x-death entry), a queue or an exchange, at `ratePerSec`. Each message
   * gains `x-redrive-count`; one that would pass `maxRedrives` stays and is counted skipped. Moves and progress commit
   * together, so the job resumes after a restart without losing or duplicating a message.
   */
  async startReplay(queue: string, options: ReplayOptions): Promise<JobInfo> {
    const spec = replaySpec(this.state, queue, options);
    assertWritable(this.state.persistence);
    return this.jobs.start(randomUUID(), queue, spec);
  }

  /** Jobs, newest first; only those of `queue` when given. */
  listJobs(queue?: string): JobInfo[] {
    return this.jobs.list(queue);
  }

  /** A job; `not_found` when unknown. */
  getJob(id: string): JobInfo {
    return this.jobs.get(id);
  }

  /** Pauses a running job after its current step; `precondition_failed` when it has finished. */
  pauseJob(id: string): Promise<JobInfo> {
    return this.jobs.pause(id);
  }

  /** Resumes a paused job. */
  resumeJob(id: string): Promise<JobInfo> {
    return this.jobs.resume(id);
  }

  /** Cancels a running or paused job; what has moved stays moved. */
  cancelJob(id: string): Promise<JobInfo> {
    return this.jobs.cancel(id);
  }

  /** Counts of entities and messages, and rates summed over queues. */
  overview(): Overview {
    return overview(this.state);
  }

  // ---- metrics -----------------------------------------------------------------------------

  /**
   * Chart series of one queue: same-length arrays over `windowMs` (1 min … 30 days, default 5 min) ending now.
   * The source fits the window: the in-memory 1 s ring (last 15 min of this process), 10 s rollups (up to 24 h)
   * or 1 min rollups (up to 30 days); without `stepMs` a step giving at most ~360 points is chosen.
   * Throws `not_found` for an unknown queue and `unavailable` when metrics are off.
   */
  async queueMetrics(name: string, options: { windowMs?: number; stepMs?: number } = {}): Promise<QueueMetricsSeries> {
    this.queue(name);
    if (!this.metrics) throw new EngineError('unavailable', 'metrics are turned off');
    return this.metrics.queueSeries(name, this.clock.now(), options);
  }

  /** SSE and AMQP consumers, and per queue the leases `receive` handed out (as one 'lease' consumer while any is out or was used in the last minute). */
  listConsumers(queue?: string): ConsumerInfo[] {
    const queues = queue === undefined ? [...this.queues.values()] : [this.queue(queue)];
    return listConsumers(queues, this.clock.now());
  }

  /** Every counter, gauge and latency histogram per queue, per exchange and in total, for a Prometheus exporter. */
  metricsSnapshot(): MetricsSnapshot {
    if (!this.metrics) throw new EngineError('unavailable', 'metrics are turned off');
    return this.metrics.snapshot(this.clock.now(), (name) => this.queueReads.gauges(name));
  }
}
