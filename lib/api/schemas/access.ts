/** @module Schemas of users, vhosts, permissions, API keys, who-am-I and console sessions. */
import { z } from 'zod';
import { USER_TAGS } from '@/lib/access/tags';

/** User and vhost names: any text of 1 to 255 bytes (lib/access checks control characters). */
const accessNameSchema = z
  .string()
  .min(1)
  .refine((value) => Buffer.byteLength(value) <= 255, { message: 'must be at most 255 bytes' });

export const userParamsSchema = z.object({ name: accessNameSchema });
export const vhostParamsSchema = z.object({ vhost: accessNameSchema });
export const permissionParamsSchema = z.object({ vhost: accessNameSchema, user: accessNameSchema });
export const apiKeyParamsSchema = z.object({ id: z.string().min(1).max(64) });

export const tagSchema = z.string().describe(`One of ${USER_TAGS.join(', ')}; an empty list is RabbitMQ's "none".`);

export const userSchema = z.object({
  name: z.string(),
  tags: z.array(z.string()),
  hasPassword: z.boolean().describe('The password itself, or its hash, is never returned.'),
});
export const userListSchema = z.array(userSchema);
export const userPutBodySchema = z.strictObject({
  password: z.string().max(1024).optional().describe('Required for a new user; at least 8 characters.'),
  tags: z.array(tagSchema).max(8).default([]),
});

export const vhostSchema = z.object({ name: z.string(), description: z.string() });
export const vhostListSchema = z.array(vhostSchema);
export const vhostPutBodySchema = z.strictObject({ description: z.string().max(1024).default('') });

const patternSchema = z.string().max(4096).describe("A regular expression searched in resource names, as RabbitMQ's ('' grants nothing)");
export const permissionSchema = z.object({ user: z.string(), vhost: z.string(), configure: z.string(), write: z.string(), read: z.string() });
export const permissionListSchema = z.array(permissionSchema);
export const permissionListQuerySchema = z.object({ user: accessNameSchema.optional(), vhost: accessNameSchema.optional() });
export const permissionPutBodySchema = z.strictObject({ configure: patternSchema, write: patternSchema, read: patternSchema });

export const apiKeySchema = z.object({
  id: z.string(),
  user: z.string(),
  name: z.string(),
  readOnly: z.boolean(),
  createdAt: z.number(),
  expiresAt: z.number().optional(),
  lastUsedAt: z.number().optional(),
});
export const apiKeyListSchema = z.array(apiKeySchema);
export const apiKeyListQuerySchema = z.object({ user: accessNameSchema.optional().describe("Another user's keys (administrators)") });
export const apiKeyCreateBodySchema = z.strictObject({
  name: z.string().min(1).max(255),
  readOnly: z.boolean().default(false).describe('May look, change nothing: no configure, no write, no purge, no consuming.'),
  expiresAt: z.number().int().positive().optional().describe('Epoch milliseconds'),
});
export const apiKeyCreatedSchema = apiKeySchema.extend({ key: z.string().describe('The secret: shown this once, stored only as a hash.') });

export const whoamiSchema = z.object({
  name: z.string(),
  tags: z.array(z.string()),
  apiKey: z.object({ id: z.string(), name: z.string(), readOnly: z.boolean() }).optional(),
  permissions: z.array(permissionSchema.omit({ user: true })),
  vhosts: z.array(z.string()).describe('The vhosts whose figures the caller may see'),
});

export const sessionBodySchema = z.strictObject({
  user: z.string().min(1).max(255),
  password: z.string().min(1).max(1024).describe("The user's password, or one of its API keys"),
});
export const sessionsEndedSchema = z.object({ ended: z.number() });

export type UserJson = z.infer<typeof userSchema>;
export type ApiKeyJson = z.infer<typeof apiKeySchema>;
export type WhoAmI = z.infer<typeof whoamiSchema>;
