/** @module Schemas of queues: arguments, declaration, deletion, listing and the queue with its stats. */
import { z } from 'zod';
import {
  exchangeRefSchema,
  nameSchema,
  nonNegativeInt,
  queryBoolean,
  queryInt,
  queueNameSchema,
  ratesSchema,
  shortStringSchema,
} from './common';

/** A queue named in a path: any well-formed name (lookups), declared ones are checked by `queueNameSchema`. */
export const queueParamsSchema = z.object({ name: nameSchema });
export const queueDeclareParamsSchema = z.object({ name: queueNameSchema });

export const overflowSchema = z.enum(['drop-head', 'reject-publish', 'reject-publish-dlx']);

/** Unknown keys are refused: a misspelt limit silently ignored is worse than a 400. */
export const queueArgumentsSchema = z.strictObject({
  messageTtlMs: nonNegativeInt().optional(),
  expiresMs: z.number().int().positive().optional().describe('The queue is deleted after being unused this long.'),
  maxLength: nonNegativeInt().optional(),
  maxLengthBytes: nonNegativeInt().optional(),
  overflow: overflowSchema.optional().describe('Default `drop-head`.'),
  maxPriority: z.number().int().min(1).max(255).optional(),
  deadLetterExchange: exchangeRefSchema.optional(),
  deadLetterRoutingKey: shortStringSchema.optional(),
  deliveryLimit: nonNegativeInt().optional(),
});

export const queueDeclareBodySchema = z.object({
  durable: z.boolean().default(true),
  autoDelete: z.boolean().default(false),
  arguments: queueArgumentsSchema.default({}),
});

export const queueDeleteQuerySchema = z.object({
  ifEmpty: queryBoolean().default(false),
  ifUnused: queryBoolean().default(false),
});

/**
 * `publishRate`, `deliverRate` and `ackRate` sort by the queue's `rates`; `oldestReadyAgeMs` is `null` when nothing
 * is ready, and such queues sort below every age: first ascending, last descending. Ties go by name ascending.
 */
export const QUEUE_SORT_KEYS = [
  'name',
  'messages',
  'messagesReady',
  'messagesUnacked',
  'consumers',
  'publishRate',
  'deliverRate',
  'ackRate',
  'oldestReadyAgeMs',
] as const;
export const queueSortSchema = z.enum([...QUEUE_SORT_KEYS, ...QUEUE_SORT_KEYS.map((key) => `-${key}` as const)]);

export const queueListQuerySchema = z.object({
  search: z.string().max(255).optional().describe('Case-insensitive part of the name.'),
  sort: queueSortSchema
    .default('name')
    .describe(
      'A field, `-` first for descending. The `*Rate` keys sort by `rates`; a `null` `oldestReadyAgeMs` (nothing ready) sorts below every age: first ascending, last descending. Ties go by name ascending.',
    ),
  limit: queryInt(1, 1000).default(100),
  cursor: z.string().max(2048).optional().describe('`nextCursor` of the previous page.'),
});

export const queueSchema = z.object({
  name: z.string(),
  durable: z.boolean(),
  autoDelete: z.boolean(),
  exclusive: z.boolean().describe('Owned by one AMQP connection.'),
  arguments: queueArgumentsSchema,
  messagesReady: z.number(),
  messagesUnacked: z.number(),
  messages: z.number(),
  bytesReady: z.number(),
  consumers: z.number(),
  oldestReadyAgeMs: z.number().nullable(),
  rates: ratesSchema,
});

export const queuePageSchema = z.object({ items: z.array(queueSchema), nextCursor: z.string().optional() });

export const purgeResultSchema = z.object({ purged: z.number() });

export type QueueArguments = z.infer<typeof queueArgumentsSchema>;
export type QueueDeclareBody = z.infer<typeof queueDeclareBodySchema>;
export type QueueSort = z.infer<typeof queueSortSchema>;
export type QueueListQuery = z.infer<typeof queueListQuerySchema>;
export type Queue = z.infer<typeof queueSchema>;
export type QueuePage = z.infer<typeof queuePageSchema>;
