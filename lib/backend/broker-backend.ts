/**
 * @module The BrokerBackend port: what the API and the console need from a broker, whichever it is (the embedded
 * engine, or an attached RabbitMQ cluster through its management API and AMQP). Handlers call the port and never ask
 * which one is behind it; what a backend cannot do is in its capabilities, with the reason, and the API answers
 * `409 not_supported` with that reason.
 */
import type { Queue, QueueDeclareBody, QueueListQuery, QueuePage } from '@/lib/api/schemas/queues';
import type { BindingSpec, ExchangeSettings, FieldTable, PublishInput, PublishResult } from '@/lib/engine/types';
import type { RouteStep } from '@/lib/engine/routing/topology';
import type { QueueMetricsSeries } from '@/lib/engine/metrics/metrics-types';
import type { MessagePageJson } from '@/lib/api/schemas/messages';
import type { Binding } from '@/lib/api/schemas/bindings';
import type { Connection } from '@/lib/api/schemas/connections';
import type { Exchange } from '@/lib/api/schemas/exchanges';
import type { ConsumerInfo, DeadLetterCounts } from '@/lib/engine/broker-types';
import type { TopologySnapshot } from '@/lib/api/definitions';
import type { TopologyWriter } from '@/lib/api/definitions-apply';
import type { JobInfo, ReplayOptions } from '@/lib/engine/jobs/job';
import type { Overview } from '@/lib/api/schemas/system';
import type { OverviewMetrics } from '@/lib/api/schemas/metrics';
import type { LiveSource } from '@/lib/api/live-source';

export interface ReplayPlan {
  count: number;
  sourceExchanges: string[];
}

export interface BrowseQuery {
  cursor?: string;
  limit: number;
  search?: string;
  /** Only messages stored at or after this time (epoch ms). */
  since?: number;
  /** A broker that can read a queue only by taking its messages does so only when this says yes. */
  getAndRequeue: boolean;
}

/** What one backend may be unable to do, by name. */
export const BACKEND_CAPABILITIES = [
  'oldestReadyAge',
  'latencyPercentiles',
  'sideEffectFreeBrowse',
  'deadLetterCounts',
  /** A replay's preview (its dry run) reads the dead-letter queue without touching it. */
  'sideEffectFreeReplayPreview',
  /** Every message has an id of its own, so a replay can pick it out by its id (messageIds). */
  'everyMessageHasId',
  /** Each replayed message leaves its queue in the same commit that stores it at its destination: no duplicate ever. */
  'atomicReplay',
] as const;
export type BackendCapability = (typeof BACKEND_CAPABILITIES)[number];

/** `true`, or why not (shown by the console beside what it hides, and in the 409's `details.reason`). */
export type Capabilities = Record<BackendCapability, true | string>;

export interface BrokerBackend {
  kind: 'embedded' | 'rabbitmq';
  capabilities: Capabilities;
  listQueues(query: QueueListQuery, signal?: AbortSignal): Promise<QueuePage>;
  /** `not_found` when there is no such queue (or vhost). */
  getQueue(name: string, signal?: AbortSignal): Promise<Queue>;
  declareQueue(name: string, body: QueueDeclareBody, signal?: AbortSignal): Promise<{ created: boolean; queue: Queue }>;
  /** Resolves to the number of messages deleted with it. */
  deleteQueue(name: string, conditions: { ifEmpty: boolean; ifUnused: boolean }, signal?: AbortSignal): Promise<number>;
  /** Resolves to the number of ready messages purged. */
  purgeQueue(name: string, signal?: AbortSignal): Promise<number>;
  /** A page of the queue's ready messages in delivery order (those matching `search`). */
  browse(name: string, query: BrowseQuery, signal?: AbortSignal): Promise<MessagePageJson>;
  /** Publishes through the default exchange to queue `name` (`not_found` when it does not exist); resolves once it is safe. */
  publishToQueue(name: string, input: PublishInput, signal?: AbortSignal): Promise<PublishResult>;
  /** Publishes through `input.exchange`; `routed: false` when no queue took it. */
  publish(input: PublishInput, signal?: AbortSignal): Promise<PublishResult>;

  // ---- routing ----
  /** Every exchange, the default one as `amq.default`. */
  listExchanges(signal?: AbortSignal): Promise<Exchange[]>;
  /** `not_found` when there is no such exchange. */
  getExchange(name: string, signal?: AbortSignal): Promise<Exchange>;
  declareExchange(name: string, settings: ExchangeSettings, signal?: AbortSignal): Promise<{ created: boolean; exchange: Exchange }>;
  deleteExchange(name: string, conditions: { ifUnused: boolean }, signal?: AbortSignal): Promise<void>;
  /** Bindings, only those from `source` (the default exchange is `""`) and/or to `destination` when given. */
  listBindings(filter: { source?: string; destination?: string }, signal?: AbortSignal): Promise<Binding[]>;
  /** The binding of this id, if there is one. */
  getBinding(id: string, signal?: AbortSignal): Promise<Binding | undefined>;
  /** Idempotent: an identical binding that exists is answered with `created: false`. */
  bind(spec: BindingSpec, signal?: AbortSignal): Promise<{ created: boolean; binding: Binding }>;
  unbind(id: string, signal?: AbortSignal): Promise<void>;
  /** Where a message would go from `exchange` (the default exchange is `""`), computed by the engine's routing rules. */
  routeTest(exchange: string, routingKey: string, headers: FieldTable | undefined, signal?: AbortSignal): Promise<{ queues: string[]; path: RouteStep[] }>;

  // ---- the overview and live figures ----
  /** The vhost's totals and rates (`not_found` when there is no such vhost). */
  overview(signal?: AbortSignal): Promise<Overview>;
  /** The vhost's totals over the last `windowMs` (at most 15 minutes), a point per step. */
  overviewMetrics(windowMs: number, signal?: AbortSignal): Promise<OverviewMetrics>;
  /** What /events reads each second: the same object for the same vhost, so its streams share one feed (`not_found` when there is no such vhost). */
  liveSource(signal?: AbortSignal): Promise<LiveSource>;

  /** A queue's chart series over a window ending now (lib/engine/metrics/queue-series.ts). */
  queueMetrics(name: string, options: { windowMs?: number; stepMs?: number }, signal?: AbortSignal): Promise<QueueMetricsSeries>;
  /** The vhost's consumers, or only those of `queue` (`not_found` when it does not exist). */
  listConsumers(queue: string | undefined, signal?: AbortSignal): Promise<ConsumerInfo[]>;

  // ---- AMQP connections ----
  /** The vhost's AMQP connections (an attached cluster's: those its nodes hold). */
  listConnections(signal?: AbortSignal): Promise<Connection[]>;
  /** `not_found` when the vhost has no such connection. */
  getConnection(id: string, signal?: AbortSignal): Promise<Connection>;
  /** Closes it with 320 CONNECTION_FORCED and `reason`; its unacked deliveries return to their queues. */
  closeConnection(id: string, reason: string, signal?: AbortSignal): Promise<void>;

  // ---- definitions ----
  /** The vhost's exchanges, queues and bindings as the definitions code reads them (the default exchange is `""`). */
  topologySnapshot(signal?: AbortSignal): Promise<TopologySnapshot>;
  /** What a definitions import into this vhost declares with (and undoes with, when a later step fails). */
  topologyWriter(): TopologyWriter;

  // ---- dead letters and their replay as a tracked job ----
  /** The queue's ready messages by the reason and source queue of their newest x-death (capability `deadLetterCounts`). */
  deadLetterCounts(queue: string, signal?: AbortSignal): Promise<DeadLetterCounts>;
  /**
   * One look at the queue for a replay: how many messages it would move now, and the exchanges a replay back to the
   * source would send them to (what it needs write on). Nothing moves; a broker that can read the queue only by
   * taking its messages and giving them back (capability `sideEffectFreeReplayPreview`) reads it once here.
   */
  planReplay(queue: string, options: ReplayOptions, signal?: AbortSignal): Promise<ReplayPlan>;
  /** `plan`: what planReplay found just before, for these options (so the queue is not read again to count it). */
  startReplay(queue: string, options: ReplayOptions, startedBy: string, plan: ReplayPlan): Promise<JobInfo>;
  /** Newest first; only those of `queue` when given. */
  listJobs(queue?: string): Promise<JobInfo[]>;
  /** `not_found` when the vhost has no such job. */
  getJob(id: string): Promise<JobInfo>;
  pauseJob(id: string): Promise<JobInfo>;
  resumeJob(id: string): Promise<JobInfo>;
  cancelJob(id: string): Promise<JobInfo>;
}
