/** @module The typed Switchboard HTTP client: one method per API call, shapes from ./types. */
import { createHttp, segment, type HttpOptions } from './http';
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
  Overview,
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
  Job,
  Message,
  MoveResult,
  MoveTarget,
  PeekParams,
  QueueMetrics,
  QueueMetricsParams,
  ReplayBody,
  RequeueResult,
} from './types';

/** Lets a caller (TanStack Query, for one) cancel a request. */
export interface CallOptions {
  signal?: AbortSignal;
}

const v1 = '/api/v1';
const queuePath = (name: string) => `${v1}/queues/${segment(name)}`;
const exchangePath = (name: string) => `${v1}/exchanges/${segment(name)}`;

export function createSwitchboardClient(options: HttpOptions = {}) {
  const http = createHttp(options);
  const get = async <T>(path: string, call: CallOptions = {}, query?: Record<string, string | number | undefined>) =>
    (await http<T>(path, { query, signal: call.signal })).body;

  return {
    health: (call?: CallOptions) => get<Health>(`${v1}/health`, call),
    overview: (call?: CallOptions) => get<Overview>(`${v1}/overview`, call),
    demoStatus: (call?: CallOptions) => get<DemoStatus>(`${v1}/demo`, call),
    /** Starts the demo shop (declaring its topology) or stops it. */
    async controlDemo(action: DemoAction): Promise<DemoStatus> {
      return (await http<DemoStatus>(`${v1}/demo`, { method: 'POST', body: { action } })).body;
    },

    /** Trades the admin token for the dashboard's httpOnly session cookie. */
    async createSession(token: string): Promise<void> {
      await http(`${v1}/session`, { method: 'POST', body: { token } });
    },
    async deleteSession(): Promise<void> {
      await http(`${v1}/session`, { method: 'DELETE' });
    },

    listQueues: (params: ListQueuesParams = {}, call?: CallOptions) =>
      get<Page<Queue>>(`${v1}/queues`, call, { ...params }),
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

    /** Ready messages in delivery order, without consuming them. */
    peekMessages: (name: string, params: PeekParams = {}, call?: CallOptions) =>
      get<Page<Message>>(`${queuePath(name)}/messages`, call, { ...params }),
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
    listJobs: (params: { queue?: string } = {}, call?: CallOptions) => get<Job[]>(`${v1}/jobs`, call, { ...params }),
    getJob: (id: string, call?: CallOptions) => get<Job>(`${v1}/jobs/${segment(id)}`, call),
    async pauseJob(id: string): Promise<Job> {
      return (await http<Job>(`${v1}/jobs/${segment(id)}/pause`, { method: 'POST' })).body;
    },
    async resumeJob(id: string): Promise<Job> {
      return (await http<Job>(`${v1}/jobs/${segment(id)}/resume`, { method: 'POST' })).body;
    },
    async cancelJob(id: string): Promise<void> {
      await http(`${v1}/jobs/${segment(id)}`, { method: 'DELETE' });
    },

    queueMetrics: (name: string, params: QueueMetricsParams = {}, call?: CallOptions) =>
      get<QueueMetrics>(`${queuePath(name)}/metrics`, call, { ...params }),
    listConsumers: (params: { queue?: string } = {}, call?: CallOptions) =>
      get<Consumer[]>(`${v1}/consumers`, call, { ...params }),
    listConnections: (call?: CallOptions) => get<Connection[]>(`${v1}/connections`, call),
    getConnection: (id: string, call?: CallOptions) => get<Connection>(`${v1}/connections/${segment(id)}`, call),
    /** Closes an AMQP connection with 320 CONNECTION_FORCED; its unacked deliveries return to their queues. */
    async closeConnection(id: string): Promise<void> {
      await http(`${v1}/connections/${segment(id)}`, { method: 'DELETE' });
    },

    listExchanges: (call?: CallOptions) => get<Exchange[]>(`${v1}/exchanges`, call),
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
      get<Binding[]>(`${v1}/bindings`, call, { ...params }),
    async createBinding(body: CreateBindingBody): Promise<Binding> {
      return (await http<Binding>(`${v1}/bindings`, { method: 'POST', body })).body;
    },
    /** Like createBinding, and tells whether it was new (201) or an identical one already existed (200). */
    async declareBinding(body: CreateBindingBody): Promise<{ created: boolean; binding: Binding }> {
      const response = await http<Binding>(`${v1}/bindings`, { method: 'POST', body });
      return { created: response.status === 201, binding: response.body };
    },
    async deleteBinding(id: string): Promise<void> {
      await http(`${v1}/bindings/${segment(id)}`, { method: 'DELETE' });
    },

    exportDefinitions: (call?: CallOptions) => get<DefinitionsExport>(`${v1}/definitions`, call),
    /** Imports idempotently (nothing is deleted); with `dryRun` only answers the diff. */
    async importDefinitions(body: DefinitionsImportBody, { dryRun = false }: { dryRun?: boolean } = {}): Promise<DefinitionsDiff> {
      return (await http<DefinitionsDiff>(`${v1}/definitions`, { method: 'POST', body, query: { dryRun: dryRun ? 'true' : undefined } })).body;
    },
  };
}

export type SwitchboardClient = ReturnType<typeof createSwitchboardClient>;
