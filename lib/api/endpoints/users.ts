/** @module Users (administrators only): list, look at one, create or change (password, tags), delete. */
import type { UserRecord } from '@/lib/access/types';
import { endpoint } from '../endpoint';
import { administratorOnly } from '../endpoint-access';
import { json, noContent } from '../respond';
import { userListSchema, userParamsSchema, userPutBodySchema, userSchema } from '../schemas/access';

const toUserJson = (user: UserRecord) => ({ name: user.name, tags: user.tags, hasPassword: user.password !== undefined });
const userLabel = ({ params }: { params: { name: string } }) => `user '${params.name}'`;

export const listUsers = endpoint({
  operationId: 'listUsers',
  method: 'GET',
  path: '/users',
  tag: 'access',
  summary: 'Every user with its tags (administrators only)',
  responses: { 200: { description: 'Users', schema: userListSchema } },
  errors: ['forbidden'],
  authorize: ({ access }) => access.requireTag('administrator', 'Listing users'),
  handle: ({ services }) => json(services.access.directory.listUsers().map(toUserJson)),
});

export const getUser = endpoint({
  operationId: 'getUser',
  method: 'GET',
  path: '/users/{name}',
  tag: 'access',
  summary: 'One user (administrators only)',
  params: userParamsSchema,
  responses: { 200: { description: 'The user', schema: userSchema } },
  errors: ['forbidden', 'not_found'],
  authorize: ({ access }) => access.requireTag('administrator', 'Reading users'),
  handle: ({ services, params }) => json(toUserJson(services.access.directory.getUser(params.name))),
});

export const putUser = endpoint({
  operationId: 'putUser',
  method: 'PUT',
  path: '/users/{name}',
  tag: 'access',
  summary: 'Create a user (password required) or change its password and tags; 201 created, 200 changed',
  description: 'A changed password closes the user\'s AMQP connections and event streams and ends its console sessions.',
  params: userParamsSchema,
  body: userPutBodySchema,
  responses: { 200: { description: 'Changed', schema: userSchema }, 201: { description: 'Created', schema: userSchema } },
  errors: ['forbidden'],
  authorize: administratorOnly('Managing users'),
  audit: { action: 'user.put', resource: userLabel },
  handle: async ({ services, params, body, note }) => {
    const { directory } = services.access;
    const { created } = await directory.putUser(params.name, { ...(body.password !== undefined ? { password: body.password } : {}), tags: body.tags });
    note({ detail: { tags: body.tags, passwordChanged: body.password !== undefined, created } });
    return json(toUserJson(directory.getUser(params.name)), created ? 201 : 200);
  },
});

export const deleteUser = endpoint({
  operationId: 'deleteUser',
  method: 'DELETE',
  path: '/users/{name}',
  tag: 'access',
  summary: 'Delete a user with its permissions and API keys; its connections, streams and sessions end',
  params: userParamsSchema,
  responses: { 204: { description: 'Deleted' } },
  errors: ['forbidden', 'not_found'],
  authorize: administratorOnly('Managing users'),
  audit: { action: 'user.delete', resource: userLabel },
  handle: async ({ services, params }) => {
    await services.access.directory.deleteUser(params.name);
    return noContent();
  },
});
