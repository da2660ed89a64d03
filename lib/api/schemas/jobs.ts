/** @module Schemas of dead-letter replay and the jobs that carry it out, and of a queue's dead-letter counts. */
import { z } from 'zod';
import { fieldTableSchema, nameSchema, nonNegativeInt } from './common';
import { moveTargetSchema } from './message-actions';

export const deathReasonSchema = z.enum(['rejected', 'expired', 'maxlen', 'delivery_limit']);

export const replayFilterSchema = z.strictObject({
  reason: deathReasonSchema.optional().describe('Reason of the newest `x-death` entry.'),
  sourceQueue: nameSchema.optional().describe('Queue of the newest `x-death` entry.'),
  headers: fieldTableSchema.optional().describe('Each header must have exactly this value.'),
  olderThanMs: nonNegativeInt().optional().describe('Only messages that have waited at least this long.'),
  newerThanMs: nonNegativeInt().optional().describe('Only messages that have waited at most this long.'),
});

export const replayBodySchema = z.strictObject({
  to: z
    .union([z.literal('source'), moveTargetSchema])
    .default('source')
    .describe('`"source"`: the exchange and routing keys of each message\'s newest `x-death` entry.'),
  messageIds: z.array(z.string().min(1).max(1024)).min(1).max(10_000).optional(),
  filter: replayFilterSchema.optional(),
  limit: z.number().int().min(1).max(100_000_000).optional(),
  ratePerSec: z.number().positive().max(100_000).optional().describe('Messages per second; unlimited when absent.'),
  maxRedrives: z.number().int().min(0).max(1_000_000).default(5).describe('A message whose `x-redrive-count` would pass this stays (skipped).'),
  dryRun: z.boolean().default(false).describe('Answer how many would move; move nothing.'),
});

export const replayStartedSchema = z.object({ jobId: z.string() });
export const replayCountSchema = z.object({ count: z.number() });

export const jobStatusSchema = z.enum(['running', 'paused', 'completed', 'cancelled', 'failed']);

export const jobSchema = z.object({
  id: z.string(),
  kind: z.literal('replay'),
  queue: z.string(),
  status: jobStatusSchema,
  total: z.number(),
  done: z.number().describe('Moved.'),
  skipped: z.number().describe('Left in place: `x-redrive-count` would pass `maxRedrives`.'),
  failed: z.number().describe('Left in place: nowhere to go (no route, no `x-death`, destination full).'),
  startedAt: z.number(),
  finishedAt: z.number().optional(),
  error: z.string().optional(),
  destination: z
    .object({
      to: z.union([z.literal('source'), moveTargetSchema]),
      sourceExchanges: z.array(z.string()).optional().describe('Back to the source: the only exchanges it may send through (those checked when it started).'),
    })
    .describe('Where it sends messages: what pausing, resuming or cancelling it needs permission for.'),
});

export const jobListSchema = z.array(jobSchema);
export const jobParamsSchema = z.object({ jobId: z.string().min(1).max(64) });
export const jobListQuerySchema = z.object({ queue: nameSchema.optional() });

export const deadLetterCountsSchema = z.object({
  total: z.number().describe('Ready messages in the queue.'),
  byReason: z.record(z.string(), z.number()).describe('By the reason of their newest `x-death` entry.'),
  bySourceQueue: z.record(z.string(), z.number()).describe('By the queue of their newest `x-death` entry.'),
});

export type ReplayBody = z.infer<typeof replayBodySchema>;
export type JobJson = z.infer<typeof jobSchema>;
