/** @module Queues: list (search, sort, pages), inspect, declare, delete and purge. */
import { declareQueueNeeds, deleteQueueNeeds } from '@/lib/access/operations';
import { endpoint } from '../endpoint';
import { anyoneInVhost, queueLabel, readsQueue } from '../endpoint-access';
import { json, noContent } from '../respond';
import {
  purgeResultSchema,
  queueDeclareBodySchema,
  queueDeclareParamsSchema,
  queueDeleteQuerySchema,
  queueListQuerySchema,
  queuePageSchema,
  queueParamsSchema,
  queueSchema,
} from '../schemas/queues';
import { engineExchangeName } from '../serialize';

export const listQueues = endpoint({
  operationId: 'listQueues',
  method: 'GET',
  path: '/queues',
  tag: 'queues',
  summary: 'Queues with their stats: search by name, sort, cursor pages',
  query: queueListQuerySchema,
  responses: { 200: { description: 'A page of queues', schema: queuePageSchema } },
  vhostScoped: true,
  onClusters: true,
  authorize: anyoneInVhost,
  handle: async ({ backend, query, signal }) => json(await backend.listQueues(query, signal)),
});

export const getQueue = endpoint({
  operationId: 'getQueue',
  method: 'GET',
  path: '/queues/{name}',
  tag: 'queues',
  summary: 'One queue with its stats',
  params: queueParamsSchema,
  responses: { 200: { description: 'The queue', schema: queueSchema } },
  errors: ['not_found'],
  vhostScoped: true,
  onClusters: true,
  authorize: anyoneInVhost,
  handle: async ({ backend, params, signal }) => json(await backend.getQueue(params.name, signal)),
});

export const declareQueue = endpoint({
  operationId: 'declareQueue',
  method: 'PUT',
  path: '/queues/{name}',
  tag: 'queues',
  summary: 'Declare a queue: 201 created, 200 when an identical one exists',
  params: queueDeclareParamsSchema,
  body: queueDeclareBodySchema,
  responses: {
    200: { description: 'An identical queue already existed', schema: queueSchema },
    201: { description: 'Created', schema: queueSchema },
  },
  errors: ['forbidden', 'precondition_failed', 'resource_locked', 'unavailable'],
  vhostScoped: true,
  authorize: ({ access, params, body }) => access.allow(declareQueueNeeds(params.name, deadLetterExchangeOf(body.arguments))),
  onClusters: true,
  audit: { action: 'queue.declare', resource: queueLabel },
  handle: async ({ backend, params, body, signal }) => {
    const { created, queue } = await backend.declareQueue(params.name, body, signal);
    return json(queue, created ? 201 : 200);
  },
});

export const deleteQueue = endpoint({
  operationId: 'deleteQueue',
  method: 'DELETE',
  path: '/queues/{name}',
  tag: 'queues',
  summary: 'Delete a queue (`ifEmpty`, `ifUnused` make it conditional: 409 otherwise)',
  params: queueParamsSchema,
  query: queueDeleteQuerySchema,
  responses: { 204: { description: 'Deleted' } },
  errors: ['not_found', 'forbidden', 'precondition_failed', 'resource_locked', 'unavailable'],
  vhostScoped: true,
  authorize: ({ access, params }) => access.allow(deleteQueueNeeds(params.name)),
  onClusters: true,
  audit: { action: 'queue.delete', resource: queueLabel },
  handle: async ({ backend, params, query, note, signal }) => {
    note({ affected: await backend.deleteQueue(params.name, query, signal) });
    return noContent();
  },
});

export const purgeQueue = endpoint({
  operationId: 'purgeQueue',
  method: 'DELETE',
  path: '/queues/{name}/contents',
  tag: 'queues',
  summary: 'Purge the ready messages; delivered, unacked ones stay',
  params: queueParamsSchema,
  responses: { 200: { description: 'How many were purged', schema: purgeResultSchema } },
  errors: ['not_found', 'forbidden', 'resource_locked', 'unavailable'],
  vhostScoped: true,
  authorize: readsQueue,
  onClusters: true,
  audit: { action: 'queue.purge', resource: queueLabel },
  handle: async ({ backend, params, note, signal }) => {
    const purged = await backend.purgeQueue(params.name, signal);
    note({ affected: purged });
    return json({ purged });
  },
});

/** The dead-letter exchange a declaration names, as permissions see it (`""` and `amq.default` are the default exchange). */
function deadLetterExchangeOf(args: { deadLetterExchange?: string } | undefined): string | undefined {
  return args?.deadLetterExchange === undefined ? undefined : engineExchangeName(args.deadLetterExchange);
}
