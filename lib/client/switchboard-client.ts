/** @module The typed Switchboard HTTP client: one method per API call, shapes from ./types. */
import { accessCalls } from './access-calls';
import { clusterCalls } from './cluster-calls';
import { createHttp, segment, type CallOptions, type HttpOptions } from './http';
import { vhostBase } from './vhost-base';
import type {
  Binding,
  Connection,
  Consumer,
  CreateBindingBody,
  DeclareExchangeBody,
  DeclareQueueBody,
  DeclareResult,
  DeleteQueueParams,
  DemoAction,
  DemoStatus,
  Exchange,
  ExchangeDetail,
  Health,
  ListQueuesParams,
  LiveScopeParams,
  Overview,
  OverviewMetrics,
  Page,
  PublishBody,
  PublishResult,
  Queue,
  RouteTestBody,
  RouteTestResult,
  DeadLetterCounts,
  DefinitionsDiff,
  DefinitionsExport,
  DefinitionsImportBody,
  VhostDefinitionsExport,
  Job,
  Message,
  MessagePage,
  MoveResult,
  MoveTarget,
  PeekParams,
  QueueMetrics,
  QueueMetricsParams,
  ReplayBody,
  RequeueResult,
} from './types';

export type { CallOptions };

/** Definitions of the whole node (the default) or of the selected vhost only. */
export interface DefinitionsScope {
  vhost?: boolean;
}

export interface ClientOptions extends HttpOptions {
  /**
   * The vhost that queues, exchanges, bindings, messages, jobs, metrics, consumers, definitions and events are
   * addressed in: their paths go under `/api/v1/vhosts/{vhost}`. A function is asked at each call (the console's
   * vhost selector); left out, the unprefixed paths address vhost `/`.
   */
  vhost?: string | (() => string | undefined);
  /**
   * The attached cluster those calls act on instead of the embedded broker: their paths then go under
   * `/api/v1/clusters/{id}/vhosts/{vhost}`. A function is asked at each call (the console's broker switch).
   */
  cluster?: string | (() => string | undefined);
}

const v1 = '/api/v1';

const ask = (value: string | (() => string | undefined) | undefined) => (typeof value === 'function' ? value() : value);

export function createSwitchboardClient(options: ClientOptions = {}) {
  const http = createHttp(options);
  const get = async <T>(path: string, call: CallOptions = {}, query?: Record<string, string | number | boolean | undefined>) =>
    (await http<T>(path, { query, signal: call.signal })).body;
  /** The base of a vhost's resources, asked anew at each call so a changed selection takes effect at once. */
  const scoped = () => vhostBase(v1, ask(options.cluster), ask(options.vhost));
  const queuePath = (name: string) => `${scoped()}/queues/${segment(name)}`;
  /** Connections: every vhost's of the embedded broker (`/connections`), the selected vhost's of an attached cluster. */
  const connectionsBase = () => (ask(options.cluster) === undefined ? v1 : scoped());
  const exchangePath = (name: string) => `${scoped()}/exchanges/${segment(name)}`;

  return {
    health: (call?: CallOptions) => get<Health>(`${v1}/health`, call),
    overview: (call?: CallOptions) => get<Overview>(`${scoped()}/overview`, call),
    /** The totals second by second over the last `windowMs` (1 to 15 minutes), to open the overview's charts with. */
    overviewMetrics: (params: { windowMs?: number } = {}, call?: CallOptions) => get<OverviewMetrics>(`${scoped()}/overview/metrics`, call, { ...params }),
    demoStatus: (call?: CallOptions) => get<DemoStatus>(`${v1}/demo`, call),
    /** Starts the demo shop (declaring its topology) or stops it. */
    async controlDemo(action: DemoAction): Promise<DemoStatus> {
      return (await http<DemoStatus>(`${v1}/demo`, { method: 'POST', body: { action } })).body;
    },

    ...accessCalls(http, get),
    ...clusterCalls(http, get),

    listQueues: (params: ListQueuesParams = {}, call?: CallOptions) =>
      get<Page<Queue>>(`${scoped()}/queues`, call, { ...params }),
    getQueue: (name: string, call?: CallOptions) => get<Queue>(queuePath(name), call),
    async declareQueue(name: string, body: DeclareQueueBody = {}): Promise<DeclareResult> {
      const response = await http(queuePath(name), { method: 'PUT', body });
      return { created: response.status === 201 };
    },
    async deleteQueue(name: string, params: DeleteQueueParams = {}): Promise<void> {
      await http(queuePath(name), { method: 'DELETE', query: { ...params } });
    },
    async purgeQueue(name: string): Promise<{ purged: number }> {
      return (await http<{ purged: number }>(`${queuePath(name)}/contents`, { method: 'DELETE' })).body;
    },
    async publishToQueue(name: string, body: Omit<PublishBody, 'routingKey'>): Promise<PublishResult> {
      return (await http<PublishResult>(`${queuePath(name)}/messages`, { method: 'POST', body })).body;
    },

    /**
     * Ready messages in delivery order, without consuming them; with `getAndRequeue: true` (where the broker can only
     * get and requeue) at most 100 from the head, each taken and requeued.
     */
    peekMessages: (name: string, { getAndRequeue, ...params }: PeekParams & { getAndRequeue?: boolean } = {}, call?: CallOptions) =>
      get<MessagePage>(`${queuePath(name)}/messages`, call, { ...params, getAndRequeue: getAndRequeue === true ? true : undefined }),
    async deleteMessage(queue: string, messageId: string): Promise<void> {
      await http(`${queuePath(queue)}/messages/${segment(messageId)}`, { method: 'DELETE' });
    },
    async moveMessage(queue: string, messageId: string, to: MoveTarget): Promise<MoveResult> {
      return (await http<MoveResult>(`${queuePath(queue)}/messages/${segment(messageId)}/move`, { method: 'POST', body: { to } })).body;
    },
    async requeueMessage(queue: string, messageId: string): Promise<RequeueResult> {
      return (await http<RequeueResult>(`${queuePath(queue)}/messages/${segment(messageId)}/requeue`, { method: 'POST' })).body;
    },
    deadLetterCounts: (name: string, call?: CallOptions) => get<DeadLetterCounts>(`${queuePath(name)}/dead-letters`, call),
    /** Starts a replay job; with `dryRun: true` only counts what would move. */
    async replay(name: string, body: ReplayBody): Promise<{ jobId: string } | { count: number }> {
      return (await http<{ jobId: string } | { count: number }>(`${queuePath(name)}/replay`, { method: 'POST', body })).body;
    },
    listJobs: (params: { queue?: string } = {}, call?: CallOptions) => get<Job[]>(`${scoped()}/jobs`, call, { ...params }),
    getJob: (id: string, call?: CallOptions) => get<Job>(`${scoped()}/jobs/${segment(id)}`, call),
    async pauseJob(id: string): Promise<Job> {
      return (await http<Job>(`${scoped()}/jobs/${segment(id)}/pause`, { method: 'POST' })).body;
    },
    async resumeJob(id: string): Promise<Job> {
      return (await http<Job>(`${scoped()}/jobs/${segment(id)}/resume`, { method: 'POST' })).body;
    },
    async cancelJob(id: string): Promise<void> {
      await http(`${scoped()}/jobs/${segment(id)}`, { method: 'DELETE' });
    },

    queueMetrics: (name: string, params: QueueMetricsParams = {}, call?: CallOptions) =>
      get<QueueMetrics>(`${queuePath(name)}/metrics`, call, { ...params }),
    listConsumers: (params: { queue?: string } = {}, call?: CallOptions) =>
      get<Consumer[]>(`${scoped()}/consumers`, call, { ...params }),
    listConnections: (call?: CallOptions) => get<Connection[]>(`${connectionsBase()}/connections`, call),
    getConnection: (id: string, call?: CallOptions) => get<Connection>(`${connectionsBase()}/connections/${segment(id)}`, call),
    /** Closes an AMQP connection with 320 CONNECTION_FORCED; its unacked deliveries return to their queues. */
    async closeConnection(id: string): Promise<void> {
      await http(`${connectionsBase()}/connections/${segment(id)}`, { method: 'DELETE' });
    },

    listExchanges: (call?: CallOptions) => get<Exchange[]>(`${scoped()}/exchanges`, call),
    getExchange: (name: string, call?: CallOptions) => get<ExchangeDetail>(exchangePath(name), call),
    async declareExchange(name: string, body: DeclareExchangeBody): Promise<DeclareResult> {
      const response = await http(exchangePath(name), { method: 'PUT', body });
      return { created: response.status === 201 };
    },
    async deleteExchange(name: string, params: { ifUnused?: boolean } = {}): Promise<void> {
      await http(exchangePath(name), { method: 'DELETE', query: { ...params } });
    },
    async publish(exchange: string, body: PublishBody): Promise<PublishResult> {
      return (await http<PublishResult>(`${exchangePath(exchange)}/publish`, { method: 'POST', body })).body;
    },
    /** Where a message would go, without publishing it. */
    async routeTest(exchange: string, body: RouteTestBody): Promise<RouteTestResult> {
      return (await http<RouteTestResult>(`${exchangePath(exchange)}/route-test`, { method: 'POST', body })).body;
    },

    listBindings: (params: { source?: string; destination?: string } = {}, call?: CallOptions) =>
      get<Binding[]>(`${scoped()}/bindings`, call, { ...params }),
    async createBinding(body: CreateBindingBody): Promise<Binding> {
      return (await http<Binding>(`${scoped()}/bindings`, { method: 'POST', body })).body;
    },
    /** Like createBinding, and tells whether it was new (201) or an identical one already existed (200). */
    async declareBinding(body: CreateBindingBody): Promise<{ created: boolean; binding: Binding }> {
      const response = await http<Binding>(`${scoped()}/bindings`, { method: 'POST', body });
      return { created: response.status === 201, binding: response.body };
    },
    async deleteBinding(id: string): Promise<void> {
      await http(`${scoped()}/bindings/${segment(id)}`, { method: 'DELETE' });
    },

    /** The Server-Sent Events stream of the vhost's overview and queue figures, for an EventSource. */
    eventsPath: (scope: LiveScopeParams = {}) => {
      const query = new URLSearchParams();
      if (scope.scope) query.set('scope', scope.scope);
      if (scope.queues) query.set('queues', scope.queues.map(encodeURIComponent).join(','));
      const text = query.toString();
      return `${scoped()}/events${text ? `?${text}` : ''}`;
    },

    /**
     * The whole node (users, vhosts, permissions and every vhost's topology), or with `vhost: true` the selected
     * vhost's topology, as RabbitMQ's `/api/definitions/{vhost}`. `for: 'rabbitmq'` leaves out hashes RabbitMQ cannot read.
     */
    exportDefinitions: ({ vhost = false, for: target }: DefinitionsScope & { for?: 'rabbitmq' } = {}, call?: CallOptions) =>
      get<DefinitionsExport | VhostDefinitionsExport>(`${vhost ? scoped() : v1}/definitions`, call, { for: target }),
    /** Imports all or nothing (nothing is deleted); with `dryRun` only answers the diff. */
    async importDefinitions(body: DefinitionsImportBody, { dryRun = false, vhost = false }: DefinitionsScope & { dryRun?: boolean } = {}): Promise<DefinitionsDiff> {
      return (await http<DefinitionsDiff>(`${vhost ? scoped() : v1}/definitions`, { method: 'POST', body, query: { dryRun: dryRun ? 'true' : undefined } })).body;
    },
  };
}

export type SwitchboardClient = ReturnType<typeof createSwitchboardClient>;
