/**
 * @module One vhost's AMQP connections: list, look at one, close one. On the embedded broker these are the AMQP
 * listener's connections that opened the vhost (GET /connections lists every vhost's); on an attached cluster, those
 * its nodes hold in the vhost, closed through its management API. Who may see or close one is the same rule as at
 * /connections: the owner, or a monitoring or administrator user.
 */
import { ApiError } from '../errors';
import { endpoint } from '../endpoint';
import { anyoneInVhost } from '../endpoint-access';
import { json, noContent } from '../respond';
import { connectionListSchema, connectionParamsSchema, connectionSchema } from '../schemas/connections';
import { authorizeClose, reasonOf } from './connections';

export const listVhostConnections = endpoint({
  operationId: 'listVhostConnections',
  method: 'GET',
  path: '/connections',
  tag: 'connections',
  summary: "The vhost's AMQP connections, with their channels, consumers, unacked deliveries and rates",
  description: 'As RabbitMQ\'s GET /api/vhosts/{vhost}/connections. Unprefixed, `/connections` lists every vhost\'s.',
  responses: { 200: { description: 'Connections', schema: connectionListSchema } },
  vhostScoped: true,
  onClusters: true,
  authorize: anyoneInVhost,
  handle: async ({ backend, services, caller, signal }) =>
    json((await backend.listConnections(signal)).filter((connection) => services.access.policy.canSeeConnectionOf(caller!, connection.user))),
});

export const getVhostConnection = endpoint({
  operationId: 'getVhostConnection',
  method: 'GET',
  path: '/connections/{id}',
  tag: 'connections',
  summary: 'One AMQP connection of the vhost, with its channels',
  params: connectionParamsSchema,
  responses: { 200: { description: 'The connection', schema: connectionSchema } },
  errors: ['not_found'],
  vhostScoped: true,
  onClusters: true,
  authorize: anyoneInVhost,
  handle: async ({ backend, services, caller, params, signal }) => {
    const connection = await backend.getConnection(params.id, signal);
    if (!services.access.policy.canSeeConnectionOf(caller!, connection.user)) throw new ApiError('not_found', `No AMQP connection '${params.id}'`);
    return json(connection);
  },
});

export const closeVhostConnection = endpoint({
  operationId: 'closeVhostConnection',
  method: 'DELETE',
  path: '/connections/{id}',
  tag: 'connections',
  summary: 'Close an AMQP connection of the vhost with 320 CONNECTION_FORCED; its unacked deliveries return to their queues',
  description: 'The reason the client reads is the `X-Reason` header, as in RabbitMQ, or "Closed via management console".',
  params: connectionParamsSchema,
  responses: { 204: { description: 'Closed' } },
  errors: ['not_found', 'forbidden'],
  vhostScoped: true,
  onClusters: true,
  authorize: async ({ access, backend, caller, params, signal }) => authorizeClose(access, caller, await backend.getConnection(params.id, signal), params.id),
  audit: { action: 'connection.close', resource: ({ params }) => `connection '${params.id}'` },
  handle: async ({ backend, params, request, note, signal }) => {
    const reason = reasonOf(request);
    await backend.closeConnection(params.id, reason, signal);
    note({ detail: { reason } });
    return noContent();
  },
});
