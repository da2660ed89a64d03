/** @module Rows of the SQLite tables as better-sqlite3 returns them, and their mapping to the engine's types. */
import type { ExchangeInfo, ExchangeType, QueueInfo, QueuedMessage } from '../engine/types';

/** SQLite has no boolean: Prisma's BOOLEAN columns hold 0 or 1. */
type Flag = 0 | 1;

export interface ExchangeRow {
  vhost: string;
  name: string;
  type: string;
  durable: Flag;
  auto_delete: Flag;
  internal: Flag;
  alternate_exchange: string | null;
  arguments: string;
}

/** A raw row (an array, in this column order): a start reads one per stored queue, 100,000 of them at scale. */
export type QueueRow = [name: string, durable: Flag, autoDelete: Flag, exclusiveOwner: string | null, args: string];

export interface MessageRow {
  seq: number;
  queue: string;
  priority: number;
  message_id: string;
  exchange: string;
  routing_key: string;
  routing_keys: string;
  payload: Buffer | null;
  properties: string;
  persistent: Flag;
  published_at: number;
  expires_at: number | null;
  delivery_count: number;
}

export function exchangeFromRow(row: ExchangeRow): ExchangeInfo {
  const exchange: ExchangeInfo = {
    name: row.name,
    type: row.type as ExchangeType,
    durable: row.durable === 1,
    autoDelete: row.auto_delete === 1,
    internal: row.internal === 1,
    arguments: JSON.parse(row.arguments),
  };
  if (row.alternate_exchange !== null) exchange.alternateExchange = row.alternate_exchange;
  return exchange;
}

export function queueFromRow([name, durable, autoDelete, exclusiveOwner, args]: QueueRow): QueueInfo {
  // Most queues have no arguments: '{}' needs no parser.
  const queue: QueueInfo = { name, durable: durable === 1, autoDelete: autoDelete === 1, arguments: args === '{}' ? {} : JSON.parse(args) };
  if (exclusiveOwner !== null) queue.exclusiveOwner = exclusiveOwner;
  return queue;
}

const EMPTY_PAYLOAD = Buffer.alloc(0);

export function messageFromRow(row: MessageRow): QueuedMessage {
  return {
    seq: row.seq,
    queue: row.queue,
    messageId: row.message_id,
    exchange: row.exchange,
    routingKey: row.routing_key,
    routingKeys: JSON.parse(row.routing_keys),
    // A zero-length BLOB may come back as NULL from some SQLite builds.
    payload: row.payload ?? EMPTY_PAYLOAD,
    properties: JSON.parse(row.properties),
    priority: row.priority,
    persistent: row.persistent === 1,
    publishedAt: row.published_at,
    expiresAt: row.expires_at,
    deliveryCount: row.delivery_count,
  };
}
