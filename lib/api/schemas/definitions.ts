/**
 * @module Schemas of definitions in RabbitMQ's format: topology with its vhosts, users (with password hashes), vhosts
 * and permissions, the whole node's export and one vhost's, and an import's diff.
 */
import { z } from 'zod';
import {
  exchangeNameSchema,
  exchangeRefSchema,
  fieldTableSchema,
  fieldValueSchema,
  nameSchema,
  queryBoolean,
  queueNameSchema,
  shortStringSchema,
} from './common';
import { exchangeTypeSchema } from './exchanges';
import { engineArgumentIssues, overflowSchema } from './queues';
import { QUEUE_ARGUMENT_RULES, type IntegerRule } from '@/lib/engine/queue-arguments';

/** A topology entry's vhost; lib/access checks names. A file without vhosts means `/`, as RabbitMQ's oldest exports. */
const itemVhostSchema = z.string().default('/');

/** An `x-*` integer argument within the engine's bounds (the one rule table); `x-delivery-limit` also takes -1. */
const rabbitInteger = (field: keyof typeof QUEUE_ARGUMENT_RULES, min?: number) => {
  const rule = QUEUE_ARGUMENT_RULES[field] as IntegerRule;
  return z.number().int().min(min ?? rule.min).max(rule.max);
};

/**
 * The `x-*` queue arguments Switchboard knows, with the engine's bounds, and what the queue type refuses checked by
 * the engine's validator; any other argument is kept out and reported as a warning.
 */
export const rabbitQueueArgumentsSchema = z
  .object({
    'x-message-ttl': rabbitInteger('messageTtlMs').optional(),
    'x-expires': rabbitInteger('expiresMs').optional(),
    'x-max-length': rabbitInteger('maxLength').optional(),
    'x-max-length-bytes': rabbitInteger('maxLengthBytes').optional(),
    'x-overflow': overflowSchema.optional(),
    'x-max-priority': rabbitInteger('maxPriority').optional(),
    'x-dead-letter-exchange': exchangeRefSchema.optional(),
    'x-dead-letter-routing-key': shortStringSchema.optional(),
    'x-delivery-limit': z
      .union([z.literal(-1), rabbitInteger('deliveryLimit')])
      .optional()
      .describe('-1 means unlimited, as in RabbitMQ.'),
    'x-queue-type': z.string().optional().describe('`classic` or `quorum`; `stream` and others are refused, as RabbitMQ refuses a type it does not serve.'),
  })
  .catchall(fieldValueSchema)
  .superRefine((args, ctx) => {
    const mapped: Record<string, unknown> = {};
    for (const [field, rule] of Object.entries(QUEUE_ARGUMENT_RULES)) {
      const value = args[rule.argument];
      if (value !== undefined) mapped[field] = value;
    }
    engineArgumentIssues(mapped, ctx, (_field, argument) => argument);
  });

export const rabbitExchangeArgumentsSchema = z
  .object({ 'alternate-exchange': exchangeRefSchema.optional() })
  .catchall(fieldValueSchema);

export const queueDefinitionSchema = z.looseObject({
  name: queueNameSchema,
  vhost: itemVhostSchema,
  durable: z.boolean().default(true),
  auto_delete: z.boolean().default(false),
  arguments: rabbitQueueArgumentsSchema.default({}),
});

export const exchangeDefinitionSchema = z.looseObject({
  name: exchangeNameSchema,
  vhost: itemVhostSchema,
  type: exchangeTypeSchema,
  durable: z.boolean().default(true),
  auto_delete: z.boolean().default(false),
  internal: z.boolean().default(false),
  arguments: rabbitExchangeArgumentsSchema.default({}),
});

export const bindingDefinitionSchema = z.looseObject({
  source: exchangeRefSchema,
  vhost: itemVhostSchema,
  destination: nameSchema,
  destination_type: z.enum(['queue', 'exchange']),
  routing_key: shortStringSchema.default(''),
  arguments: fieldTableSchema.default({}),
});

/** RabbitMQ 3.9 and later write a list; 3.8 wrote one comma-separated string ("" for none). */
const userTagsSchema = z
  .union([z.array(z.string()), z.string()])
  .transform((tags) => (typeof tags === 'string' ? tags.split(',').map((tag) => tag.trim()).filter(Boolean) : tags));

export const userDefinitionSchema = z.looseObject({
  name: z.string(),
  password_hash: z.string().optional().describe('Base64, in the layout of hashing_algorithm; "" or absent: no password (API keys only).'),
  hashing_algorithm: z.string().optional().describe('Absent means rabbit_password_hashing_sha256, as RabbitMQ reads it.'),
  tags: userTagsSchema.default([]),
});

export const vhostDefinitionSchema = z.looseObject({
  name: z.string(),
  description: z.string().optional().describe('As RabbitMQ 3.11 and later write it'),
  metadata: z.looseObject({ description: z.string().optional() }).optional().describe('As RabbitMQ 3.10 writes it'),
});

export const permissionDefinitionSchema = z.looseObject({
  user: z.string(),
  vhost: z.string(),
  configure: z.string(),
  write: z.string(),
  read: z.string(),
});

/** What RabbitMQ exports and Switchboard does not support yet: accepted, and each non-empty one is named in a warning. */
const ignoredSectionSchema = z.array(z.unknown()).default([]);

/** An import: a RabbitMQ or Switchboard export, whole node or one vhost; other top-level keys are ignored. */
export const definitionsImportSchema = z.looseObject({
  users: z.array(userDefinitionSchema).default([]),
  vhosts: z.array(vhostDefinitionSchema).default([]),
  permissions: z.array(permissionDefinitionSchema).default([]),
  queues: z.array(queueDefinitionSchema).default([]),
  exchanges: z.array(exchangeDefinitionSchema).default([]),
  bindings: z.array(bindingDefinitionSchema).default([]),
  topic_permissions: ignoredSectionSchema,
  policies: ignoredSectionSchema,
  parameters: ignoredSectionSchema,
  global_parameters: ignoredSectionSchema,
});

export const definitionsImportQuerySchema = z.object({ dryRun: queryBoolean().default(false) });

export const definitionsExportQuerySchema = z.object({
  for: z
    .enum(['rabbitmq'])
    .optional()
    .describe(
      "`rabbitmq`: a file RabbitMQ imports as it is. Users whose password Switchboard hashed (scrypt) get password_hash \"\" and must be given a password there; queues lose `x-delivery-limit`, which RabbitMQ's classic queues refuse.",
    ),
});

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

export const userDefinitionOutSchema = z.object({
  name: z.string(),
  password_hash: z.string().describe('"" for a user without a password'),
  hashing_algorithm: z.string().describe('rabbit_password_hashing_sha256 or _sha512 (kept from RabbitMQ), or switchboard_password_hashing_scrypt'),
  tags: z.array(z.string()),
  limits: z.object({}),
});

export const vhostDefinitionOutSchema = z.object({
  name: z.string(),
  limits: z.array(z.unknown()).describe('Always empty: vhost limits are not supported yet'),
  metadata: z.object({ description: z.string(), tags: z.array(z.string()) }),
});

export const permissionDefinitionOutSchema = z.object({
  user: z.string(),
  vhost: z.string(),
  configure: z.string(),
  write: z.string(),
  read: z.string(),
});

/** One vhost's topology, as RabbitMQ's GET /api/definitions/{vhost}. */
export const vhostDefinitionsExportSchema = z.object({
  rabbit_version: z.string().describe("The RabbitMQ release whose definitions format this file follows"),
  rabbitmq_version: z.string(),
  product_name: z.string(),
  product_version: z.string(),
  queues: z.array(queueDefinitionOutSchema),
  exchanges: z.array(exchangeDefinitionOutSchema),
  bindings: z.array(bindingDefinitionOutSchema),
});

/** The whole node, as RabbitMQ's GET /api/definitions. */
export const definitionsExportSchema = vhostDefinitionsExportSchema.extend({
  users: z.array(userDefinitionOutSchema),
  vhosts: z.array(vhostDefinitionOutSchema),
  permissions: z.array(permissionDefinitionOutSchema),
});

/** A user as a diff shows it: never its hash (the diff goes to the audit log). */
const userDiffEntrySchema = z.object({ name: z.string(), tags: z.array(z.string()), hashing_algorithm: z.string().optional().describe('Absent: no password') });
const vhostDiffEntrySchema = z.object({ name: z.string(), description: z.string() });

const diffSectionSchema = z.object({
  exchanges: z.array(exchangeDefinitionOutSchema),
  queues: z.array(queueDefinitionOutSchema),
  bindings: z.array(bindingDefinitionOutSchema),
  users: z.array(userDiffEntrySchema),
  vhosts: z.array(vhostDiffEntrySchema),
  permissions: z.array(permissionDefinitionOutSchema),
});

const change = <T extends z.ZodType>(entry: T) => z.object({ name: z.string(), current: entry, desired: entry });

export const definitionsDiffSchema = z.object({
  added: diffSectionSchema,
  changed: z
    .object({
      exchanges: z.array(change(exchangeDefinitionOutSchema)).describe('Refuses the import (409) before anything is applied'),
      queues: z.array(change(queueDefinitionOutSchema)).describe('Refuses the import (409) before anything is applied'),
      users: z
        .array(change(userDiffEntrySchema).extend({ passwordChanged: z.boolean() }))
        .describe('Updated, as RabbitMQ does; a changed password ends the user\'s connections, streams and sessions'),
      vhosts: z.array(change(vhostDiffEntrySchema)).describe('Updated (the description)'),
      permissions: z
        .array(z.object({ user: z.string(), vhost: z.string(), current: permissionDefinitionOutSchema, desired: permissionDefinitionOutSchema }))
        .describe('Updated, as RabbitMQ does'),
    })
    .describe('Exists with other settings.'),
  removed: diffSectionSchema.describe('In Switchboard but not in the file; an import never deletes anything.'),
  warnings: z.array(z.string()).describe('Arguments, entries and sections that are ignored.'),
});

export type DefinitionsImport = z.infer<typeof definitionsImportSchema>;
export type QueueDefinition = z.infer<typeof queueDefinitionOutSchema>;
export type ExchangeDefinition = z.infer<typeof exchangeDefinitionOutSchema>;
export type BindingDefinition = z.infer<typeof bindingDefinitionOutSchema>;
export type UserDefinition = z.infer<typeof userDefinitionOutSchema>;
export type VhostDefinition = z.infer<typeof vhostDefinitionOutSchema>;
export type PermissionDefinition = z.infer<typeof permissionDefinitionOutSchema>;
export type UserDiffEntry = z.infer<typeof userDiffEntrySchema>;
export type VhostDiffEntry = z.infer<typeof vhostDiffEntrySchema>;
export type VhostDefinitionsExport = z.infer<typeof vhostDefinitionsExportSchema>;
export type DefinitionsExport = z.infer<typeof definitionsExportSchema>;
export type DefinitionsDiff = z.infer<typeof definitionsDiffSchema>;
