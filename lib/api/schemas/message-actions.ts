/** @module Schemas of single-message actions on ready messages: delete, move, requeue at the tail. */
import { z } from 'zod';
import { exchangeRefSchema, nameSchema, shortStringSchema } from './common';

export const messageParamsSchema = z.object({
  name: nameSchema,
  messageId: z.string().min(1).max(1024).describe('The first ready message with this id, in delivery order.'),
});

/** A destination: a queue directly, or an exchange that routes by `routingKey` (`""` or `amq.default` is the default exchange). */
export const moveTargetSchema = z.union([
  z.strictObject({ queue: nameSchema }),
  z.strictObject({ exchange: exchangeRefSchema, routingKey: shortStringSchema }),
]);

export const moveBodySchema = z.object({ to: moveTargetSchema });

export const moveResultSchema = z.object({
  messageId: z.string(),
  queues: z.array(z.string()).describe('The queues that now hold the message.'),
});

export const requeueResultSchema = z.object({ messageId: z.string(), queue: z.string() });

export type MoveTargetJson = z.infer<typeof moveTargetSchema>;
