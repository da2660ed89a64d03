/** @module Virtual hosts: listed to whoever may see them; created and deleted by administrators. */
import { endpoint } from '../endpoint';
import { administratorOnly, anyCaller } from '../endpoint-access';
import { ApiError } from '../errors';
import { json, noContent } from '../respond';
import { vhostListSchema, vhostParamsSchema, vhostPutBodySchema, vhostSchema } from '../schemas/access';
import { DEFAULT_VHOST } from '@/lib/access/access-directory';
import { checkName } from '@/lib/access/access-rules';

const vhostLabel = ({ params }: { params: { vhost: string } }) => `vhost '${params.vhost}'`;

export const listVhosts = endpoint({
  operationId: 'listVhosts',
  method: 'GET',
  path: '/vhosts',
  tag: 'access',
  summary: 'The vhosts the caller may see (all of them for monitoring and administrators)',
  responses: { 200: { description: 'Vhosts', schema: vhostListSchema } },
  authorize: anyCaller,
  handle: ({ services, caller }) => {
    const { directory, policy } = services.access;
    return json(directory.listVhosts().filter((vhost) => policy.canSeeVhost(caller!, vhost.name)));
  },
});

export const getVhost = endpoint({
  operationId: 'getVhost',
  method: 'GET',
  path: '/vhosts/{vhost}',
  tag: 'access',
  summary: 'One vhost',
  params: vhostParamsSchema,
  responses: { 200: { description: 'The vhost', schema: vhostSchema } },
  errors: ['forbidden', 'not_found'],
  authorize: ({ services, caller, params }) => {
    if (!services.access.policy.canSeeVhost(caller, params.vhost)) services.access.policy.checkVhost(caller, params.vhost);
  },
  handle: ({ services, params }) => json(services.access.directory.getVhost(params.vhost)),
});

export const putVhost = endpoint({
  operationId: 'putVhost',
  method: 'PUT',
  path: '/vhosts/{vhost}',
  tag: 'access',
  summary: 'Create a vhost (201) with its built-in exchanges, or change its description (200)',
  description: 'As in RabbitMQ, its creator gets no permissions there by itself: grant them with PUT /permissions/{vhost}/{user}.',
  params: vhostParamsSchema,
  body: vhostPutBodySchema,
  responses: { 200: { description: 'Changed', schema: vhostSchema }, 201: { description: 'Created', schema: vhostSchema } },
  errors: ['forbidden'],
  authorize: administratorOnly('Managing vhosts'),
  audit: { action: 'vhost.put', resource: vhostLabel },
  handle: async ({ services, params, body }) => {
    const { directory } = services.access;
    const existed = directory.findVhost(params.vhost) !== undefined;
    checkName('vhost', params.vhost);
    if (!existed) await services.vhosts.add(params.vhost);
    try {
      await directory.putVhost(params.vhost, body.description);
    } catch (error) {
      if (!existed) await services.vhosts.remove(params.vhost).catch(() => undefined);
      throw error;
    }
    return json(directory.getVhost(params.vhost), existed ? 200 : 201);
  },
});

export const deleteVhost = endpoint({
  operationId: 'deleteVhost',
  method: 'DELETE',
  path: '/vhosts/{vhost}',
  tag: 'access',
  summary: 'Delete a vhost with everything in it: queues, messages, exchanges, bindings, permissions',
  params: vhostParamsSchema,
  responses: { 204: { description: 'Deleted' } },
  errors: ['forbidden', 'not_found'],
  authorize: administratorOnly('Managing vhosts'),
  audit: { action: 'vhost.delete', resource: vhostLabel },
  handle: async ({ services, params }) => {
    if (params.vhost === DEFAULT_VHOST) throw new ApiError('forbidden', "The default vhost '/' cannot be deleted");
    services.access.directory.getVhost(params.vhost);
    await services.access.directory.deleteVhost(params.vhost);
    // As RabbitMQ: the vhost's connections are closed (320) before its queues go.
    services.amqp?.closeVhostConnections(params.vhost);
    await services.vhosts.remove(params.vhost);
    return noContent();
  },
});
