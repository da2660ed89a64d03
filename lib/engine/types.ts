/** @module The broker's vocabulary: exchanges, queues, bindings, messages and deliveries. */

export type ExchangeType = 'direct' | 'fanout' | 'topic' | 'headers';

/** Header and argument values as JSON carries them; `null` stands for AMQP's void. */
export type FieldValue = string | number | boolean | null | FieldValue[] | { [key: string]: FieldValue };
export type FieldTable = Record<string, FieldValue>;

export interface ExchangeSettings {
  type: ExchangeType;
  durable: boolean;
  autoDelete: boolean;
  internal: boolean;
  alternateExchange?: string;
  arguments: FieldTable;
}

export interface ExchangeInfo extends ExchangeSettings {
  name: string;
}

export type OverflowBehaviour = 'drop-head' | 'reject-publish' | 'reject-publish-dlx';

export interface QueueArguments {
  messageTtlMs?: number;
  expiresMs?: number;
  maxLength?: number;
  maxLengthBytes?: number;
  overflow?: OverflowBehaviour;
  maxPriority?: number;
  deadLetterExchange?: string;
  deadLetterRoutingKey?: string;
  deliveryLimit?: number;
  /** `quorum`, or absent for a classic queue (kept in the arguments, so it is stored and survives a restart). */
  queueType?: 'classic' | 'quorum';
}

export interface QueueSettings {
  durable: boolean;
  autoDelete: boolean;
  /** Connection id that owns an exclusive queue (AMQP); undefined for shared queues. */
  exclusiveOwner?: string;
  arguments: QueueArguments;
}

export interface QueueInfo extends QueueSettings {
  name: string;
}

export type DestinationType = 'queue' | 'exchange';

export interface BindingSpec {
  source: string;
  destination: string;
  destinationType: DestinationType;
  routingKey: string;
  arguments: FieldTable;
}

export interface BindingInfo extends BindingSpec {
  id: string;
}

export interface MessageProperties {
  headers?: FieldTable;
  messageId?: string;
  correlationId?: string;
  replyTo?: string;
  contentType?: string;
  contentEncoding?: string;
  type?: string;
  appId?: string;
  userId?: string;
  priority?: number;
  expirationMs?: number;
  persistent?: boolean;
  timestamp?: number;
  /** AMQP's cluster-id: deprecated in 0-9-1, yet RabbitMQ carries it through, so a client that sets it sees it again. */
  clusterId?: string;
}

export type DeathReason = 'rejected' | 'expired' | 'maxlen' | 'delivery_limit';

/** One `x-death` entry, shaped as RabbitMQ writes it (`time` in seconds). */
export interface DeathEntry {
  queue: string;
  reason: DeathReason;
  count: number;
  exchange: string;
  'routing-keys': string[];
  time: number;
  'original-expiration'?: string;
}

/** What a publisher hands the broker. */
export interface PublishInput {
  exchange: string;
  routingKey: string;
  payload: Buffer;
  properties?: MessageProperties;
  mandatory?: boolean;
}

export interface PublishResult {
  routed: boolean;
  queues: number;
  messageId: string;
  /** Queues whose reject-publish overflow refused the message. */
  rejectedBy: string[];
}

/**
 * One copy of a message in one queue: what the store keeps and what the queue orders.
 * `seq` is unique across the broker and orders messages within a priority.
 */
export interface QueuedMessage {
  seq: number;
  queue: string;
  messageId: string;
  exchange: string;
  routingKey: string;
  /** The routing key and CC keys the message was published with; dead-lettering reuses them. */
  routingKeys: string[];
  payload: Buffer;
  properties: MessageProperties;
  priority: number;
  persistent: boolean;
  publishedAt: number;
  expiresAt: number | null;
  deliveryCount: number;
}

/** A message handed to a consumer; `deliveryTag` settles it with ack or nack. */
export interface Delivery {
  deliveryTag: string;
  messageId: string;
  exchange: string;
  routingKey: string;
  payload: Buffer;
  properties: MessageProperties;
  redelivered: boolean;
  deliveryCount: number;
  publishedAt: number;
  queue: string;
}

export interface RateSet {
  publish: number;
  deliver: number;
  ack: number;
  redeliver: number;
  deadLetter: number;
}

export interface QueueStats extends QueueInfo {
  messagesReady: number;
  messagesUnacked: number;
  messages: number;
  bytesReady: number;
  consumers: number;
  oldestReadyAgeMs: number | null;
  rates: RateSet;
}
