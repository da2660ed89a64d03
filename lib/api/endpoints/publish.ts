/** @module Publishing: to an exchange, in batches, and straight to a queue through the default exchange. */
import { publishNeeds } from '@/lib/access/operations';
import { engineExchangeName } from '../serialize';
import { endpoint, publishBodyLimit } from '../endpoint';
import { publishBatchResultJson, publishResultJson, toPublishInput } from '../publish-input';
import { json } from '../respond';
import { exchangeParamsSchema } from '../schemas/exchanges';
import {
  publishBatchBodySchema,
  publishBatchResultSchema,
  publishBodySchema,
  publishResultSchema,
  queuePublishBodySchema,
} from '../schemas/messages';
import { queueParamsSchema } from '../schemas/queues';

const publishErrors = ['not_found', 'forbidden', 'payload_too_large', 'queue_full', 'unavailable'] as const;

export const publishToExchange = endpoint({
  operationId: 'publish',
  method: 'POST',
  path: '/exchanges/{name}/publish',
  tag: 'messages',
  summary: 'Publish one message; answered once every persistent copy is stored',
  description: 'Headers `CC` and `BCC` add routing keys; `BCC` is removed before delivery.',
  params: exchangeParamsSchema,
  body: publishBodySchema,
  bodyLimit: publishBodyLimit,
  responses: { 200: { description: 'Published', schema: publishResultSchema } },
  errors: [...publishErrors],
  vhostScoped: true,
  authorize: ({ access, params }) => access.allow(publishNeeds(engineExchangeName(params.name))),
  onClusters: true,
  handle: async ({ backend, services: { config }, params, body, signal }) => {
    const input = toPublishInput(params.name, body.routingKey, body, config.maxMessageBytes);
    return json(publishResultJson(await backend.publish(input, signal)));
  },
});

export const publishBatch = endpoint({
  operationId: 'publishBatch',
  method: 'POST',
  path: '/exchanges/{name}/publish-batch',
  tag: 'messages',
  summary: 'Publish 1..1000 messages; results in order',
  description: 'When a `reject-publish` queue refuses any of them: 429, `details.results` tells which.',
  params: exchangeParamsSchema,
  body: publishBatchBodySchema,
  bodyLimit: publishBodyLimit,
  responses: { 200: { description: 'Published', schema: publishBatchResultSchema } },
  errors: [...publishErrors],
  vhostScoped: true,
  authorize: ({ access, params }) => access.allow(publishNeeds(engineExchangeName(params.name))),
  handle: async ({ broker, services: { config }, params, body }) => {
    const inputs = body.messages.map((message) => toPublishInput(params.name, message.routingKey, message, config.maxMessageBytes));
    return json(publishBatchResultJson(await broker.publishBatch(inputs)));
  },
});

export const publishToQueue = endpoint({
  operationId: 'publishToQueue',
  method: 'POST',
  path: '/queues/{name}/messages',
  tag: 'messages',
  summary: 'Publish one message to this queue through the default exchange',
  params: queueParamsSchema,
  body: queuePublishBodySchema,
  bodyLimit: publishBodyLimit,
  responses: { 200: { description: 'Published', schema: publishResultSchema } },
  errors: [...publishErrors],
  vhostScoped: true,
  onClusters: true,
  authorize: ({ access }) => access.allow(publishNeeds('')),
  handle: async ({ backend, services: { config }, params, body, signal }) => {
    const input = toPublishInput('', params.name, body, config.maxMessageBytes);
    return json(publishResultJson(await backend.publishToQueue(params.name, input, signal)));
  },
});
