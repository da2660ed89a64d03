/**
 * @module The broker: the one facade the HTTP API, the AMQP listener and the tests drive.
 * It owns the topology and the queues, publishes through the routing graph, dead-letters,
 * and hands every write to group-committed persistence.
 */
import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from './clock';
import { planDeadLetter, isDeathCycle } from './dead-letter';
import { EngineError, notFound } from './errors';
import type { MetricsHistory } from './metrics/metrics-history';
import { MetricsRegistry, type ExchangeCounters, type MetricsSnapshot, type QueueMetricsSeries } from './metrics/metrics-registry';
import { DEFAULT_MAX_REDRIVES, type JobInfo, type ReplayOptions, type ReplaySpec } from './jobs/job';
import { JobRunner } from './jobs/job-runner';
import { sourceOf, toReplaySpec } from './jobs/replay-filter';
import { Persistence } from './persistence';
import { normalizeQueueArguments, sameSettings, validateEntityName } from './queue-arguments';
import type { ConsumerOptions } from './queue/consumer';
import { cursorAfter, Queue, toDelivery, type QueueContext } from './queue/queue';
import { readDeaths } from './dead-letter';
import { bindingId } from './routing/binding-id';
import { validateHeadersBindingArguments } from './routing/headers-match';
import { DEFAULT_EXCHANGE, defaultBinding, Topology, type RouteStep } from './routing/topology';
import type { Store } from './store';
import type {
  BindingInfo,
  DeathReason,
  Delivery,
  ExchangeInfo,
  ExchangeType,
  FieldTable,
  MessageProperties,
  PublishInput,
  PublishResult,
  QueueArguments,
  QueuedMessage,
  QueueInfo,
  QueueStats,
  RateSet,
} from './types';

export interface BrokerOptions {
  store: Store;
  clock?: Clock;
  /** Ready messages a queue keeps in memory before paging the rest (default 10,000). */
  headLimit?: number;
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

export const BUILT_IN_EXCHANGES: { name: string; type: ExchangeType }[] = [
  { name: DEFAULT_EXCHANGE, type: 'direct' },
  { name: 'amq.direct', type: 'direct' },
  { name: 'amq.fanout', type: 'fanout' },
  { name: 'amq.topic', type: 'topic' },
  { name: 'amq.headers', type: 'headers' },
];

const isBuiltIn = (name: string) => name === DEFAULT_EXCHANGE || name === 'amq.default' || BUILT_IN_EXCHANGES.some((e) => e.name === name);

export class Broker {
  readonly clock: Clock;
  /** Undefined when started with `metrics: false`. */
  readonly metrics: MetricsRegistry | undefined;
  private readonly store: Store;
  private readonly persistence: Persistence;
  private readonly queues = new Map<string, Queue>();
  private readonly topology = new Topology((name) => this.queues.has(name));
  private readonly queueContext: QueueContext;
  private readonly maxMessageBytes: number;
  private nextSeq = 1;
  private readonly jobs: JobRunner;
  private ticker: ReturnType<typeof setInterval> | undefined;

  private constructor(private readonly options: BrokerOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.maxMessageBytes = options.maxMessageBytes ?? 8 * 1024 * 1024;
    this.persistence = new Persistence(this.store);
    this.queueContext = {
      clock: this.clock,
      persistence: this.persistence,
      store: this.store,
      headLimit: options.headLimit ?? 10_000,
      setTimer:
        options.setTimer ??
        ((run, ms) => {
          const timer = setTimeout(run, ms);
          return () => clearTimeout(timer);
        }),
      newId: randomUUID,
      newSeq: () => this.nextSeq++,
      tagEpoch: Date.now().toString(36),
      deadLetter: (queue, message, reason) => this.deadLetter(queue, message, reason),
      onUnused: (queue) => this.removeQueue(queue),
    };
    this.metrics = options.metrics === false ? undefined : new MetricsRegistry(options.metricsHistory, this.clock.now(), options.metricsFlushIntervalMs);
    this.queueContext.metrics = this.metrics;
    this.jobs = new JobRunner({
      clock: this.clock,
      setTimer: this.queueContext.setTimer,
      scan: (queue, cursor, limit, matches) => this.queue(queue).peek(cursor, limit, matches),
      cursorAfter,
      move: (queue, message, spec, headers) => this.replayOne(queue, message, spec, headers),
      // A snapshot: the batch commits later, and must hold the counters of this turn's moves, not of later ones.
      save: (job) => this.persistence.topologyWrite({ op: 'putJob', job: structuredClone(job) }),
      committed: () => this.persistence.committed(),
    });
  }

  /** Recovers the stored topology and messages, creates the built-in exchanges, and starts the clock work. */
  static async start(options: BrokerOptions): Promise<Broker> {
    const broker = new Broker(options);
    await broker.recover();
    if (options.autoTick !== false) {
      broker.ticker = setInterval(() => broker.tick(), options.tickIntervalMs ?? 100);
      broker.ticker.unref?.();
    }
    return broker;
  }

  get storageKind(): Store['kind'] {
    return this.store.kind;
  }

  /** False while the store refuses writes (AMQP: connection.blocked; HTTP: 503). */
  get writable(): boolean {
    return this.persistence.writable;
  }

  async close(): Promise<void> {
    this.jobs.stop();
    if (this.ticker) clearInterval(this.ticker);
    await this.metrics?.close(this.clock.now());
    await this.persistence.flushAll();
    await this.store.close();
  }

  /** Runs what the passing of time makes happen: leases running out, TTL, queue expiry. */
  tick(): void {
    const now = this.clock.now();
    for (const queue of [...this.queues.values()]) if (!queue.deleted) queue.tick(now);
    this.metrics?.tick(now);
  }

  // ---- exchanges ---------------------------------------------------------------------------

  listExchanges(): ExchangeInfo[] {
    return [...this.topology.exchanges.values()];
  }

  findExchange(name: string): ExchangeInfo | undefined {
    return this.topology.findExchange(name);
  }

  getExchange(name: string): ExchangeInfo {
    return this.topology.getExchange(name);
  }

  async declareExchange(name: string, declaration: ExchangeDeclaration): Promise<{ created: boolean; exchange: ExchangeInfo }> {
    validateEntityName(name, 'exchange');
    const wanted: ExchangeInfo = {
      name: name === 'amq.default' ? DEFAULT_EXCHANGE : name,
      type: declaration.type,
      durable: declaration.durable ?? true,
      autoDelete: declaration.autoDelete ?? false,
      internal: declaration.internal ?? false,
      arguments: declaration.arguments ?? {},
      ...(declaration.alternateExchange !== undefined ? { alternateExchange: normalizeExchangeName(declaration.alternateExchange) } : {}),
    };
    const existing = this.topology.findExchange(wanted.name);
    if (existing) {
      if (!sameSettings(existing, wanted)) {
        throw new EngineError('precondition_failed', `exchange '${name}' exists with other settings`, { existing });
      }
      return { created: false, exchange: existing };
    }
    if (wanted.name === DEFAULT_EXCHANGE || wanted.name.startsWith('amq.')) {
      throw new EngineError('forbidden', `exchange names starting with 'amq.' are reserved`);
    }
    this.assertWritable();
    this.topology.putExchange(wanted);
    if (wanted.durable) this.persistence.topologyWrite({ op: 'putExchange', exchange: wanted });
    await this.persistence.committed();
    return { created: true, exchange: wanted };
  }

  async deleteExchange(name: string, options: { ifUnused?: boolean } = {}): Promise<void> {
    if (isBuiltIn(name)) throw new EngineError('forbidden', `built-in exchange '${name}' cannot be deleted`);
    const exchange = this.topology.getExchange(name);
    if (options.ifUnused && this.topology.outgoing(exchange.name).length > 0) {
      throw new EngineError('precondition_failed', `exchange '${name}' has bindings`);
    }
    this.assertWritable();
    this.removeExchange(exchange);
    await this.persistence.committed();
  }

  // ---- queues ------------------------------------------------------------------------------

  listQueues(): QueueStats[] {
    const now = this.clock.now();
    return [...this.queues.values()].map((queue) => ({ ...queue.stats(), rates: queue.metrics?.rates(now) ?? noRates() }));
  }

  getQueue(name: string): QueueStats {
    const queue = this.queue(name);
    return { ...queue.stats(), rates: queue.metrics?.rates(this.clock.now()) ?? noRates() };
  }

  findQueueInfo(name: string): QueueInfo | undefined {
    return this.queues.get(name)?.info;
  }

  async declareQueue(name: string, declaration: QueueDeclaration = {}): Promise<{ created: boolean; queue: QueueStats }> {
    validateEntityName(name, 'queue');
    const queueName = name === '' ? `amq.gen-${randomUUID()}` : name;
    const wanted: QueueInfo = {
      name: queueName,
      durable: declaration.durable ?? true,
      autoDelete: declaration.autoDelete ?? false,
      arguments: normalizeQueueArguments(declaration.arguments),
      ...(declaration.exclusiveOwner !== undefined ? { exclusiveOwner: declaration.exclusiveOwner } : {}),
    };
    const existing = this.queues.get(queueName);
    if (existing) {
      if (existing.info.exclusiveOwner !== undefined && existing.info.exclusiveOwner !== declaration.exclusiveOwner) {
        throw new EngineError('resource_locked', `queue '${name}' is exclusive to another connection`);
      }
      if (!sameSettings(existing.info, wanted)) {
        throw new EngineError('precondition_failed', `queue '${name}' exists with other settings`, { existing: existing.info });
      }
      existing.touch();
      return { created: false, queue: this.getQueue(queueName) };
    }
    if (name.startsWith('amq.')) throw new EngineError('forbidden', `queue names starting with 'amq.' are reserved`);
    this.assertWritable();
    this.addQueue(wanted);
    if (wanted.durable) this.persistence.topologyWrite({ op: 'putQueue', queue: wanted });
    await this.persistence.committed();
    return { created: true, queue: this.getQueue(queueName) };
  }

  async deleteQueue(name: string, options: { ifEmpty?: boolean; ifUnused?: boolean } = {}): Promise<number> {
    const queue = this.queue(name);
    const stats = queue.stats();
    if (options.ifEmpty && stats.messagesReady > 0) throw new EngineError('precondition_failed', `queue '${name}' is not empty`);
    if (options.ifUnused && stats.consumers > 0) throw new EngineError('precondition_failed', `queue '${name}' has consumers`);
    this.assertWritable();
    this.removeQueue(queue);
    await this.persistence.committed();
    return stats.messages;
  }

  async purgeQueue(name: string): Promise<number> {
    const queue = this.queue(name);
    this.assertWritable();
    const purged = queue.purge();
    await this.persistence.committed();
    return purged;
  }

  // ---- bindings ----------------------------------------------------------------------------

  listBindings(filter: { source?: string; destination?: string } = {}): BindingInfo[] {
    const source = filter.source === undefined ? undefined : normalizeExchangeName(filter.source);
    const defaults = [...this.queues.keys()].map(defaultBinding);
    return [...defaults, ...this.topology.allBindings()].filter(
      (b) => (source === undefined || b.source === source) && (filter.destination === undefined || b.destination === filter.destination),
    );
  }

  outgoingBindings(exchange: string): BindingInfo[] {
    const name = normalizeExchangeName(exchange);
    return name === DEFAULT_EXCHANGE ? [...this.queues.keys()].map(defaultBinding) : this.topology.outgoing(name);
  }

  incomingBindings(destinationType: 'queue' | 'exchange', name: string): BindingInfo[] {
    const bindings = this.topology.incoming(destinationType, name);
    return destinationType === 'queue' && this.queues.has(name) ? [defaultBinding(name), ...bindings] : bindings;
  }

  async bind(declaration: BindingDeclaration): Promise<{ created: boolean; binding: BindingInfo }> {
    const source = normalizeExchangeName(declaration.source);
    if (source === DEFAULT_EXCHANGE) throw new EngineError('forbidden', 'the default exchange cannot be bound');
    const exchange = this.topology.getExchange(source);
    const destinationType = declaration.destinationType ?? 'queue';
    const destination = destinationType === 'exchange' ? normalizeExchangeName(declaration.destination) : declaration.destination;
    if (destinationType === 'queue') this.queue(destination);
    else {
      if (destination === DEFAULT_EXCHANGE) throw new EngineError('forbidden', 'the default exchange cannot be bound');
      this.topology.getExchange(destination);
    }
    const args = declaration.arguments ?? {};
    if (exchange.type === 'headers') {
      const problem = validateHeadersBindingArguments(args);
      if (problem) throw new EngineError('bad_request', problem, { field: 'arguments' });
    }
    const spec = { source, destination, destinationType, routingKey: declaration.routingKey ?? '', arguments: args };
    const id = bindingId(spec);
    const existing = this.topology.findBinding(id);
    if (existing) return { created: false, binding: existing };
    this.assertWritable();
    const binding: BindingInfo = { id, ...spec };
    this.topology.addBinding(binding);
    if (this.isDurableBinding(binding)) this.persistence.topologyWrite({ op: 'putBinding', binding });
    await this.persistence.committed();
    return { created: true, binding };
  }

  async unbind(id: string): Promise<void> {
    if (id.startsWith('default:')) throw new EngineError('forbidden', 'bindings of the default exchange cannot be removed');
    const binding = this.topology.findBinding(id);
    if (!binding) throw notFound('binding', id);
    this.assertWritable();
    this.removeBindings([binding]);
    await this.persistence.committed();
  }

  /** Where a message would go, without publishing it. */
  routeTest(exchange: string, routingKey: string, headers?: FieldTable): { queues: string[]; path: RouteStep[] } {
    const { routingKeys, bcc } = splitRoutingKeys(routingKey, headers);
    // BCC is removed before routing, as in publish, so a headers exchange never sees it.
    const { BCC: _removed, ...routed } = headers ?? {};
    const route = this.topology.route(exchange, [...routingKeys, ...bcc], headers && routed);
    return { queues: [...route.queues].sort(), path: route.path };
  }

  // ---- publishing --------------------------------------------------------------------------

  /** Publishes one message; resolves once every copy is stored durably. */
  async publish(input: PublishInput): Promise<PublishResult> {
    this.checkPublishable(input);
    const result = this.route(input);
    await this.persistence.committed();
    return result;
  }

  /** Publishes several messages together: all are checked before any is routed. */
  async publishBatch(inputs: PublishInput[]): Promise<PublishResult[]> {
    for (const input of inputs) this.checkPublishable(input);
    const results = inputs.map((input) => this.route(input));
    await this.persistence.committed();
    return results;
  }

  // ---- consuming ---------------------------------------------------------------------------

  receive(queue: string, options: { max?: number; waitMs?: number; visibilityTimeoutMs?: number; signal?: AbortSignal }): Promise<Delivery[]> {
    return this.queue(queue).receive(options.max ?? 1, options.waitMs ?? 0, options.visibilityTimeoutMs ?? 30_000, options.signal);
  }

  async ack(queue: string, deliveryTags: readonly string[]): Promise<number> {
    const acked = this.queue(queue).ack(deliveryTags);
    await this.persistence.committed();
    return acked;
  }

  async nack(queue: string, deliveryTags: readonly string[], requeue: boolean): Promise<number> {
    const nacked = this.queue(queue).nack(deliveryTags, requeue);
    await this.persistence.committed();
    return nacked;
  }

  /** Pushes deliveries to `onDelivery`, at most `prefetch` unacked at once; cancel gives back what is unacked. */
  subscribe(queue: string, options: ConsumerOptions): { id: string; cancel: () => void } {
    const target = this.queue(queue);
    const consumer = target.addConsumer(options);
    return { id: consumer.id, cancel: () => target.cancelConsumer(consumer) };
  }

  async peek(queue: string, options: { cursor?: string; limit: number; search?: string }): Promise<{ items: PeekedMessage[]; nextCursor?: string }> {
    const search = options.search?.toLowerCase();
    const page = await this.queue(queue).peek(options.cursor, options.limit, search ? (m) => messageMatches(m, search) : () => true);
    return {
      items: page.items.map((message) => {
        const { deliveryTag: _unused, ...rest } = toDelivery(message, '');
        return { ...rest, redelivered: message.deliveryCount > 0 };
      }),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  /**
   * Deletes one ready message, found by id (the first in delivery order), in memory or paged in the store.
   * Throws `not_found` when no ready message has the id, `precondition_failed` when it is out on a lease.
   */
  async deleteMessage(queue: string, messageId: string): Promise<void> {
    await this.actOnReady(queue, messageId, (source, message) => source.takeReady(message) || undefined);
  }

  /**
   * Moves one ready message to another queue or through an exchange, keeping its headers and properties.
   * It leaves this queue in the same commit that stores its copy at the destination. Errors as `deleteMessage`,
   * plus `not_found` for a missing destination, `precondition_failed` when an exchange routes it nowhere, and
   * `queue_full` when every destination refuses it (reject-publish); the message then stays where it is.
   */
  async moveMessage(queue: string, messageId: string, to: MoveTarget): Promise<MoveResult> {
    return this.actOnReady(queue, messageId, (source, message) => {
      const queues = this.relocate(source, message, this.moveDestination(message, to), {});
      return queues && { messageId, queues };
    });
  }

  /** Sends one ready message to the tail of its own queue (a new place in line; its properties unchanged). Errors as `deleteMessage`. */
  async requeueMessage(queue: string, messageId: string): Promise<void> {
    await this.actOnReady(queue, messageId, (source, message) => source.requeueAtTail(message) || undefined);
  }

  // ---- dead letters and replay jobs ---------------------------------------------------------

  /** Counts the ready messages of a queue by the reason and source queue of their newest x-death entry. */
  async deadLetterCounts(name: string): Promise<DeadLetterCounts> {
    const queue = this.queue(name);
    const counts: DeadLetterCounts = { total: 0, byReason: {}, bySourceQueue: {} };
    let cursor: string | undefined;
    do {
      const page = await queue.peek(cursor, 1000, () => true);
      for (const message of page.items) {
        counts.total++;
        const newest = readDeaths(message.properties.headers)[0];
        if (!newest) continue;
        counts.byReason[newest.reason] = (counts.byReason[newest.reason] ?? 0) + 1;
        counts.bySourceQueue[newest.queue] = (counts.bySourceQueue[newest.queue] ?? 0) + 1;
      }
      cursor = page.nextCursor;
    } while (cursor);
    return counts;
  }

  /** How many ready messages a replay with these options would take now; nothing moves. */
  async countReplay(queue: string, options: ReplayOptions): Promise<number> {
    return this.jobs.count(queue, this.replaySpec(queue, options));
  }

  /**
   * Starts a replay job: moves the matching ready messages of `queue` (those there now) to their source (the
   * exchange and routing keys of their newest x-death entry), a queue or an exchange, at `ratePerSec`. Each message
   * gains `x-redrive-count`; one that would pass `maxRedrives` stays and is counted skipped. Moves and progress commit
   * together, so the job resumes after a restart without losing or duplicating a message.
   */
  async startReplay(queue: string, options: ReplayOptions): Promise<JobInfo> {
    const spec = this.replaySpec(queue, options);
    this.assertWritable();
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

  overview(): Overview {
    let consumers = 0;
    let messagesReady = 0;
    let messagesUnacked = 0;
    for (const queue of this.queues.values()) {
      consumers += queue.consumerCount;
      messagesReady += queue.ready.count;
      messagesUnacked += queue.unacked.size;
    }
    const now = this.clock.now();
    const rates = noRates();
    for (const queue of this.queues.values()) {
      const r = queue.metrics?.rates(now);
      if (!r) continue;
      rates.publish += r.publish;
      rates.deliver += r.deliver;
      rates.ack += r.ack;
      rates.redeliver += r.redeliver;
      rates.deadLetter += r.deadLetter;
    }
    const exchangeTotals = this.metrics?.snapshotExchangeTotals() ?? { published: 0, routed: 0, unroutable: 0 };
    return {
      queues: this.queues.size,
      exchanges: this.topology.exchanges.size,
      bindings: this.topology.allBindings().length + this.queues.size,
      consumers,
      messagesReady,
      messagesUnacked,
      rates,
      exchangeTotals,
    };
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
    const now = this.clock.now();
    const queues = queue === undefined ? [...this.queues.values()] : [this.queue(queue)];
    const out: ConsumerInfo[] = [];
    for (const q of queues) {
      for (const c of q.listConsumers()) {
        out.push({
          id: c.id,
          queue: q.name,
          kind: c.options.kind ?? 'sse',
          ...(c.options.connectionId !== undefined ? { connectionId: c.options.connectionId } : {}),
          prefetch: c.options.prefetch,
          unacked: c.unacked.size,
          deliverRate: c.deliverRate.rate(now),
          ackRate: c.ackRate.rate(now),
          lastActiveAt: c.lastActiveAt,
        });
      }
      const leases = q.leaseHolder;
      if (leases.unacked > 0 || (leases.lastActiveAt > 0 && now - leases.lastActiveAt < 60_000)) {
        out.push({
          id: `lease:${q.name}`,
          queue: q.name,
          kind: 'lease',
          prefetch: 0,
          unacked: leases.unacked,
          deliverRate: leases.deliverRate.rate(now),
          ackRate: leases.ackRate.rate(now),
          lastActiveAt: leases.lastActiveAt,
        });
      }
    }
    return out;
  }

  /** Every counter, gauge and latency histogram per queue, per exchange and in total, for a Prometheus exporter. */
  metricsSnapshot(): MetricsSnapshot {
    if (!this.metrics) throw new EngineError('unavailable', 'metrics are turned off');
    return this.metrics.snapshot(this.clock.now(), (name) => {
      const queue = this.queues.get(name);
      if (!queue) return undefined;
      const oldest = queue.ready.oldestPublishedAt();
      return {
        ready: queue.ready.count,
        unacked: queue.unacked.size,
        bytes: queue.ready.bytes,
        consumers: queue.consumerCount,
        oldestReadyAgeMs: oldest === null ? null : Math.max(0, this.clock.now() - oldest),
      };
    });
  }

  // ---- internals ---------------------------------------------------------------------------

  private replaySpec(queue: string, options: ReplayOptions): ReplaySpec {
    this.queue(queue);
    const to = options.to ?? 'source';
    if (to !== 'source') {
      if ('queue' in to) this.queue(to.queue);
      else this.topology.getExchange(normalizeExchangeName(to.exchange));
    }
    return toReplaySpec(options, this.clock.now(), this.nextSeq - 1, DEFAULT_MAX_REDRIVES);
  }

  /** One message of a replay: moved in this turn, or false when it is no longer ready; throws when it cannot go. */
  private replayOne(queueName: string, message: QueuedMessage, spec: ReplaySpec, headers: FieldTable): boolean {
    const source = this.queue(queueName);
    let to: Destination;
    if (spec.to === 'source') {
      const origin = sourceOf(message);
      if (!origin) throw new EngineError('precondition_failed', `message '${message.messageId}' has no x-death to go back to`);
      to = this.routeDestination(origin.exchange, origin.routingKeys, headers);
    } else {
      to = this.moveDestination(message, spec.to);
    }
    return this.relocate(source, message, to, { headers }) !== undefined;
  }

  /** Finds a ready message and acts on it in the same turn; `act` answers undefined when the queue moved on meanwhile. */
  private async actOnReady<T>(queueName: string, messageId: string, act: (queue: Queue, message: QueuedMessage) => T | undefined): Promise<T> {
    const queue = this.queue(queueName);
    this.assertWritable();
    for (let attempt = 0; attempt < 10; attempt++) {
      const found = await queue.findReady(messageId);
      if (found.state === 'absent') throw new EngineError('not_found', `no ready message '${messageId}' in queue '${queueName}'`);
      if (found.state === 'leased') throw new EngineError('precondition_failed', `message '${messageId}' is out on a lease; only ready messages can be changed`);
      if (queue.deleted) throw notFound('queue', queueName);
      const result = act(queue, found.message);
      if (result === undefined) continue;
      await this.persistence.committed();
      return result;
    }
    throw new EngineError('unavailable', `message '${messageId}' kept changing; try again`);
  }

  /** Where a move sends a message: the queues and the exchange and routing keys its copy carries. */
  private moveDestination(message: QueuedMessage, to: MoveTarget): Destination {
    if ('queue' in to) return { queues: [this.queue(to.queue)], exchange: message.exchange, routingKeys: message.routingKeys };
    return this.routeDestination(to.exchange, [to.routingKey], message.properties.headers);
  }

  private routeDestination(exchangeName: string, routingKeys: string[], headers: FieldTable | undefined): Destination {
    const exchange = this.topology.getExchange(normalizeExchangeName(exchangeName));
    if (exchange.internal) throw new EngineError('forbidden', `exchange '${exchangeName}' is internal`);
    const route = this.topology.route(exchange.name, routingKeys, headers);
    if (route.queues.size === 0) throw new EngineError('precondition_failed', `exchange '${exchangeName}' routes nothing for '${routingKeys.join(', ')}'`);
    return { queues: [...route.queues].map((name) => this.queues.get(name)!), exchange: exchange.name, routingKeys };
  }

  /**
   * Moves a ready message out of `source` into every destination queue that accepts it, in one turn (so one commit).
   * Answers the queues that got a copy, or undefined when the message is no longer ready in `source`.
   */
  private relocate(source: Queue, message: QueuedMessage, to: Destination, properties: Partial<MessageProperties>): string[] | undefined {
    const accepting = to.queues.filter((queue) => !queue.refuses(message.payload.length));
    if (accepting.length === 0) throw new EngineError('queue_full', `every destination of message '${message.messageId}' is full`);
    if (!source.takeReady(message)) return undefined;
    const now = this.clock.now();
    for (const queue of accepting) {
      const copy = this.newCopy(queue, {
        messageId: message.messageId,
        exchange: to.exchange,
        routingKeys: to.routingKeys,
        payload: message.payload,
        properties: { ...message.properties, ...properties },
        publishedAt: now,
      });
      queue.enqueue(copy);
    }
    return accepting.map((queue) => queue.name);
  }

  private queue(name: string): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw notFound('queue', name);
    return queue;
  }

  private assertWritable(): void {
    if (!this.persistence.writable) throw new EngineError('unavailable', 'storage cannot accept writes right now');
  }

  private checkPublishable(input: PublishInput): void {
    const exchange = this.topology.getExchange(input.exchange);
    if (exchange.internal) throw new EngineError('forbidden', `exchange '${input.exchange}' is internal`);
    if (input.payload.length > this.maxMessageBytes) {
      throw new EngineError('payload_too_large', `payload is ${input.payload.length} bytes; the limit is ${this.maxMessageBytes}`);
    }
    this.assertWritable();
  }

  private route(input: PublishInput): PublishResult {
    const now = this.clock.now();
    const properties: MessageProperties = { ...input.properties, persistent: input.properties?.persistent ?? true };
    const { routingKeys, bcc } = splitRoutingKeys(input.routingKey, properties.headers);
    if (properties.headers && 'BCC' in properties.headers) {
      const { BCC: _removed, ...headers } = properties.headers;
      properties.headers = headers;
    }
    const messageId = properties.messageId ?? randomUUID();
    const exchange = normalizeExchangeName(input.exchange);
    const route = this.topology.route(exchange, [...routingKeys, ...bcc], properties.headers);
    this.metrics?.published(exchange, route.queues.size);
    const rejectedBy: string[] = [];
    let accepted = 0;
    for (const name of route.queues) {
      const queue = this.queues.get(name)!;
      const copy = this.newCopy(queue, { messageId, exchange, routingKeys, payload: input.payload, properties, publishedAt: now });
      if (queue.enqueue(copy) === 'accepted') accepted++;
      else rejectedBy.push(name);
    }
    return { routed: route.queues.size > 0, queues: accepted, messageId, rejectedBy };
  }

  private newCopy(
    queue: Queue,
    m: { messageId: string; exchange: string; routingKeys: string[]; payload: Buffer; properties: MessageProperties; publishedAt: number },
  ): QueuedMessage {
    const { messageTtlMs, maxPriority } = queue.info.arguments;
    const ttls = [messageTtlMs, m.properties.expirationMs].filter((t): t is number => t !== undefined);
    return {
      seq: this.nextSeq++,
      queue: queue.name,
      messageId: m.messageId,
      exchange: m.exchange,
      routingKey: m.routingKeys[0] ?? '',
      routingKeys: m.routingKeys,
      payload: m.payload,
      properties: m.properties,
      priority: maxPriority === undefined ? 0 : Math.min(Math.max(0, m.properties.priority ?? 0), maxPriority),
      persistent: m.properties.persistent !== false,
      publishedAt: m.publishedAt,
      expiresAt: ttls.length ? m.publishedAt + Math.min(...ttls) : null,
      deliveryCount: 0,
    };
  }

  /** Sends a dead message to its queue's dead-letter exchange; with none (or none existing now) it is dropped. */
  private deadLetter(queue: Queue, message: QueuedMessage, reason: DeathReason): void {
    const { deadLetterExchange } = queue.info.arguments;
    if (deadLetterExchange === undefined) return;
    const exchange = this.topology.findExchange(deadLetterExchange);
    if (!exchange) return;
    const now = this.clock.now();
    const plan = planDeadLetter(message, queue.name, queue.info.arguments, reason, now);
    const route = this.topology.route(exchange.name, plan.routingKeys, plan.properties.headers);
    for (const target of route.queues) {
      if (isDeathCycle(target, plan.deaths)) continue;
      const targetQueue = this.queues.get(target)!;
      const copy = this.newCopy(targetQueue, {
        messageId: message.messageId,
        exchange: exchange.name,
        routingKeys: plan.routingKeys,
        payload: message.payload,
        properties: plan.properties,
        publishedAt: now,
      });
      targetQueue.enqueue(copy);
    }
  }

  private addQueue(info: QueueInfo): Queue {
    const queue = new Queue(info, this.queueContext);
    this.queues.set(info.name, queue);
    return queue;
  }

  private removeQueue(queue: Queue): void {
    if (queue.deleted || this.queues.get(queue.name) !== queue) return;
    queue.close(`queue '${queue.name}' was deleted`);
    if (queue.metrics) this.metrics?.unregister(queue.name, queue.metrics);
    this.queues.delete(queue.name);
    this.removeBindings(this.topology.incoming('queue', queue.name));
    this.persistence.forgetQueueMessages(queue.name, new Set());
    this.persistence.topologyWrite({ op: 'deleteQueue', name: queue.name });
  }

  private removeExchange(exchange: ExchangeInfo): void {
    if (this.topology.findExchange(exchange.name) !== exchange) return;
    const bindings = [...this.topology.outgoing(exchange.name), ...this.topology.incoming('exchange', exchange.name)];
    this.removeBindings(bindings);
    this.topology.removeExchange(exchange.name);
    this.metrics?.forgetExchange(exchange.name);
    if (exchange.durable) this.persistence.topologyWrite({ op: 'deleteExchange', name: exchange.name });
  }

  /** Removes bindings; an auto-delete exchange that loses its last outgoing binding goes too. */
  private removeBindings(bindings: BindingInfo[]): void {
    const sources = new Set<string>();
    for (const binding of bindings) {
      if (!this.topology.removeBinding(binding.id)) continue;
      if (this.isDurableBinding(binding)) this.persistence.topologyWrite({ op: 'deleteBinding', id: binding.id });
      sources.add(binding.source);
    }
    for (const source of sources) {
      const exchange = this.topology.findExchange(source);
      if (exchange?.autoDelete && this.topology.outgoing(source).length === 0) this.removeExchange(exchange);
    }
  }

  private isDurableBinding(binding: BindingInfo): boolean {
    const source = this.topology.findExchange(binding.source);
    const destinationDurable =
      binding.destinationType === 'queue' ? this.queues.get(binding.destination)?.info.durable : this.topology.findExchange(binding.destination)?.durable;
    return Boolean(source?.durable && destinationDurable);
  }

  private async recover(): Promise<void> {
    const state = await this.store.recover();
    this.nextSeq = state.maxSeq + 1;
    for (const exchange of state.exchanges) this.topology.putExchange(exchange);
    for (const { name, type } of BUILT_IN_EXCHANGES) {
      if (this.topology.findExchange(name)) continue;
      const exchange: ExchangeInfo = { name, type, durable: true, autoDelete: false, internal: false, arguments: {} };
      this.topology.putExchange(exchange);
      this.persistence.topologyWrite({ op: 'putExchange', exchange });
    }
    for (const info of state.queues) this.addQueue(info);
    for (const binding of state.bindings) {
      const destinationExists =
        binding.destinationType === 'queue' ? this.queues.has(binding.destination) : Boolean(this.topology.findExchange(binding.destination));
      if (this.topology.findExchange(binding.source) && destinationExists) this.topology.addBinding(binding);
    }
    for (const count of state.readyCounts) {
      this.queues.get(count.queue)?.ready.addPaged(count.priority, count.count, count.bytes, count.minSeq, count.oldestPublishedAt);
    }
    for (const queue of this.queues.values()) queue.afterTaking();
    await this.persistence.committed();
    this.jobs.recover(await this.store.loadJobs());
  }
}

interface Destination {
  queues: Queue[];
  exchange: string;
  routingKeys: string[];
}

const noRates = (): RateSet => ({ publish: 0, deliver: 0, ack: 0, redeliver: 0, deadLetter: 0 });

function normalizeExchangeName(name: string): string {
  return name === 'amq.default' ? DEFAULT_EXCHANGE : name;
}

/** The routing key plus CC keys (kept with the message) and BCC keys (used for routing only). */
function splitRoutingKeys(routingKey: string, headers: FieldTable | undefined): { routingKeys: string[]; bcc: string[] } {
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  return { routingKeys: [routingKey, ...strings(headers?.CC)], bcc: strings(headers?.BCC) };
}

function messageMatches(message: QueuedMessage, search: string): boolean {
  if (message.messageId.toLowerCase().includes(search) || message.routingKey.toLowerCase().includes(search)) return true;
  const headers = message.properties.headers;
  if (headers && JSON.stringify(Object.values(headers)).toLowerCase().includes(search)) return true;
  return message.payload.toString('utf8').toLowerCase().includes(search);
}
