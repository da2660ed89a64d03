/** @module Schemas of bindings: listing filters, creation body, and the binding as the API shows it. */
import { z } from 'zod';
import { exchangeRefSchema, fieldTableSchema, nameSchema, shortStringSchema } from './common';

export const destinationTypeSchema = z.enum(['queue', 'exchange']);

export const bindingSchema = z.object({
  id: z.string(),
  source: z.string().describe('The source exchange; the default exchange is written `amq.default`.'),
  destination: z.string(),
  destinationType: destinationTypeSchema,
  routingKey: z.string(),
  arguments: fieldTableSchema,
});

export const bindingListSchema = z.array(bindingSchema);

export const bindingListQuerySchema = z.object({
  source: exchangeRefSchema.optional(),
  destination: nameSchema.optional(),
});

export const bindingCreateBodySchema = z.object({
  source: exchangeRefSchema,
  destination: nameSchema,
  destinationType: destinationTypeSchema.default('queue'),
  routingKey: shortStringSchema.default(''),
  arguments: fieldTableSchema
    .default({})
    .describe('For a headers exchange: `x-match` and the header values to match (`null` tests presence only).'),
});

export const bindingParamsSchema = z.object({ id: z.string().min(1).max(1024) });

export type Binding = z.infer<typeof bindingSchema>;
export type BindingCreateBody = z.infer<typeof bindingCreateBodySchema>;
