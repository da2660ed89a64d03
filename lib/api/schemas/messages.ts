/** @module Schemas of messages: publishing, deliveries, pull consumption with leases, subscriptions and browsing. */
import { z } from 'zod';
import { MESSAGE_LIMITS } from '@/lib/engine';
import { fieldTableSchema, nonNegativeInt, queryBoolean, queryInt, shortStringSchema } from './common';

export const payloadEncodingSchema = z.enum(['utf8', 'base64']);

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** CC and BCC headers add routing keys (RabbitMQ's sender-selected distribution): arrays of strings only. */
const publishHeadersSchema = fieldTableSchema.superRefine((headers, ctx) => {
  for (const key of ['CC', 'BCC']) {
    if (!(key in headers)) continue;
    const value = headers[key];
    const valid = Array.isArray(value) && value.every((k) => typeof k === 'string' && Buffer.byteLength(k) <= 255);
    if (!valid) ctx.addIssue({ code: 'custom', path: [key], message: `${key} must be an array of routing keys (strings)` });
  }
});

/** The engine's publish rule (lib/engine/message-limits) checks the rest; documented here for clients. */
const HEADER_LIMITS =
  `Whatever is accepted can be delivered over AMQP: tables and arrays nest at most ${MESSAGE_LIMITS.maxTableDepth} levels, ` +
  `field names are at most 255 bytes, typed values (\`{"amqpType": "byte", "value": 1}\`) must be in their range, ` +
  `properties and headers must fit in one AMQP frame of ${MESSAGE_LIMITS.frameMax} bytes, and \`CC\` and \`BCC\` hold at most ` +
  `${MESSAGE_LIMITS.maxSenderKeys} routing keys each (400 \`bad_request\` with \`details: {path, limit}\`). Headers and ` +
  'properties count toward the message size limit (413).';

export const publishPropertiesSchema = z.object({
  headers: publishHeadersSchema.optional().describe(HEADER_LIMITS),
  messageId: shortStringSchema.optional(),
  correlationId: shortStringSchema.optional(),
  replyTo: shortStringSchema.optional(),
  contentType: shortStringSchema.optional(),
  contentEncoding: shortStringSchema.optional(),
  type: shortStringSchema.optional(),
  appId: shortStringSchema.optional(),
  priority: z.number().int().min(0).max(255).optional(),
  expirationMs: nonNegativeInt().optional(),
  persistent: z.boolean().default(true),
  timestamp: nonNegativeInt().optional().describe('Epoch milliseconds.'),
  clusterId: shortStringSchema.optional().describe('AMQP `cluster-id` (deprecated in AMQP 0-9-1, carried through as RabbitMQ does).'),
});

const messageShape = {
  payload: z.string(),
  payloadEncoding: payloadEncodingSchema.default('utf8'),
  mandatory: z.boolean().default(false),
  properties: publishPropertiesSchema.prefault({}),
};

function checkPayload(body: { payload: string; payloadEncoding: 'utf8' | 'base64' }, ctx: z.RefinementCtx): void {
  if (body.payloadEncoding === 'base64' && !BASE64.test(body.payload)) {
    ctx.addIssue({ code: 'custom', path: ['payload'], message: 'payload is not valid base64' });
  }
}

export const publishBodySchema = z
  .object({ routingKey: shortStringSchema.default(''), ...messageShape })
  .superRefine(checkPayload);

/** `POST /queues/{name}/messages`: the publish body without a routing key (the queue's name is the key). */
export const queuePublishBodySchema = z.object(messageShape).superRefine(checkPayload);

export const publishBatchBodySchema = z.object({ messages: z.array(publishBodySchema).min(1).max(1000) });

export const publishResultSchema = z.object({ routed: z.boolean(), queues: z.number(), messageId: z.string() });
export const publishBatchResultSchema = z.object({ results: z.array(publishResultSchema) });

export const messagePropertiesSchema = z.object({
  headers: fieldTableSchema.optional().describe('A dead-lettered message carries `x-death`, newest first.'),
  messageId: z.string().optional(),
  correlationId: z.string().optional(),
  replyTo: z.string().optional(),
  contentType: z.string().optional(),
  contentEncoding: z.string().optional(),
  type: z.string().optional(),
  appId: z.string().optional(),
  userId: z.string().optional(),
  priority: z.number().optional(),
  expirationMs: z.number().optional(),
  persistent: z.boolean().optional(),
  timestamp: z.number().optional(),
  clusterId: z.string().optional(),
});

/** A ready message seen by browsing: a Delivery without its deliveryTag. */
export const messageSchema = z.object({
  messageId: z.string(),
  exchange: z.string().describe('`""` for the default exchange, as AMQP clients see it.'),
  routingKey: z.string(),
  payload: z.string(),
  payloadEncoding: payloadEncodingSchema.describe('`utf8` when the bytes are valid UTF-8, else `base64`.'),
  properties: messagePropertiesSchema,
  redelivered: z.boolean(),
  deliveryCount: z.number(),
  publishedAt: z.number().nullable().describe('Epoch ms. On a RabbitMQ cluster, the timestamp property: null when the publisher set none.'),
});

export const deliverySchema = messageSchema.extend({ deliveryTag: z.string() });

export const receiveBodySchema = z.object({
  max: z.number().int().min(1).max(1000).default(1),
  waitMs: z.number().int().min(0).max(20_000).default(0),
  visibilityTimeoutMs: z.number().int().min(1).max(43_200_000).default(30_000),
});

export const receiveResultSchema = z.object({ messages: z.array(deliverySchema) });

const deliveryTagsSchema = z.array(z.string().min(1).max(256)).min(1).max(1000);

export const ackBodySchema = z.object({ deliveryTags: deliveryTagsSchema });
export const ackResultSchema = z.object({ acked: z.number() });

export const nackBodySchema = z.object({ deliveryTags: deliveryTagsSchema, requeue: z.boolean().default(true) });
export const nackResultSchema = z.object({ nacked: z.number() });

export const subscribeQuerySchema = z.object({ prefetch: queryInt(1, 10_000).default(100) });

export const peekQuerySchema = z.object({
  cursor: z.string().max(2048).optional(),
  limit: queryInt(1, 500).default(50),
  search: z.string().max(1024).optional().describe('Matches message id, routing key, header values or payload text.'),
  since: z.iso
    .datetime({ offset: true })
    .transform((text) => Date.parse(text))
    .optional()
    .describe(
      'Only messages stored at or after this time (ISO 8601, such as `2026-12-04T09:30:00Z`). The embedded broker compares each message\'s publish time. A RabbitMQ stream is read from the first chunk written at or after it (to the second; a chunk holds the messages published just before it was written), without side effects. RabbitMQ does not record when a message entered a classic or quorum queue: there `since` answers 409 `not_supported`. A `cursor` from a page read with `since` goes on from that page.',
    ),
  getAndRequeue: queryBoolean()
    .default(false)
    .describe(
      'On an attached RabbitMQ cluster, a classic or quorum queue can be read only by taking its messages and requeueing them (they come back with `redelivered` set, at the tail of a quorum queue), at most 100 from the head: `true` asks for that. Streams are read by offset without it; the embedded broker never needs it.',
    ),
});

export const messagePageSchema = z.object({
  items: z.array(messageSchema),
  nextCursor: z.string().optional().describe('Where the next request goes on from. A page may hold fewer than `limit` items and still have one: each request reads a bounded part of the queue.'),
  scanned: z.number().int().min(0).describe('Ready messages this request read to find its items (a search stops after at most 5,000 messages or about 50 ms, then answers with `nextCursor`).'),
  ready: z.number().int().min(0).describe('Ready messages in the queue now: with the `scanned` of each page, how far a search has got.'),
});

export type PublishBody = z.infer<typeof publishBodySchema>;
export type QueuePublishBody = z.infer<typeof queuePublishBodySchema>;
export type PublishProperties = z.infer<typeof publishPropertiesSchema>;
export type PublishResultJson = z.infer<typeof publishResultSchema>;
export type MessageJson = z.infer<typeof messageSchema>;
export type MessagePageJson = z.infer<typeof messagePageSchema>;
export type DeliveryJson = z.infer<typeof deliverySchema>;
export type PayloadEncoding = z.infer<typeof payloadEncodingSchema>;
