/**
 * @module The HTTP contract's shapes as the client sees them, derived from the zod schemas that validate the
 * API (lib/api/schemas), so the dashboard and the server cannot drift. Type-only: no zod reaches the browser.
 */
import type { z } from 'zod';
import type { bindingCreateBodySchema, bindingSchema, destinationTypeSchema } from '../api/schemas/bindings';
import type { fieldTableSchema, fieldValueSchema, ratesSchema } from '../api/schemas/common';
import type {
  exchangeDeclareBodySchema,
  exchangeDetailSchema,
  exchangeSchema,
  exchangeTypeSchema,
  routeTestBodySchema,
  routeTestResultSchema,
} from '../api/schemas/exchanges';
import type {
  deliverySchema,
  messagePropertiesSchema,
  messageSchema,
  payloadEncodingSchema,
  publishBodySchema,
  publishResultSchema,
  receiveBodySchema,
} from '../api/schemas/messages';
import type { consumerSchema, liveQueueSchema, liveRankingsSchema, overviewMetricsSchema, queueMetricsSchema } from '../api/schemas/metrics';
import type { deadLetterCountsSchema, jobSchema, replayBodySchema } from '../api/schemas/jobs';
import type { moveResultSchema, moveTargetSchema, requeueResultSchema } from '../api/schemas/message-actions';
import type { queueArgumentsSchema, queueDeclareBodySchema, queueSchema, queueSortSchema } from '../api/schemas/queues';
import type { healthSchema, overviewSchema } from '../api/schemas/system';
import type { channelSchema, connectionSchema } from '../api/schemas/connections';
import type { demoBodySchema, demoStatusSchema } from '../api/schemas/demo';
import type {
  apiKeyCreateBodySchema,
  apiKeyCreatedSchema,
  apiKeySchema,
  permissionPutBodySchema,
  permissionSchema,
  userPutBodySchema,
  userSchema,
  vhostSchema,
  whoamiSchema,
} from '../api/schemas/access';
import type { auditEventSchema, auditOutcomeSchema, auditPageSchema, auditQuerySchema } from '../api/schemas/audit';
import type { definitionsDiffSchema, definitionsExportSchema, definitionsImportSchema, vhostDefinitionsExportSchema } from '../api/schemas/definitions';

export type ExchangeType = z.infer<typeof exchangeTypeSchema>;
export type FieldValue = z.infer<typeof fieldValueSchema>;
export type FieldTable = z.infer<typeof fieldTableSchema>;
/** Per-second rates over the last 5 s. */
export type Rates = z.infer<typeof ratesSchema>;
export type Health = z.infer<typeof healthSchema>;
export type Overview = z.infer<typeof overviewSchema>;
/** Whether the demo shop runs. */
export type DemoStatus = z.infer<typeof demoStatusSchema>;
export type DemoAction = z.infer<typeof demoBodySchema>['action'];
export type Exchange = z.infer<typeof exchangeSchema>;
export type ExchangeDetail = z.infer<typeof exchangeDetailSchema>;
export type DeclareExchangeBody = z.input<typeof exchangeDeclareBodySchema>;
export type RouteTestBody = z.input<typeof routeTestBodySchema>;
/** Queues a message would reach and every hop on the way (exchange-to-exchange and alternate exchanges included). */
export type RouteTestResult = z.infer<typeof routeTestResultSchema>;
export type QueueArguments = z.input<typeof queueArgumentsSchema>;
export type Overflow = NonNullable<QueueArguments['overflow']>;
export type Queue = z.infer<typeof queueSchema>;
/** A sort key of the queue list: a field, `-` first for descending. */
export type QueueSort = z.infer<typeof queueSortSchema>;
/** A queue's chart series over a window: same-length arrays, one point per step. */
export type QueueMetrics = z.infer<typeof queueMetricsSchema>;
export type Consumer = z.infer<typeof consumerSchema>;
/** An open AMQP connection, with its channels in `channelDetails`. */
export type Connection = z.infer<typeof connectionSchema>;
export type Channel = z.infer<typeof channelSchema>;
/** One queue's figures in the `queues` event of /events. */
export type LiveQueue = z.infer<typeof liveQueueSchema>;
/** The overview's rankings in the `rankings` event of /events?scope=overview. */
export type LiveRankings = z.infer<typeof liveRankingsSchema>;
/** The vhost's totals second by second over the last minutes (GET /overview/metrics). */
export type OverviewMetrics = z.infer<typeof overviewMetricsSchema>;
export type DeclareQueueBody = z.input<typeof queueDeclareBodySchema>;
export type DestinationType = z.infer<typeof destinationTypeSchema>;
export type Binding = z.infer<typeof bindingSchema>;
export type CreateBindingBody = z.input<typeof bindingCreateBodySchema>;
export type MessageProperties = z.infer<typeof messagePropertiesSchema>;
export type PayloadEncoding = z.infer<typeof payloadEncodingSchema>;
export type PublishBody = z.input<typeof publishBodySchema>;
export type PublishResult = z.infer<typeof publishResultSchema>;
export type Message = z.infer<typeof messageSchema>;
export type Delivery = z.infer<typeof deliverySchema>;
export type ReceiveBody = z.input<typeof receiveBodySchema>;

/** A page of the message browser: each request reads a bounded part of the queue (see `scanned`, `ready`). */
export interface MessagePage extends Page<Message> {
  /** Ready messages this request read to find its items. */
  scanned: number;
  /** Ready messages in the queue when it answered. */
  ready: number;
}

/** A page of a cursor-paginated list. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface ListQueuesParams {
  search?: string;
  sort?: QueueSort;
  limit?: number;
  cursor?: string;
}

/** Declaring is idempotent: `created` is false when an identical one already existed (200, not 201). */
export interface DeclareResult {
  created: boolean;
}

export interface DeleteQueueParams {
  ifEmpty?: boolean;
  ifUnused?: boolean;
}

/** What an /events stream shows: `scope` (every queue by default, or the overview with rankings) and named queues. */
export interface LiveScopeParams {
  scope?: 'queues' | 'overview';
  queues?: readonly string[];
}

export interface QueueMetricsParams {
  /** 1 minute to 30 days, ending now. */
  windowMs?: number;
  /** Width of one point; left out, the broker picks one. */
  stepMs?: number;
}

/** Where a single message moves to: a queue, or an exchange with a routing key. */
export type MoveTarget = z.infer<typeof moveTargetSchema>;
export type MoveResult = z.infer<typeof moveResultSchema>;
export type RequeueResult = z.infer<typeof requeueResultSchema>;
export type ReplayBody = z.input<typeof replayBodySchema>;
export type Job = z.infer<typeof jobSchema>;
export type DeadLetterCounts = z.infer<typeof deadLetterCountsSchema>;
/** Topology in RabbitMQ's definitions format, as `GET /definitions` exports it. */
export type DefinitionsExport = z.infer<typeof definitionsExportSchema>;
/** One vhost's topology, as `GET /vhosts/{vhost}/definitions` exports it. */
export type VhostDefinitionsExport = z.infer<typeof vhostDefinitionsExportSchema>;
/** What `POST /definitions` accepts: a RabbitMQ (or Switchboard) export; other top-level keys are ignored. */
export type DefinitionsImportBody = z.input<typeof definitionsImportSchema>;
/** An import's diff: added, changed (refuses the import), removed (never deleted), and warnings. */
export type DefinitionsDiff = z.infer<typeof definitionsDiffSchema>;

export interface PeekParams {
  cursor?: string;
  limit?: number;
  search?: string;
  /** Only messages stored since this time (ISO 8601). */
  since?: string;
}

// Users, vhosts, permissions, API keys and the audit log.

export type PermissionKind = 'configure' | 'write' | 'read';
/** `GET /whoami`: the caller, its tags, the API key in use, its permissions, and the vhosts it may see. */
export type Whoami = z.infer<typeof whoamiSchema>;
/** One user's three permission patterns in one vhost. */
export type VhostPermission = Whoami['permissions'][number];
export type User = z.infer<typeof userSchema>;
/** Leaving out `password` keeps the one the user has. */
export type PutUserBody = z.input<typeof userPutBodySchema>;
export type Vhost = z.infer<typeof vhostSchema>;
export type Permission = z.infer<typeof permissionSchema>;
export type PermissionPatterns = z.infer<typeof permissionPutBodySchema>;
export type ApiKey = z.infer<typeof apiKeySchema>;
export type CreateApiKeyBody = z.input<typeof apiKeyCreateBodySchema>;
/** The answer to creating a key: the secret, shown this once. */
export type CreatedApiKey = z.infer<typeof apiKeyCreatedSchema>;
export type AuditOutcome = z.infer<typeof auditOutcomeSchema>;
export type AuditEvent = z.infer<typeof auditEventSchema>;
export type AuditPage = z.infer<typeof auditPageSchema>;
/** The audit log's search (a page of JSON; the downloads take the same filters). */
export type AuditQuery = Partial<Omit<z.infer<typeof auditQuerySchema>, 'format'>>;
