/** @module Permissions of users in vhosts: RabbitMQ's configure, write and read patterns (administrators only). */
import { EngineError } from '@/lib/engine';
import { endpoint } from '../endpoint';
import { administratorOnly } from '../endpoint-access';
import { json, noContent } from '../respond';
import { permissionListQuerySchema, permissionListSchema, permissionParamsSchema, permissionPutBodySchema, permissionSchema } from '../schemas/access';

const permissionLabel = ({ params }: { params: { vhost: string; user: string } }) => `permissions of user '${params.user}' in vhost '${params.vhost}'`;

export const listPermissions = endpoint({
  operationId: 'listPermissions',
  method: 'GET',
  path: '/permissions',
  tag: 'access',
  summary: 'Every permission, optionally of one user or vhost (administrators only)',
  query: permissionListQuerySchema,
  responses: { 200: { description: 'Permissions', schema: permissionListSchema } },
  errors: ['forbidden'],
  authorize: ({ access }) => access.requireTag('administrator', 'Listing permissions'),
  handle: ({ services, query }) => json(services.access.directory.listPermissions(query)),
});

export const getPermission = endpoint({
  operationId: 'getPermission',
  method: 'GET',
  path: '/permissions/{vhost}/{user}',
  tag: 'access',
  summary: "One user's permissions in one vhost (administrators only)",
  params: permissionParamsSchema,
  responses: { 200: { description: 'The permissions', schema: permissionSchema } },
  errors: ['forbidden', 'not_found'],
  authorize: ({ access }) => access.requireTag('administrator', 'Reading permissions'),
  handle: ({ services, params }) => {
    const permission = services.access.directory.findPermission(params.user, params.vhost);
    if (!permission) throw new EngineError('not_found', `user '${params.user}' has no permissions in vhost '${params.vhost}'`, { kind: 'permission', ...params });
    return json(permission);
  },
});

export const putPermission = endpoint({
  operationId: 'putPermission',
  method: 'PUT',
  path: '/permissions/{vhost}/{user}',
  tag: 'access',
  summary: 'Set the configure, write and read patterns of a user in a vhost; 201 created, 200 changed',
  description: 'Patterns are regular expressions searched in resource names, exactly as RabbitMQ applies them (`^orders\\.` for a prefix, `.*` for all, `""` for none).',
  params: permissionParamsSchema,
  body: permissionPutBodySchema,
  responses: { 200: { description: 'Changed', schema: permissionSchema }, 201: { description: 'Created', schema: permissionSchema } },
  errors: ['forbidden', 'not_found'],
  authorize: administratorOnly('Managing permissions'),
  audit: { action: 'permission.put', resource: permissionLabel },
  handle: async ({ services, params, body, note }) => {
    const permission = { user: params.user, vhost: params.vhost, ...body };
    const { created } = await services.access.directory.setPermission(permission);
    note({ detail: body });
    return json(permission, created ? 201 : 200);
  },
});

export const deletePermission = endpoint({
  operationId: 'deletePermission',
  method: 'DELETE',
  path: '/permissions/{vhost}/{user}',
  tag: 'access',
  summary: 'Remove the permissions of a user in a vhost (it may then no longer use it)',
  params: permissionParamsSchema,
  responses: { 204: { description: 'Removed' } },
  errors: ['forbidden', 'not_found'],
  authorize: administratorOnly('Managing permissions'),
  audit: { action: 'permission.delete', resource: permissionLabel },
  handle: async ({ services, params }) => {
    await services.access.directory.clearPermission(params.user, params.vhost);
    return noContent();
  },
});
