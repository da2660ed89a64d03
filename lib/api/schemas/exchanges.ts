/** @module Schemas of exchanges: declaration, deletion, the exchange as listed, and route tests. */
import { z } from 'zod';
import { EXCHANGE_TYPES } from '@/lib/engine/built-in-exchanges';
import { bindingSchema } from './bindings';
import { exchangeNameSchema, exchangeRefSchema, fieldTableSchema, queryBoolean, shortStringSchema } from './common';

export const exchangeTypeSchema = z.enum(EXCHANGE_TYPES);

export const exchangeParamsSchema = z.object({ name: exchangeNameSchema });

export const exchangeDeclareBodySchema = z.object({
  type: exchangeTypeSchema,
  durable: z.boolean().default(true),
  autoDelete: z.boolean().default(false),
  internal: z.boolean().default(false),
  alternateExchange: exchangeRefSchema.optional(),
  arguments: fieldTableSchema.default({}),
});

export const exchangeDeleteQuerySchema = z.object({ ifUnused: queryBoolean().default(false) });

export const exchangeSchema = z.object({
  name: z.string().describe('The default exchange is listed as `amq.default`.'),
  type: exchangeTypeSchema,
  durable: z.boolean(),
  autoDelete: z.boolean(),
  internal: z.boolean(),
  alternateExchange: z.string().optional(),
  arguments: fieldTableSchema,
});

export const exchangeListSchema = z.array(exchangeSchema);

export const exchangeDetailSchema = exchangeSchema.extend({
  bindings: z.object({ outgoing: z.array(bindingSchema), incoming: z.array(bindingSchema) }),
});

export const routeTestBodySchema = z.object({
  routingKey: shortStringSchema.default(''),
  headers: fieldTableSchema.optional(),
});

export const routeTestResultSchema = z.object({
  queues: z.array(z.string()).describe('Every queue the message would reach, once each, sorted.'),
  path: z
    .array(
      z.object({
        exchange: z.string().describe('The exchange the hop leaves (`amq.default` for the default exchange).'),
        bindingId: z
          .string()
          .describe(
            'The binding the hop follows (as in `GET /bindings`); `default:<queue>` for the default exchange\'s implicit binding; ' +
              '`alternate:<exchange>` for the hop from an exchange that matched nothing to its alternate exchange.',
          ),
        destination: z.string(),
        destinationType: z.enum(['queue', 'exchange']),
      }),
    )
    .describe(
      'Every hop the message would take, exchange-to-exchange and alternate-exchange hops included, in the order the ' +
        'routing walk takes them: the hop into an exchange comes before the hops out of it.',
    ),
});

export type Exchange = z.infer<typeof exchangeSchema>;
export type ExchangeDetail = z.infer<typeof exchangeDetailSchema>;
export type ExchangeDeclareBody = z.infer<typeof exchangeDeclareBodySchema>;
export type RouteTestResult = z.infer<typeof routeTestResultSchema>;
