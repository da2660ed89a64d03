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

/** Most queues one event stream may name (`?queues=`). */
export const MAX_LIVE_QUEUES = 1000;

/** `a,b` → ['a','b']; each name percent-encoded on its own, so a comma inside a name travels as %2C. */
const queueNameList = z
  .string()
  .transform((text, ctx) => {
    try {
      return [...new Set(text.split(',').filter((part) => part !== '').map(decodeURIComponent))];
    } catch {
      ctx.addIssue({ code: 'custom', message: 'each name must be percent-encoded' });
      return z.NEVER;
    }
  })
  .pipe(z.array(nameSchema).max(MAX_LIVE_QUEUES, `at most ${MAX_LIVE_QUEUES} queues`));

export const liveEventsQuerySchema = z.object({
  scope: z
    .enum(['queues', 'overview'])
    .default('queues')
    .describe(
      '`queues` (the default): the overview and per-queue figures (every queue, or those of `queues`). `overview`: the overview and a `rankings` event; per-queue figures only of the queues named in `queues`.',
    ),
  queues: queueNameList
    .optional()
    .describe(`Only these queues' figures: comma-separated names, each percent-encoded (a comma in a name is %2C); at most ${MAX_LIVE_QUEUES}.`),
});

/** A queue in the overview's rankings. */
export const rankedQueueSchema = z.object({
  name: z.string(),
  messagesReady: z.number(),
  oldestReadyAgeMs: z.number().nullable(),
});

export const liveRankingsSchema = z.object({
  biggestBacklog: z.array(rankedQueueSchema).describe('Up to 5 queues with ready messages, most first (ties by name).'),
  oldestMessages: z.array(rankedQueueSchema).describe('Up to 5 queues with a ready message, the oldest first (ties by name).'),
});

export const liveEventsSchema = z
  .object({
    overview: overviewSchema,
    queues: z
      .array(liveQueueSchema)
      .describe(
        'Figures to merge by name: at connect (and after a stretch the client did not read) every queue of the scope; then only the queues whose figures changed. A waiting message growing older is not a change: a queue is resent when its oldest message changes.',
      ),
    'queues-removed': z.array(z.string()).describe('Names of queues of the scope that no longer exist.'),
    rankings: liveRankingsSchema.describe('With `scope=overview`, once a second.'),
  })
  .partial({ 'queues-removed': true, rankings: true })
  .describe('The data of each event, by event name.');

export const OVERVIEW_HISTORY_MAX_MS = 15 * 60_000;

export const overviewMetricsQuerySchema = z.object({
  windowMs: queryInt(MIN_WINDOW_MS, OVERVIEW_HISTORY_MAX_MS)
    .default(OVERVIEW_HISTORY_MAX_MS)
    .describe('How far back, ending now: 1 to 15 minutes (the span of the per-second points kept in memory).'),
});

export const overviewMetricsSchema = z.object({
  stepMs: z.number().describe('1000 on the embedded broker; on an attached cluster, the time between its samples (5 s, or more for a cluster whose sample takes long).'),
  t: z.array(z.number()).describe("Each point's time (epoch ms): each second's start, or each sample of a cluster."),
  publish: z.array(z.number()).describe('Per second, averaged over 5 s as the overview\'s rates.'),
  deliver: z.array(z.number()),
  ack: z.array(z.number()),
  depth: z.array(z.number()).describe('Ready plus unacked over every queue at the end of each second.'),
});

export type QueueMetricsQuery = z.infer<typeof queueMetricsQuerySchema>;
export type QueueMetrics = z.infer<typeof queueMetricsSchema>;
export type Consumer = z.infer<typeof consumerSchema>;
export type LiveQueue = z.infer<typeof liveQueueSchema>;
export type LiveEventsQuery = z.infer<typeof liveEventsQuerySchema>;
export type LiveRankings = z.infer<typeof liveRankingsSchema>;
export type OverviewMetrics = z.infer<typeof overviewMetricsSchema>;
