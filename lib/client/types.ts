/**
 * @module The HTTP contract's shapes (shared/API.md) as the client sees them. Field names match the
 * contract exactly; the API layer validates the same shapes with its own zod schemas.
 */

export type ExchangeType = 'direct' | 'fanout' | 'topic' | 'headers';

/** Header and argument values as JSON carries them; `null` stands for AMQP's void. */
export type FieldValue = string | number | boolean | null | FieldValue[] | { [key: string]: FieldValue };
export type FieldTable = Record<string, FieldValue>;

/** Per-second rates over the last 5 s. */
export interface Rates {
  publish: number;
  deliver: number;
  ack: number;
  redeliver: number;
  deadLetter: number;
}

export interface Health {
  status: 'ok';
  version: string;
  uptimeMs: number;
  storage: 'sqlite' | 'postgres';
}

export interface Overview {
  queues: number;
  exchanges: number;
  bindings: number;
  consumers: number;
  messagesReady: number;
  messagesUnacked: number;
  rates: Rates;
}

/** A page of a cursor-paginated list. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface Exchange {
  name: string;
  type: ExchangeType;
  durable: boolean;
  autoDelete: boolean;
  internal: boolean;
  alternateExchange?: string;
  arguments: FieldTable;
}

export interface ExchangeDetail extends Exchange {
  bindings: { outgoing: Binding[]; incoming: Binding[] };
}

export interface DeclareExchangeBody {
  type: ExchangeType;
  durable?: boolean;
  autoDelete?: boolean;
  internal?: boolean;
  alternateExchange?: string;
  arguments?: FieldTable;
}

export type Overflow = 'drop-head' | 'reject-publish' | 'reject-publish-dlx';

export interface QueueArguments {
  messageTtlMs?: number;
  expiresMs?: number;
  maxLength?: number;
  maxLengthBytes?: number;
  overflow?: Overflow;
  maxPriority?: number;
  deadLetterExchange?: string;
  deadLetterRoutingKey?: string;
  deliveryLimit?: number;
}

export interface Queue {
  name: string;
  durable: boolean;
  autoDelete: boolean;
  arguments: QueueArguments;
  messagesReady: number;
  messagesUnacked: number;
  messages: number;
  bytesReady: number;
  consumers: number;
  oldestReadyAgeMs: number | null;
  rates: Rates;
}

export interface ListQueuesParams {
  search?: string;
  sort?: string;
  limit?: number;
  cursor?: string;
}

export interface DeclareQueueBody {
  durable?: boolean;
  autoDelete?: boolean;
  arguments?: QueueArguments;
}

/** Declaring is idempotent: `created` is false when an identical one already existed (200, not 201). */
export interface DeclareResult {
  created: boolean;
}

export interface DeleteQueueParams {
  ifEmpty?: boolean;
  ifUnused?: boolean;
}

export type DestinationType = 'queue' | 'exchange';

export interface Binding {
  id: string;
  source: string;
  destination: string;
  destinationType: DestinationType;
  routingKey: string;
  arguments: FieldTable;
}

export interface CreateBindingBody {
  source: string;
  destination: string;
  destinationType?: DestinationType;
  routingKey?: string;
  arguments?: FieldTable;
}

export interface MessageProperties {
  headers?: FieldTable;
  messageId?: string;
  correlationId?: string;
  replyTo?: string;
  contentType?: string;
  type?: string;
  appId?: string;
  priority?: number;
  expirationMs?: number;
  persistent?: boolean;
  timestamp?: number;
}

export type PayloadEncoding = 'utf8' | 'base64';

export interface PublishBody {
  routingKey?: string;
  payload: string;
  payloadEncoding?: PayloadEncoding;
  mandatory?: boolean;
  properties?: MessageProperties;
}

export interface PublishResult {
  routed: boolean;
  queues: number;
  messageId: string;
}

export type DeathReason = 'rejected' | 'expired' | 'maxlen' | 'delivery_limit';

/** One `x-death` entry as RabbitMQ writes it (`time` in seconds). */
export interface DeathEntry {
  queue: string;
  reason: DeathReason;
  count: number;
  exchange: string;
  'routing-keys': string[];
  time: number;
}

/** A ready message seen by browsing: a Delivery without its deliveryTag. */
export interface Message {
  messageId: string;
  exchange: string;
  routingKey: string;
  payload: string;
  payloadEncoding: PayloadEncoding;
  properties: MessageProperties;
  redelivered: boolean;
  deliveryCount: number;
  publishedAt: number;
}

export interface Delivery extends Message {
  deliveryTag: string;
}

export interface ReceiveBody {
  max?: number;
  waitMs?: number;
  visibilityTimeoutMs?: number;
}
