/** @module Schemas of queues: arguments, declaration, deletion, listing and the queue with its stats. */
import { z } from 'zod';
import {
  exchangeRefSchema,
  nameSchema,
  queryBoolean,
  queryInt,
  queueNameSchema,
  ratesSchema,
  shortStringSchema,
} from './common';
import {
  OVERFLOW_BEHAVIOURS,
  QUEUE_ARGUMENT_RULES,
  QUEUE_TYPES,
  QUORUM_DEFAULT_DELIVERY_LIMIT,
  queueArgumentProblems,
  type IntegerRule,
} from '@/lib/engine/queue-arguments';

/** A queue named in a path: any well-formed name (lookups), declared ones are checked by `queueNameSchema`. */
export const queueParamsSchema = z.object({ name: nameSchema });
export const queueDeclareParamsSchema = z.object({ name: queueNameSchema });

export const overflowSchema = z.enum(OVERFLOW_BEHAVIOURS);

export const queueTypeSchema = z.enum(QUEUE_TYPES).describe('`classic` (the default) or `quorum` (durable only, a delivery limit of 20 unless set).');

/** An integer within the engine's bounds for that argument: the bounds come from the one rule table. */
const integerArgument = (field: keyof typeof QUEUE_ARGUMENT_RULES) => {
  const rule = QUEUE_ARGUMENT_RULES[field] as IntegerRule;
  return z.number().int().min(rule.min).max(rule.max);
};

/** Reports what the engine's validator finds (bounds, what a queue type refuses) as field issues under `arguments`. */
export function engineArgumentIssues(args: Record<string, unknown>, ctx: z.RefinementCtx, keyOf: (field: string, argument: string) => string = (field) => field): void {
  for (const problem of queueArgumentProblems(args)) {
    ctx.addIssue({ code: 'custom', path: [keyOf(problem.field, problem.argument)], message: problem.message, params: { argument: problem.argument } });
  }
}

/** Unknown keys are refused: a misspelt limit silently ignored is worse than a 400. */
export const queueArgumentsSchema = z
  .strictObject({
    messageTtlMs: integerArgument('messageTtlMs').optional(),
    expiresMs: integerArgument('expiresMs').optional().describe('The queue is deleted after being unused this long.'),
    maxLength: integerArgument('maxLength').optional(),
    maxLengthBytes: integerArgument('maxLengthBytes').optional(),
    overflow: overflowSchema.optional().describe('Default `drop-head`.'),
    maxPriority: integerArgument('maxPriority').optional().describe('Not for quorum queues (as RabbitMQ 3.x).'),
    deadLetterExchange: exchangeRefSchema.optional(),
    deadLetterRoutingKey: shortStringSchema.optional(),
    deliveryLimit: z
      .union([z.literal(QUEUE_ARGUMENT_RULES.deliveryLimit.unlimited), integerArgument('deliveryLimit')])
      .optional()
      .describe(`Deliveries before a returned message is dead-lettered (reason \`delivery_limit\`); quorum queues default to ${QUORUM_DEFAULT_DELIVERY_LIMIT}; -1 means no limit, as in RabbitMQ.`),
  })
  .superRefine((args, ctx) => engineArgumentIssues(args, ctx));

export const queueDeclareBodySchema = z
  .object({
    type: queueTypeSchema.optional(),
    durable: z.boolean().default(true),
    autoDelete: z.boolean().default(false),
    arguments: queueArgumentsSchema.default({}),
  })
  .superRefine((body, ctx) => {
    // What a type refuses is the engine's rule too: a quorum queue is durable, lives until deleted, has no priorities.
    if (body.type !== 'quorum') return;
    if (!body.durable) ctx.addIssue({ code: 'custom', path: ['durable'], message: 'a quorum queue must be durable' });
    if (body.autoDelete) ctx.addIssue({ code: 'custom', path: ['autoDelete'], message: 'a quorum queue cannot be auto-delete' });
    engineArgumentIssues({ ...body.arguments, queueType: body.type }, ctx, (field) => `arguments.${field}`);
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
  type: z.enum([...QUEUE_TYPES, 'stream']).describe('`stream` only on an attached RabbitMQ cluster: the embedded broker declares `classic` and `quorum`.'),
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
