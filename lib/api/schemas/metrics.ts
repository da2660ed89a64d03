/** @module Schemas of the metrics API: a queue's chart series, consumers and the live event stream. */
import { z } from 'zod';
import { nameSchema, queryInt, ratesSchema } from './common';
import { overviewSchema } from './system';

export const MIN_WINDOW_MS = 60_000;
export const MAX_WINDOW_MS = 30 * 24 * 60 * 60_000;
export const DEFAULT_WINDOW_MS = 5 * 60_000;

export const queueMetricsQuerySchema = z
  .object({
    windowMs: queryInt(MIN_WINDOW_MS, MAX_WINDOW_MS)
      .default(DEFAULT_WINDOW_MS)
      .describe('How far back, ending now: 1 minute to 30 days.'),
    stepMs: queryInt(1000, MAX_WINDOW_MS)
      .optional()
      .describe('Width of one point, rounded up to the source resolution (1 s, 10 s or 1 min); left out, the broker picks one for at most ~360 points.'),
  })
  .refine((query) => query.stepMs === undefined || query.stepMs <= query.windowMs, {
    message: 'stepMs must not exceed windowMs',
    path: ['stepMs'],
  });

const nullableSeries = z.array(z.number().nullable());

export const queueMetricsSchema = z.object({
  source: z.enum(['1s', '10s', '1m']).describe('The in-memory 1 s ring, or the 10 s / 1 min rollups.'),
  windowMs: z.number(),
  stepMs: z.number(),
  t: z.array(z.number()).describe("Each step's start (epoch ms)."),
  ready: z.array(z.number()).describe('Gauge at the end of each step.'),
  unacked: z.array(z.number()),
  publish: z.array(z.number()).describe('Per second, averaged over the step.'),
  deliver: z.array(z.number()),
  ack: z.array(z.number()),
  redeliver: z.array(z.number()),
  latencyP50Ms: nullableSeries.describe('Publish → ack latency; null where nothing was acked.'),
  latencyP95Ms: nullableSeries,
  latencyP99Ms: nullableSeries,
  consumerLag: z.array(z.number()).describe('The ready backlog.'),
  oldestReadyAgeMs: z.array(z.number()),
  timeToDrainMs: nullableSeries.describe('Ready backlog over the ack rate; null when messages wait and nothing is acked.'),
});

export const consumerListQuerySchema = z.object({
  queue: nameSchema.optional().describe('Only the consumers of this queue.'),
});

export const consumerSchema = z.object({
  id: z.string(),
  queue: z.string(),
  kind: z.enum(['sse', 'lease', 'amqp']).describe('`lease` stands for every lease `receive` handed out on the queue, together.'),
  connectionId: z.string().optional(),
  prefetch: z.number().describe('Most unacked at once; 0 = unlimited.'),
  priority: z.number().int().describe('Consumer priority (AMQP `x-priority`): served first while it has room; default 0.'),
  unacked: z.number(),
  deliverRate: z.number().describe('Per second over the last 5 s.'),
  ackRate: z.number(),
  lastActiveAt: z.number().describe('Epoch ms of the last delivery or settlement.'),
});

export const consumerListSchema = z.array(consumerSchema);

/** One queue's figures in the `queues` event of /events. */
export const liveQueueSchema = z.object({
  name: z.string(),
  messagesReady: z.number(),
  messagesUnacked: z.number(),
  consumers: z.number(),
  rates: ratesSchema,
  oldestReadyAgeMs: z.number().nullable(),
  latencyP50Ms: z.number().nullable().describe('Publish → ack over the last minute; null when nothing was acked.'),
  latencyP99Ms: z.number().nullable(),
});

export const liveEventsSchema = z
  .object({
    overview: overviewSchema,
    queues: z.array(liveQueueSchema),
  })
  .describe('The data of each event, by event name.');

export type QueueMetricsQuery = z.infer<typeof queueMetricsQuerySchema>;
export type QueueMetrics = z.infer<typeof queueMetricsSchema>;
export type Consumer = z.infer<typeof consumerSchema>;
export type LiveQueue = z.infer<typeof liveQueueSchema>;
