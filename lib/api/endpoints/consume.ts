/** @module Consuming: pull with leases (receive, ack, nack), push over Server-Sent Events, and browsing. */
import { readQueueNeeds } from '@/lib/access/operations';
import { browsesQueue, readsQueue } from '../endpoint-access';
import { endpoint } from '../endpoint';
import { json } from '../respond';
import {
  ackBodySchema,
  ackResultSchema,
  deliverySchema,
  messagePageSchema,
  nackBodySchema,
  nackResultSchema,
  peekQuerySchema,
  receiveBodySchema,
  receiveResultSchema,
  subscribeQuerySchema,
} from '../schemas/messages';
import { queueParamsSchema } from '../schemas/queues';
import { toDeliveryJson } from '../serialize';
import { revocable } from '../revocable-stream';
import { eventStream } from '../sse';

export const receive = endpoint({
  operationId: 'receive',
  method: 'POST',
  path: '/queues/{name}/receive',
  tag: 'messages',
  summary: 'Lease up to `max` messages, waiting up to `waitMs` for the first',
  description: 'A lease that runs out before an ack puts the message back as ready, `redelivered: true`.',
  params: queueParamsSchema,
  body: receiveBodySchema,
  responses: { 200: { description: 'Deliveries (possibly none)', schema: receiveResultSchema } },
  errors: ['not_found', 'resource_locked'],
  vhostScoped: true,
  authorize: readsQueue,
  handle: async ({ broker, params, body, signal }) => {
    // The long-poll ends when its client leaves, so no message is leased to nobody.
    const deliveries = await broker.receive(params.name, { ...body, signal });
    return json({ messages: deliveries.map(toDeliveryJson) });
  },
});

export const ack = endpoint({
  operationId: 'ack',
  method: 'POST',
  path: '/queues/{name}/ack',
  tag: 'messages',
  summary: 'Acknowledge deliveries: they are gone for good',
  params: queueParamsSchema,
  body: ackBodySchema,
  responses: { 200: { description: 'How many were acked', schema: ackResultSchema } },
  errors: ['not_found', 'unavailable'],
  vhostScoped: true,
  authorize: readsQueue,
  handle: async ({ broker, params, body }) => json({ acked: await broker.ack(params.name, body.deliveryTags) }),
});

export const nack = endpoint({
  operationId: 'nack',
  method: 'POST',
  path: '/queues/{name}/nack',
  tag: 'messages',
  summary: 'Reject deliveries: requeue them, or (`requeue: false`) dead-letter or drop them',
  params: queueParamsSchema,
  body: nackBodySchema,
  responses: { 200: { description: 'How many were nacked', schema: nackResultSchema } },
  errors: ['not_found', 'unavailable'],
  vhostScoped: true,
  authorize: readsQueue,
  handle: async ({ broker, params, body }) =>
    json({ nacked: await broker.nack(params.name, body.deliveryTags, body.requeue) }),
});

export const subscribe = endpoint({
  operationId: 'subscribe',
  method: 'GET',
  path: '/queues/{name}/subscribe',
  tag: 'messages',
  summary: 'Push deliveries as Server-Sent Events, at most `prefetch` unacked; ack through /ack',
  description:
    'One `message` event per Delivery (JSON data) and a comment every 15 s; an `end` event `{reason}` when the broker ends the subscription (queue deleted). When the client disconnects its unacked messages return, redelivered. A client that stops reading stops receiving: no new deliveries while 64 KiB of the stream wait unread.',
  params: queueParamsSchema,
  query: subscribeQuerySchema,
  responses: { 200: { description: 'An event stream of Delivery objects', contentType: 'text/event-stream', schema: deliverySchema } },
  errors: ['not_found', 'resource_locked'],
  vhostScoped: true,
  // Leases messages: a page elsewhere must not open it with the console's cookie (an <img> or EventSource would).
  changesState: true,
  authorize: ({ access, params }) => access.allow(readQueueNeeds(params.name), { mutates: true }),
  handle: ({ services, caller, broker, params, query, request }) =>
    eventStream(request, revocable(services, caller, (sink) => {
      const subscription = broker.subscribe(params.name, {
        prefetch: query.prefetch,
        kind: 'sse',
        onDelivery: (delivery) => sink.send('message', toDeliveryJson(delivery)),
        onEnd: (reason) => {
          sink.send('end', { reason });
          sink.close();
        },
        // A subscriber that stops reading stops receiving: no more leases until it has read what it was sent.
        sharedCapacity: () => sink.ready?.() ?? true,
      });
      sink.onReady?.(() => subscription.resume());
      return subscription;
    })),
});

export const peek = endpoint({
  operationId: 'peek',
  method: 'GET',
  path: '/queues/{name}/messages',
  tag: 'messages',
  summary: 'Browse ready messages in delivery order without changing them',
  description: 'Each request reads a bounded part of the queue: a search that matches little answers with fewer items (even none) and a `nextCursor` to go on from, and says how many messages it read (`scanned`) of the queue\'s `ready`.',
  params: queueParamsSchema,
  query: peekQuerySchema,
  responses: { 200: { description: 'A page of messages', schema: messagePageSchema } },
  errors: ['not_found'],
  vhostScoped: true,
  onClusters: true,
  // Taking and requeueing messages on a cluster changes them (redelivered, place in line): not for a read-only key.
  authorize: (context) =>
    context.cluster !== undefined && context.query.getAndRequeue
      ? context.access.allow(readQueueNeeds(context.params.name), { mutates: true })
      : browsesQueue(context),
  handle: async ({ backend, params, query, signal }) => json(await backend.browse(params.name, query, signal)),
});
