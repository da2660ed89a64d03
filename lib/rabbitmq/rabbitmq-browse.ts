/**
 * @module Browsing a queue of an attached RabbitMQ cluster. RabbitMQ has no way to read a classic or quorum queue
 * without taking the messages: the management API's "get messages" (what its own UI does) takes them and requeues
 * them, which sets `redelivered` and, on a quorum queue, moves them to the tail. So it is done only when asked for in
 * so many words, and at most BROWSE_BY_GET_LIMIT at a time, from the head. A stream is read by offset instead, with no
 * side effect at all, from a cursor that is the next offset.
 */
import type { ConsumeMessage, MessageProperties as MessagePropertyHeaders } from 'amqplib';
import { EngineError } from '../engine/errors';
import { messageMatches } from '../engine/inspection';
import type { FieldTable, MessageProperties } from '../engine/types';
import type { MessageJson, MessagePageJson } from '@/lib/api/schemas/messages';
import { encodePayload } from '@/lib/api/serialize';
import type { BrowseQuery } from '../backend/broker-backend';
import type { ClusterAmqp } from './cluster-amqp';

/** Most messages one get-and-requeue browse takes from the head of a classic or quorum queue. */
export const BROWSE_BY_GET_LIMIT = 100;
/** A stream read stops when no message came for this long: the end of the stream. */
const STREAM_QUIET_MS = 500;


type Json = Record<string, unknown>;
const record = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** RabbitMQ's snake_case basic properties (management API) as the API's. */
export function fromRabbitProperties(raw: unknown): MessageProperties {
  const p = record(raw);
  const out: MessageProperties = {};
  if (Object.keys(record(p.headers)).length > 0) out.headers = record(p.headers) as FieldTable;
  const strings = { messageId: 'message_id', correlationId: 'correlation_id', replyTo: 'reply_to', contentType: 'content_type', contentEncoding: 'content_encoding', type: 'type', appId: 'app_id', userId: 'user_id', clusterId: 'cluster_id' } as const;
  for (const [field, key] of Object.entries(strings)) {
    const value = text(p[key]);
    if (value !== undefined) out[field as keyof typeof strings] = value;
  }
  if (typeof p.priority === 'number') out.priority = p.priority;
  if (text(p.expiration) !== undefined && Number.isFinite(Number(p.expiration))) out.expirationMs = Number(p.expiration);
  if (typeof p.delivery_mode === 'number') out.persistent = p.delivery_mode === 2;
  // AMQP's timestamp counts seconds; the API's, milliseconds.
  if (typeof p.timestamp === 'number') out.timestamp = p.timestamp * 1000;
  return out;
}

/** A message without an id of its own is named by its place in this page: RabbitMQ keeps no id for it. */
const idOf = (properties: MessageProperties, place: number) => properties.messageId ?? `#${place + 1}`;

const deliveryCountOf = (properties: MessageProperties, redelivered: boolean) => {
  const counted = properties.headers?.['x-delivery-count'];
  return typeof counted === 'number' ? counted : redelivered ? 1 : 0;
};

function fromRabbitGet(raw: unknown, place: number): MessageJson {
  const message = record(raw);
  const properties = fromRabbitProperties(message.properties);
  const redelivered = message.redelivered === true;
  const payload = Buffer.from(text(message.payload) ?? '', message.payload_encoding === 'base64' ? 'base64' : 'utf8');
  return {
    messageId: idOf(properties, place),
    exchange: text(message.exchange) ?? '',
    routingKey: text(message.routing_key) ?? '',
    ...encodePayload(payload),
    properties,
    redelivered,
    deliveryCount: deliveryCountOf(properties, redelivered),
    publishedAt: properties.timestamp ?? null,
  };
}

const matches = (message: MessageJson, search: string | undefined) =>
  !search ||
  messageMatches(
    { messageId: message.messageId, routingKey: message.routingKey, properties: message.properties, payload: Buffer.from(message.payload, message.payloadEncoding) },
    search.toLowerCase(),
  );

/** Classic and quorum queues: the management API's get with requeue, from the head, refused unless asked for. */
export async function browseByGet(
  get: (count: number) => Promise<unknown[]>,
  ready: number,
  query: BrowseQuery,
): Promise<MessagePageJson> {
  if (!query.getAndRequeue) {
    throw new EngineError('not_supported', 'Browsing a RabbitMQ classic or quorum queue takes the messages and requeues them: ask for it with getAndRequeue=true', {
      reason: 'RabbitMQ cannot read these queues without taking the messages: they come back with redelivered set, and a quorum queue puts them at its tail',
      capability: 'sideEffectFreeBrowse',
    });
  }
  if (query.cursor !== undefined) {
    throw new EngineError('bad_request', `A get-and-requeue browse reads only the head of the queue (at most ${BROWSE_BY_GET_LIMIT} messages): it has no next page`, { field: 'cursor' });
  }
  const taken = (await get(Math.min(query.limit, BROWSE_BY_GET_LIMIT))).map(fromRabbitGet);
  return { items: taken.filter((message) => matches(message, query.search)), scanned: taken.length, ready };
}

/** A stream: consumed from an offset with manual acks (credit only, nothing leaves a stream), then the consumer ends. */
export async function browseStream(amqp: ClusterAmqp, vhost: string, queue: string, ready: number, query: BrowseQuery, signal?: AbortSignal): Promise<MessagePageJson> {
  const from = streamOffset(query);
  const read: { message: MessageJson; offset: number }[] = [];
  await amqp.withChannel(
    vhost,
    async (channel) => {
      await channel.prefetch(query.limit);
      await new Promise<void>((resolve, reject) => {
        let quiet = setTimeout(resolve, STREAM_QUIET_MS * 4);
        const onMessage = (delivered: ConsumeMessage | null) => {
          if (!delivered) return resolve();
          channel.ack(delivered);
          const offset = Number(delivered.properties.headers?.['x-stream-offset'] ?? -1);
          if (read.length < query.limit) read.push({ message: fromConsumed(delivered, read.length), offset });
          clearTimeout(quiet);
          quiet = setTimeout(resolve, STREAM_QUIET_MS);
          if (read.length >= query.limit) resolve();
        };
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        channel.consume(queue, onMessage, { noAck: false, arguments: { 'x-stream-offset': from } }).catch(reject);
      });
    },
    signal,
  );
  const last = read.at(-1);
  return {
    items: read.map(({ message }) => message).filter((message) => matches(message, query.search)),
    ...(read.length >= query.limit && last && last.offset >= 0 ? { nextCursor: String(last.offset + 1) } : {}),
    scanned: read.length,
    ready,
  };
}

/**
 * Where a read of a stream starts: the cursor's offset, else the first chunk written at or after `since` (an AMQP
 * timestamp, in seconds, which amqplib writes from its typed form), else the first message kept.
 */
function streamOffset(query: BrowseQuery): 'first' | number | { '!': 'timestamp'; value: number } {
  if (query.cursor === undefined) return query.since === undefined ? 'first' : { '!': 'timestamp', value: Math.floor(query.since / 1000) };
  const offset = Number(query.cursor);
  if (!Number.isSafeInteger(offset) || offset < 0) throw new EngineError('bad_request', `cursor ${query.cursor} is not an offset of this stream`, { field: 'cursor' });
  return offset;
}

/** amqplib's message properties (camelCase, AMQP's seconds) as the API's. */
export function fromAmqpProperties(p: MessagePropertyHeaders): MessageProperties {
  return fromRabbitProperties({
    headers: untyped(p.headers),
    message_id: p.messageId,
    correlation_id: p.correlationId,
    reply_to: p.replyTo,
    content_type: p.contentType,
    content_encoding: p.contentEncoding,
    type: p.type,
    app_id: p.appId,
    user_id: p.userId,
    cluster_id: p.clusterId,
    priority: p.priority,
    expiration: p.expiration,
    delivery_mode: p.deliveryMode,
    timestamp: p.timestamp,
  });
}

/**
 * amqplib reads some AMQP field types (a timestamp, a decimal) as `{'!': type, value}`; the API shows the value, as
 * RabbitMQ's management API does (x-death's `time` in seconds).
 */
function untyped(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(untyped);
  if (typeof value !== 'object' || value === null || Buffer.isBuffer(value)) return value;
  if ('!' in value && 'value' in value) return untyped((value as { value: unknown }).value);
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, untyped(inner)]));
}

function fromConsumed(delivered: ConsumeMessage, place: number): MessageJson {
  const { fields } = delivered;
  const properties = fromAmqpProperties(delivered.properties);
  return {
    messageId: idOf(properties, place),
    exchange: fields.exchange,
    routingKey: fields.routingKey,
    ...encodePayload(delivered.content),
    properties,
    redelivered: fields.redelivered,
    deliveryCount: deliveryCountOf(properties, fields.redelivered),
    publishedAt: properties.timestamp ?? null,
  };
}
