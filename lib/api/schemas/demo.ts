/** @module Schemas of the demo: start or stop the shop that makes every chart move, and whether it runs. */
import { z } from 'zod';

export const demoBodySchema = z.strictObject({
  action: z.enum(['start', 'stop']).describe('`start` declares the shop topology (idempotent) and runs it; `stop` ends it and keeps the topology.'),
});

export const demoStatusSchema = z.object({
  running: z.boolean(),
});

export type DemoBody = z.infer<typeof demoBodySchema>;
export type DemoStatus = z.infer<typeof demoStatusSchema>;
