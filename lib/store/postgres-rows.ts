/**
 * @module Rows of the PostgreSQL tables as node-postgres returns them, and their mapping to the engine's types. Unlike
 * SQLite's, the flags are real booleans, `payload` (BYTEA) is read as base64 into a Buffer, and the BIGINT columns (`seq`,
 * `published_at`, `expires_at`, `started_at`) arrive as JS numbers through {@link STORE_TYPES}.
 */
import pg from 'pg';
import type { ExchangeInfo, ExchangeType, QueueInfo, QueuedMessage } from '../engine/types';

const INT8_OID = 20;

/**
 * The store connection's type parsers: BIGINT (and COUNT(*)) as a JS number instead of node-postgres's default
 * string. Seqs and millisecond timestamps stay far below 2^53, where a number is exact. Set on the store's own
 * client only, so other users of `pg` in the process keep the driver's defaults.
 */
export const STORE_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface ExchangeRow {
  name: string;
  type: string;
  durable: boolean;
  auto_delete: boolean;
  internal: boolean;
  alternate_exchange: string | null;
  arguments: string;
}

/** A raw row (an array, in this column order): a start reads one per stored queue, 100,000 of them at scale. */
export type QueueRow = [name: string, durable: boolean, autoDelete: boolean, exclusiveOwner: string | null, args: string];

export interface MessageRow {
  seq: number;
  queue: string;
  priority: number;
  message_id: string;
  exchange: string;
  routing_key: string;
  routing_keys: string;
  /** Base64 (see MESSAGE_SELECT). */
  payload: string;
  properties: string;
  persistent: boolean;
  published_at: number;
  expires_at: number | null;
  delivery_count: number;
}

/** The columns of the messages table the store writes, in the insert's order. */
export const MESSAGE_COLUMNS = [
  'seq, queue, priority, message_id, exchange, routing_key, routing_keys, payload,',
  'properties, persistent, published_at, expires_at, delivery_count',
].join(' ');

/**
 * The columns of a MessageRow. The payload is read as base64 (2.5 times faster than node-postgres's hex text for
 * large payloads, measured: a third fewer bytes to receive and decode); PostgreSQL breaks it into lines, and
 * Buffer.from skips the line breaks.
 */
export const MESSAGE_SELECT = MESSAGE_COLUMNS.replace('payload,', "encode(payload, 'base64') AS payload,");

export function exchangeFromRow(row: ExchangeRow): ExchangeInfo {
  const exchange: ExchangeInfo = {
    name: row.name,
    type: row.type as ExchangeType,
    durable: row.durable,
    autoDelete: row.auto_delete,
    internal: row.internal,
    arguments: JSON.parse(row.arguments),
  };
  if (row.alternate_exchange !== null) exchange.alternateExchange = row.alternate_exchange;
  return exchange;
}

export function queueFromRow([name, durable, autoDelete, exclusiveOwner, args]: QueueRow): QueueInfo {
  // Most queues have no arguments: '{}' needs no parser.
  const queue: QueueInfo = { name, durable, autoDelete, arguments: args === '{}' ? {} : JSON.parse(args) };
  if (exclusiveOwner !== null) queue.exclusiveOwner = exclusiveOwner;
  return queue;
}

/**
 * PostgreSQL's text cannot hold NUL (U+0000), which AMQP allows in a message id or a routing key. Such free text is
 * stored with NUL as U+FFFF '0' and U+FFFF itself doubled, so it comes back exactly; text with neither (nearly all)
 * is stored as it is. Names cannot hold NUL (lib/engine/names.ts), and JSON columns escape it themselves.
 */
const ESCAPE = '\uFFFF';

export function toPostgresText(text: string): string {
  if (!text.includes('\u0000') && !text.includes(ESCAPE)) return text;
  return text.replace(/[\u0000\uFFFF]/g, (c) => (c === ESCAPE ? ESCAPE + ESCAPE : `${ESCAPE}0`));
}

export function fromPostgresText(text: string): string {
  if (!text.includes(ESCAPE)) return text;
  return text.replace(/\uFFFF([0\uFFFF])/g, (_, c: string) => (c === '0' ? '\u0000' : ESCAPE));
}

export function messageFromRow(row: MessageRow): QueuedMessage {
  return {
    seq: row.seq,
    queue: row.queue,
    messageId: fromPostgresText(row.message_id),
    exchange: row.exchange,
    routingKey: fromPostgresText(row.routing_key),
    routingKeys: JSON.parse(row.routing_keys),
    payload: Buffer.from(row.payload, 'base64'),
    properties: JSON.parse(row.properties),
    priority: row.priority,
    persistent: row.persistent,
    publishedAt: row.published_at,
    expiresAt: row.expires_at,
    deliveryCount: row.delivery_count,
  };
}

/**
 * The parameters of {@link SQL.insertMessages} for some messages of one vhost: one array per column, so a single
 * `INSERT ... SELECT FROM unnest(...)` stores them all. The payloads travel as ONE binary parameter (all of them
 * end to end, with each one's offset and length): node-postgres sends a Buffer as binary, where an array of
 * them would go as hex text, twice the bytes, that PostgreSQL parses several times slower.
 */
export function insertParameters(vhost: string, messages: readonly QueuedMessage[]): unknown[] {
  const n = messages.length;
  const [seqs, queues, priorities, messageIds, exchanges, routingKeys, routingKeyLists] = Array.from({ length: 7 }, () => new Array<unknown>(n));
  const [offsets, lengths, properties, persistent, publishedAt, expiresAt, deliveryCounts] = Array.from({ length: 7 }, () => new Array<unknown>(n));
  let offset = 0;
  let highWater = 0;
  messages.forEach((m, i) => {
    seqs[i] = m.seq;
    queues[i] = m.queue;
    priorities[i] = m.priority;
    messageIds[i] = toPostgresText(m.messageId);
    exchanges[i] = m.exchange;
    routingKeys[i] = toPostgresText(m.routingKey);
    routingKeyLists[i] = JSON.stringify(m.routingKeys);
    offsets[i] = offset;
    lengths[i] = m.payload.length;
    offset += m.payload.length;
    properties[i] = JSON.stringify(m.properties);
    persistent[i] = m.persistent;
    publishedAt[i] = m.publishedAt;
    expiresAt[i] = m.expiresAt;
    deliveryCounts[i] = m.deliveryCount;
    highWater = Math.max(highWater, m.seq);
  });
  const payloads = Buffer.concat(messages.map((m) => m.payload), offset);
  return [
    vhost, seqs, queues, priorities, messageIds, exchanges, routingKeys, routingKeyLists,
    offsets, lengths, properties, persistent, publishedAt, expiresAt, deliveryCounts, payloads, highWater,
  ];
}

/**
 * Payload bytes per insert statement (its payloads travel as one parameter): a turn that stored many large messages
 * is split into several statements of the same transaction, so no parameter nears PostgreSQL's 1 GB per value and
 * the copy made to send them stays bounded.
 */
export const INSERT_CHUNK_BYTES = 16 * 1024 * 1024;

/** A batch's inserts split into statements of at most {@link INSERT_CHUNK_BYTES} of payload (at least one message each). */
export function insertChunks(inserts: QueuedMessage[]): QueuedMessage[][] {
  const chunks: QueuedMessage[][] = [];
  let chunk: QueuedMessage[] = [];
  let bytes = 0;
  for (const m of inserts) {
    if (chunk.length && bytes + m.payload.length > INSERT_CHUNK_BYTES) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(m);
    bytes += m.payload.length;
  }
  if (chunk.length) chunks.push(chunk);
  return chunks;
}
