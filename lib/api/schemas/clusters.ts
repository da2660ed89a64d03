/** @module Schemas of attached RabbitMQ clusters and their nodes. */
import { z } from 'zod';
import { CLUSTER_LIMITS } from '@/lib/rabbitmq/cluster-connection';
import { MAX_CLUSTER_NAME_LENGTH } from '@/lib/rabbitmq/cluster-registry';
import { queryInt } from './common';

export const clusterParamsSchema = z.object({ id: z.string().min(1).max(64) });

const urlListSchema = (what: string, example: string) =>
  z
    .array(z.string().min(1).max(CLUSTER_LIMITS.maxUrlLength))
    .min(1)
    .max(CLUSTER_LIMITS.maxUrls)
    .describe(`${what}, one per node, tried in turn (e.g. ${example}); without credentials.`);

const managementUrlsSchema = urlListSchema('Management API URLs', 'http://rabbit-1:15672');
const amqpUrlsSchema = urlListSchema('AMQP URLs', 'amqp://rabbit-1:5672');
const nameSchema = z.string().min(1).max(MAX_CLUSTER_NAME_LENGTH * 2).describe(`Shown in the console; at most ${MAX_CLUSTER_NAME_LENGTH} characters.`);
const usernameSchema = z.string().min(1).max(1024);
const passwordSchema = z.string().min(1).max(1024);
const caSchema = z.string().max(CLUSTER_LIMITS.maxCaBytes).describe('PEM of the CA that signs the nodes\' TLS certificates (https: and amqps: URLs).');

export const clusterCreateBodySchema = z.strictObject({
  name: nameSchema,
  managementUrls: managementUrlsSchema,
  amqpUrls: amqpUrlsSchema,
  username: usernameSchema,
  password: passwordSchema,
  ca: caSchema.optional(),
});

export const clusterPatchBodySchema = z.strictObject({
  name: nameSchema.optional(),
  managementUrls: managementUrlsSchema.optional(),
  amqpUrls: amqpUrlsSchema.optional(),
  username: usernameSchema.optional(),
  password: passwordSchema.optional().describe('Omitted: the stored one is kept.'),
  ca: caSchema.nullable().optional().describe('null removes it.'),
});

export const clusterStatusSchema = z.object({
  state: z.enum(['reachable', 'unreachable', 'unknown']).describe('From the last sample of its nodes (every 5 s).'),
  checkedAt: z.number().nullable().describe('When the last sample finished (epoch ms).'),
  lastReachableAt: z.number().nullable().describe('When the cluster last answered (epoch ms).'),
  message: z.string().nullable().describe('Why the last sample failed.'),
  managementUrl: z.string().nullable().describe('The management URL that answered last.'),
});

export const clusterSchema = z.object({
  id: z.string(),
  name: z.string(),
  managementUrls: z.array(z.string()),
  amqpUrls: z.array(z.string()),
  hasCa: z.boolean(),
  rabbitmqVersion: z.string().describe('As read by the check before the last save.'),
  clusterName: z.string().describe("RabbitMQ's own name of the cluster."),
  createdBy: z.string(),
  createdAt: z.number().describe('Epoch milliseconds.'),
  updatedAt: z.number().describe('Epoch milliseconds.'),
  status: clusterStatusSchema,
  operations: z.array(z.string()).describe('The operations (OpenAPI operation ids) served under `/clusters/{id}/vhosts/{vhost}`; the others answer 409 not_supported.'),
  capabilities: z
    .record(z.string(), z.union([z.literal(true), z.string()]))
    .describe('What this backend can do: `true`, or why not (the console hides what it cannot, with the reason).'),
}).describe('An attached cluster. Its credentials are stored encrypted and never answered.');
export const clusterListSchema = z.array(clusterSchema);
export const clusterSavedSchema = clusterSchema.extend({
  warnings: z.array(z.string()).describe('What the check found that works but should be known: a node down, a user without the administrator tag.'),
});

export const clusterVhostSchema = z.object({ name: z.string(), description: z.string() });
export const clusterVhostListSchema = z.array(clusterVhostSchema);

export const clusterNodeSchema = z.object({
  name: z.string(),
  running: z.boolean(),
  memoryAlarm: z.boolean(),
  diskAlarm: z.boolean(),
  partitions: z.array(z.string()).describe('Nodes this one cannot reach (a network partition).'),
  version: z.string().nullable().describe('RabbitMQ on the node; null while it is down.'),
  uptimeMs: z.number().nullable(),
  observedAt: z.number().describe('When these figures were read (epoch ms): older than 5 s when the cluster stopped answering.'),
});
export const clusterNodeListSchema = z.array(clusterNodeSchema);

const nullableNumber = z.number().nullable();
export const clusterNodeHistorySchema = z.object({
  intervalMs: z.number().describe('Time between samples.'),
  samples: z.array(
    z.object({
      at: z.number().describe('Epoch milliseconds.'),
      nodes: z.array(
        z.object({
          name: z.string(),
          running: z.boolean(),
          memoryUsedBytes: nullableNumber,
          memoryLimitBytes: nullableNumber,
          diskFreeBytes: nullableNumber,
          diskFreeLimitBytes: nullableNumber,
          fdUsed: nullableNumber,
          fdTotal: nullableNumber,
        }),
      ),
    }),
  ),
});
export const clusterNodeHistoryQuerySchema = z.object({
  minutes: queryInt(1, 60).default(60).describe('How far back; samples are kept for an hour.'),
});
