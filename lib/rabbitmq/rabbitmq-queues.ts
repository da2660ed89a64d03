/**
 * @module RabbitMQ's management API queues as the API shows queues: its `x-` arguments under the names of the one rule
 * table (lib/engine/queue-arguments.ts), its message stats as rates, and our list query as its `page`/`sort` query.
 */
import { EngineError } from '../engine/errors';
import { QUEUE_ARGUMENT_RULES } from '../engine/queue-arguments';
import type { Queue, QueueDeclareBody, QueueListQuery } from '@/lib/api/schemas/queues';

/** RabbitMQ's management API serves at most 500 items a page. */
export const RABBIT_MAX_PAGE_SIZE = 500;

const FIELD_OF_ARGUMENT = new Map<string, string>(Object.entries(QUEUE_ARGUMENT_RULES).map(([field, rule]) => [rule.argument, field]));

/** RabbitMQ's sort keys for ours; none for the oldest ready message's age, which RabbitMQ does not measure. */
const RABBIT_SORT: Record<string, string | undefined> = {
  name: 'name',
  messages: 'messages',
  messagesReady: 'messages_ready',
  messagesUnacked: 'messages_unacknowledged',
  consumers: 'consumers',
  publishRate: 'message_stats.publish_details.rate',
  deliverRate: 'message_stats.deliver_get_details.rate',
  ackRate: 'message_stats.ack_details.rate',
};

type Json = Record<string, unknown>;
const record = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const rate = (stats: Json, key: string) => count(record(stats[`${key}_details`]).rate);

export function fromRabbitQueue(raw: unknown): Queue {
  const queue = record(raw);
  const stats = record(queue.message_stats);
  const args: Record<string, unknown> = {};
  for (const [argument, value] of Object.entries(record(queue.arguments))) {
    const field = FIELD_OF_ARGUMENT.get(argument);
    if (field && field !== 'queueType') args[field] = value;
  }
  return {
    name: String(queue.name ?? ''),
    durable: queue.durable === true,
    autoDelete: queue.auto_delete === true,
    exclusive: queue.exclusive === true || (typeof queue.owner_pid_details === 'object' && queue.owner_pid_details !== null),
    type: queue.type === 'quorum' || queue.type === 'stream' ? queue.type : 'classic',
    arguments: args as Queue['arguments'],
    messagesReady: count(queue.messages_ready),
    messagesUnacked: count(queue.messages_unacknowledged),
    messages: count(queue.messages),
    bytesReady: count(queue.message_bytes_ready),
    consumers: count(queue.consumers),
    // RabbitMQ keeps no age of the oldest ready message (only the head's timestamp property, when publishers set it).
    oldestReadyAgeMs: null,
    rates: {
      publish: rate(stats, 'publish'),
      deliver: rate(stats, 'deliver_get'),
      ack: rate(stats, 'ack'),
      redeliver: rate(stats, 'redeliver'),
      deadLetter: 0,
    },
  };
}

/** The management API's query of one page; the cursor is the page number RabbitMQ counts from 1. */
export function rabbitListQuery(query: QueueListQuery): { search: string; page: number; pageSize: number } {
  const descending = query.sort.startsWith('-');
  const key = descending ? query.sort.slice(1) : query.sort;
  const sort = RABBIT_SORT[key];
  if (!sort) {
    throw new EngineError('not_supported', `A RabbitMQ cluster cannot sort queues by ${key}`, { reason: 'RabbitMQ does not measure the age of the oldest ready message', sort: key });
  }
  const page = query.cursor === undefined ? 1 : Number(query.cursor);
  if (!Number.isSafeInteger(page) || page < 1) throw new EngineError('bad_request', `cursor ${query.cursor} is not a page of this list`, { field: 'cursor' });
  const pageSize = Math.min(query.limit, RABBIT_MAX_PAGE_SIZE);
  const params = new URLSearchParams({ page: String(page), page_size: String(pageSize), sort, sort_reverse: String(descending) });
  if (query.search) params.set('name', query.search);
  return { search: params.toString(), page, pageSize };
}

/** Our declaration as RabbitMQ's PUT /api/queues body: the arguments under their `x-` names. */
export function toRabbitDeclaration(body: QueueDeclareBody): { durable: boolean; auto_delete: boolean; arguments: Record<string, unknown> } {
  const args: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(body.arguments)) {
    const rule = QUEUE_ARGUMENT_RULES[field as keyof typeof QUEUE_ARGUMENT_RULES];
    if (rule && value !== undefined) args[rule.argument] = field === 'deadLetterExchange' && value === 'amq.default' ? '' : value;
  }
  if (body.type !== undefined) args['x-queue-type'] = body.type;
  return { durable: body.durable, auto_delete: body.autoDelete, arguments: args };
}
