/**
 * @module API keys: a user's named secrets for Bearer over HTTP and as the AMQP password. Each user manages its own;
 * administrators may list and revoke anyone's. A key is shown once, when it is made.
 */
import type { ApiKeyRecord } from '@/lib/access/types';
import type { Caller } from '@/lib/access/types';
import type { AccessGate } from '../endpoint';
import { endpoint } from '../endpoint';
import { ApiError } from '../errors';
import { json, noContent } from '../respond';
import { apiKeyCreateBodySchema, apiKeyCreatedSchema, apiKeyListQuerySchema, apiKeyListSchema, apiKeyParamsSchema } from '../schemas/access';

const toKeyJson = ({ tokenHash: _hash, ...key }: ApiKeyRecord) => key;

export const listApiKeys = endpoint({
  operationId: 'listApiKeys',
  method: 'GET',
  path: '/api-keys',
  tag: 'access',
  summary: "The caller's API keys (administrators: `?user=` for another user's); never their secrets",
  query: apiKeyListQuerySchema,
  responses: { 200: { description: 'Keys', schema: apiKeyListSchema } },
  errors: ['forbidden'],
  authorize: ({ access, caller, query }) => {
    if (query.user !== undefined && query.user !== caller.user) access.requireTag('administrator', "Listing another user's API keys");
  },
  handle: ({ services, caller, query }) => json(services.access.directory.listApiKeys(query.user ?? caller!.user).map(toKeyJson)),
});

export const createApiKey = endpoint({
  operationId: 'createApiKey',
  method: 'POST',
  path: '/api-keys',
  tag: 'access',
  summary: 'Make an API key for the caller: named, optionally read-only or expiring; the secret is in this answer only',
  body: apiKeyCreateBodySchema,
  responses: { 201: { description: 'The key, with its secret', schema: apiKeyCreatedSchema } },
  errors: ['forbidden', 'precondition_failed'],
  authorize: ({ access }) => access.requireWritable('Making API keys'),
  audit: { action: 'apiKey.create', resource: ({ body }) => `API key '${body.name}'` },
  handle: async ({ services, caller, body }) => {
    const { key, secret } = await services.access.directory.createApiKey(
      caller!.user,
      { name: body.name, readOnly: body.readOnly, ...(body.expiresAt !== undefined ? { expiresAt: body.expiresAt } : {}) },
      Date.now(),
    );
    return json({ ...toKeyJson(key), key: secret }, 201);
  },
});

export const deleteApiKey = endpoint({
  operationId: 'deleteApiKey',
  method: 'DELETE',
  path: '/api-keys/{id}',
  tag: 'access',
  summary: 'Revoke a key: its AMQP connections, event streams and sessions end within a second',
  params: apiKeyParamsSchema,
  responses: { 204: { description: 'Revoked' } },
  errors: ['forbidden', 'not_found'],
  authorize: ({ services, access, caller, params }) => mayRevoke(access, caller, services.access.directory.findApiKey(params.id)),
  audit: { action: 'apiKey.revoke', resource: ({ params }) => `API key '${params.id}'` },
  handle: async ({ services, params, note }) => {
    const key = await services.access.directory.revokeApiKey(params.id);
    note({ resource: `API key '${key.name}' of user '${key.user}'` });
    return noContent();
  },
});

/** One's own keys, or anyone's as an administrator; an unknown key is 404 to both (it tells nothing to others). */
function mayRevoke(access: AccessGate, caller: Caller, key: ApiKeyRecord | undefined): void {
  access.requireWritable('Revoking API keys');
  if (!key || key.user === caller.user) return;
  if (!access.policy.hasTag(caller, 'administrator')) throw new ApiError('not_found', 'No such API key');
}
