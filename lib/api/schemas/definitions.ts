/** @module Schemas of topology definitions in RabbitMQ's format (vhost `/` only) and of an import's diff. */
import { z } from 'zod';
import {
  exchangeNameSchema,
  exchangeRefSchema,
  fieldTableSchema,
  fieldValueSchema,
  nameSchema,
  nonNegativeInt,
  queryBoolean,
  queueNameSchema,
  shortStringSchema,
} from './common';
import { exchangeTypeSchema } from './exchanges';
import { overflowSchema } from './queues';

const vhostSchema = z
  .string()
  .refine((vhost) => vhost === '/', { message: 'only the vhost "/" is supported' })
  .default('/');

/** The `x-*` queue arguments Switchboard knows; any other argument is kept out and reported as a warning. */
export const rabbitQueueArgumentsSchema = z
  .object({
    'x-message-ttl': nonNegativeInt().optional(),
    'x-expires': z.number().int().positive().optional(),
    'x-max-length': nonNegativeInt().optional(),
    'x-max-length-bytes': nonNegativeInt().optional(),
    'x-overflow': overflowSchema.optional(),
    'x-max-priority': z.number().int().min(1).max(255).optional(),
    'x-dead-letter-exchange': exchangeRefSchema.optional(),
    'x-dead-letter-routing-key': shortStringSchema.optional(),
    'x-delivery-limit': z.number().int().min(-1).optional().describe('-1 means unlimited, as in RabbitMQ.'),
  })
  .catchall(fieldValueSchema);

export const rabbitExchangeArgumentsSchema = z
  .object({ 'alternate-exchange': exchangeRefSchema.optional() })
  .catchall(fieldValueSchema);

export const queueDefinitionSchema = z.looseObject({
  name: queueNameSchema,
  vhost: vhostSchema,
  durable: z.boolean().default(true),
  auto_delete: z.boolean().default(false),
  arguments: rabbitQueueArgumentsSchema.default({}),
});

export const exchangeDefinitionSchema = z.looseObject({
  name: exchangeNameSchema,
  vhost: vhostSchema,
  type: exchangeTypeSchema,
  durable: z.boolean().default(true),
  auto_delete: z.boolean().default(false),
  internal: z.boolean().default(false),
  arguments: rabbitExchangeArgumentsSchema.default({}),
});

export const bindingDefinitionSchema = z.looseObject({
  source: exchangeRefSchema,
  vhost: vhostSchema,
  destination: nameSchema,
  destination_type: z.enum(['queue', 'exchange']),
  routing_key: shortStringSchema.default(''),
  arguments: fieldTableSchema.default({}),
});

/** An import: other top-level keys of a RabbitMQ export (users, vhosts, policies, ...) are accepted and ignored. */
export const definitionsImportSchema = z.looseObject({
  queues: z.array(queueDefinitionSchema).default([]),
  exchanges: z.array(exchangeDefinitionSchema).default([]),
  bindings: z.array(bindingDefinitionSchema).default([]),
});

export const definitionsImportQuerySchema = z.object({ dryRun: queryBoolean().default(false) });

export const queueDefinitionOutSchema = z.object({
  name: z.string(),
  vhost: z.string(),
  durable: z.boolean(),
  auto_delete: z.boolean(),
  arguments: fieldTableSchema,
});

export const exchangeDefinitionOutSchema = z.object({
  name: z.string(),
  vhost: z.string(),
  type: exchangeTypeSchema,
  durable: z.boolean(),
  auto_delete: z.boolean(),
  internal: z.boolean(),
  arguments: fieldTableSchema,
});

export const bindingDefinitionOutSchema = z.object({
  source: z.string(),
  vhost: z.string(),
  destination: z.string(),
  destination_type: z.enum(['queue', 'exchange']),
  routing_key: z.string(),
  arguments: fieldTableSchema,
});

export const definitionsExportSchema = z.object({
  product_name: z.string(),
  product_version: z.string(),
  vhosts: z.array(z.object({ name: z.string() })),
  queues: z.array(queueDefinitionOutSchema),
  exchanges: z.array(exchangeDefinitionOutSchema),
  bindings: z.array(bindingDefinitionOutSchema),
});

const diffSectionSchema = z.object({
  exchanges: z.array(exchangeDefinitionOutSchema),
  queues: z.array(queueDefinitionOutSchema),
  bindings: z.array(bindingDefinitionOutSchema),
});

export const definitionsDiffSchema = z.object({
  added: diffSectionSchema,
  changed: z
    .object({
      exchanges: z.array(z.object({ name: z.string(), current: exchangeDefinitionOutSchema, desired: exchangeDefinitionOutSchema })),
      queues: z.array(z.object({ name: z.string(), current: queueDefinitionOutSchema, desired: queueDefinitionOutSchema })),
    })
    .describe('Exists with other settings: an import with changes is refused (409) before anything is applied.'),
  removed: diffSectionSchema.describe('In the broker but not in the file; an import never deletes them.'),
  warnings: z.array(z.string()).describe('Arguments and entries that are ignored.'),
});

export type DefinitionsImport = z.infer<typeof definitionsImportSchema>;
export type QueueDefinition = z.infer<typeof queueDefinitionOutSchema>;
export type ExchangeDefinition = z.infer<typeof exchangeDefinitionOutSchema>;
export type BindingDefinition = z.infer<typeof bindingDefinitionOutSchema>;
export type DefinitionsExport = z.infer<typeof definitionsExportSchema>;
export type DefinitionsDiff = z.infer<typeof definitionsDiffSchema>;
