/** @module Single-message actions on ready messages (the message browser's delete, move and requeue). */
import { moveNeeds, type MoveDestination } from '@/lib/access/operations';
import { readsQueue } from '../endpoint-access';
import { engineExchangeName } from '../serialize';
import { endpoint } from '../endpoint';
import { json, noContent } from '../respond';
import { messageParamsSchema, moveBodySchema, moveResultSchema, requeueResultSchema } from '../schemas/message-actions';

export const deleteMessage = endpoint({
  operationId: 'deleteMessage',
  method: 'DELETE',
  path: '/queues/{name}/messages/{messageId}',
  tag: 'messages',
  summary: 'Remove one ready message; nothing else is consumed',
  description: 'A message out on a lease (delivered, not yet acked) answers 409 `precondition_failed`.',
  params: messageParamsSchema,
  responses: { 204: { description: 'Removed' } },
  errors: ['not_found', 'precondition_failed', 'resource_locked', 'unavailable'],
  vhostScoped: true,
  authorize: readsQueue,
  audit: { action: 'message.delete', resource: ({ params }) => `message '${params.messageId}' in queue '${params.name}'` },
  handle: async ({ broker, params }) => {
    await broker.deleteMessage(params.name, params.messageId);
    return noContent();
  },
});

export const moveMessage = endpoint({
  operationId: 'moveMessage',
  method: 'POST',
  path: '/queues/{name}/messages/{messageId}/move',
  tag: 'messages',
  summary: 'Move one ready message to a queue, or through an exchange by routing key',
  description:
    'The message leaves this queue in the same commit that stores it at the destination, with its headers and properties. ' +
    'An exchange that routes it nowhere answers 409; destinations that all refuse it (reject-publish) answer 429; it then stays.',
  params: messageParamsSchema,
  body: moveBodySchema,
  responses: { 200: { description: 'Moved', schema: moveResultSchema } },
  errors: ['not_found', 'forbidden', 'precondition_failed', 'queue_full', 'unavailable'],
  vhostScoped: true,
  authorize: ({ access, params, body }) => access.allow(moveNeeds(params.name, moveDestination(body.to))),
  audit: { action: 'message.move', resource: ({ params }) => `message '${params.messageId}' in queue '${params.name}'` },
  handle: async ({ broker, params, body }) => json(await broker.moveMessage(params.name, params.messageId, body.to)),
});

export const requeueMessage = endpoint({
  operationId: 'requeueMessage',
  method: 'POST',
  path: '/queues/{name}/messages/{messageId}/requeue',
  tag: 'messages',
  summary: 'Send one ready message to the tail of its own queue',
  params: messageParamsSchema,
  responses: { 200: { description: 'Requeued', schema: requeueResultSchema } },
  errors: ['not_found', 'precondition_failed', 'unavailable'],
  vhostScoped: true,
  authorize: ({ access, params }) => access.allow(moveNeeds(params.name, { queue: params.name })),
  audit: { action: 'message.requeue', resource: ({ params }) => `message '${params.messageId}' in queue '${params.name}'` },
  handle: async ({ broker, params }) => {
    await broker.requeueMessage(params.name, params.messageId);
    return json({ messageId: params.messageId, queue: params.name });
  },
});

/** A move's destination as permissions see it: a queue, or an exchange (`amq.default` is the default exchange). */
export function moveDestination(to: { queue: string } | { exchange: string }): MoveDestination {
  return 'queue' in to ? { queue: to.queue } : { exchange: engineExchangeName(to.exchange) };
}
