/** @module AMQP connections: list, look at one, close one (as RabbitMQ's management UI does, with 320). */
import { ApiError } from '../errors';
import { endpoint, type AccessGate } from '../endpoint';
import type { Caller } from '@/lib/access/types';
import { anyCaller } from '../endpoint-access';
import { json, noContent } from '../respond';
import { connectionListSchema, connectionParamsSchema, connectionSchema } from '../schemas/connections';

/** The reason an AMQP client reads after "CONNECTION_FORCED - " when the console closes it. */
export const CLOSED_BY_CONSOLE = 'Closed via management console';
const MAX_REASON = 200;

/** RabbitMQ's management API takes the reason from `X-Reason`; so do we, kept short and printable. */
export function reasonOf(request: Request): string {
  const given = request.headers.get('x-reason')?.replace(/[^\x20-\x7e]/g, '').trim().slice(0, MAX_REASON);
  return given || CLOSED_BY_CONSOLE;
}

const unknownConnection = (id: string) => new ApiError('not_found', `No AMQP connection '${id}'`);

export const listConnections = endpoint({
  operationId: 'listConnections',
  method: 'GET',
  path: '/connections',
  tag: 'connections',
  summary: 'Open AMQP connections with their channels, consumers, unacked deliveries and rates ([] when AMQP is off)',
  responses: { 200: { description: 'Connections', schema: connectionListSchema } },
  authorize: anyCaller,
  handle: ({ services, caller }) =>
    json((services.amqp?.listConnections() ?? []).filter((connection) => services.access.policy.canSeeConnectionOf(caller!, connection.user))),
});

export const getConnection = endpoint({
  operationId: 'getConnection',
  method: 'GET',
  path: '/connections/{id}',
  tag: 'connections',
  summary: 'One AMQP connection with its channels',
  params: connectionParamsSchema,
  responses: { 200: { description: 'The connection', schema: connectionSchema } },
  errors: ['not_found'],
  authorize: anyCaller,
  handle: ({ services, caller, params }) => {
    const connection = services.amqp?.findConnection(params.id);
    // Another user's connection is as unknown as a missing one to those who may not see it.
    if (!connection || !services.access.policy.canSeeConnectionOf(caller!, connection.user)) throw unknownConnection(params.id);
    return json(connection);
  },
});

export const closeConnection = endpoint({
  operationId: 'closeConnection',
  method: 'DELETE',
  path: '/connections/{id}',
  tag: 'connections',
  summary: 'Close an AMQP connection with 320 CONNECTION_FORCED; its unacked deliveries return to their queues',
  description: 'The reason the client reads is the `X-Reason` header, as in RabbitMQ, or "Closed via management console".',
  params: connectionParamsSchema,
  responses: { 204: { description: 'Closed' } },
  errors: ['not_found', 'forbidden'],
  authorize: ({ services, access, caller, params }) => authorizeClose(access, caller, services.amqp?.findConnection(params.id), params.id),
  audit: { action: 'connection.close', resource: ({ services, params }) => connectionLabel(services.amqp?.findConnection(params.id), params.id) },
  handle: ({ services, params, request, note }) => {
    const reason = reasonOf(request);
    if (!services.amqp?.closeConnection(params.id, reason)) throw unknownConnection(params.id);
    note({ detail: { reason } });
    return noContent();
  },
});

/**
 * Closing needs a writable caller who may see the connection (else it is as unknown as a missing one) and close it:
 * one's own, or any with the `administrator` tag.
 */
export function authorizeClose(access: AccessGate, caller: Caller | null, connection: { user: string } | undefined, id: string): void {
  access.requireWritable('Closing connections');
  if (!connection || !caller || !access.policy.canSeeConnectionOf(caller, connection.user)) throw unknownConnection(id);
  if (!access.policy.canCloseConnectionOf(caller, connection.user)) {
    throw new ApiError('forbidden', `Closing another user's connection needs the 'administrator' tag`, {
      permission: 'administrator',
      resource: { kind: 'connection', name: id },
    });
  }
}

function connectionLabel(connection: { peer: string; user: string } | undefined, id: string): string {
  return connection ? `connection ${connection.peer} of user '${connection.user}'` : `connection '${id}'`;
}
