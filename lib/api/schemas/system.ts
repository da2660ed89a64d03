/** @module Schemas of health, overview and dashboard sessions. */
import { z } from 'zod';
import { ratesSchema } from './common';

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded', 'standby']).describe('`degraded` while a problem stands (see `problems`).'),
  version: z.string(),
  uptimeMs: z.number(),
  storage: z.enum(['sqlite', 'postgres']),
  amqpPort: z.number().int().nullable().describe('The port the AMQP listener is bound to; null when AMQP is off.'),
  role: z.enum(['active', 'standby']),
  problems: z.array(z.string()).describe('Why the status is not `ok`: one line per problem.'),
  process: z
    .object({
      id: z.string().describe('`<host>:<pid>:<tag>`'),
      activeSince: z.number().describe('When this process became active (epoch ms).'),
      tookOverFrom: z.string().nullable().describe('The process it took over from (PostgreSQL hot standby), or null.'),
    })
    .optional()
    .describe('The active process; a standby leaves it out and names the active one in `problems`.'),
});

export const readinessSchema = z.object({
  ready: z.boolean(),
  problems: z.array(z.string()),
});

export const exchangeTotalsSchema = z
  .object({
    published: z.number().describe('Messages published to exchanges since start.'),
    routed: z.number().describe('Of those, the ones that reached at least one queue.'),
    unroutable: z.number(),
  })
  .describe("Counted since this process started; on an attached cluster, RabbitMQ's totals for the vhost since its statistics began (a node's restart resets them).");

export const overviewSchema = z.object({
  queues: z.number(),
  exchanges: z.number(),
  bindings: z.number(),
  consumers: z.number(),
  messagesReady: z.number(),
  messagesUnacked: z.number(),
  rates: ratesSchema.describe('Per second over the last 5 s.'),
  exchangeTotals: exchangeTotalsSchema,
});

export type Health = z.infer<typeof healthSchema>;
export type Readiness = z.infer<typeof readinessSchema>;
export type Overview = z.infer<typeof overviewSchema>;
