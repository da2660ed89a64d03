/** @module Bindings: list with filters, create (idempotent), delete. */
import { bindNeeds } from '@/lib/access/operations';
import { anyoneInVhost } from '../endpoint-access';
import { endpoint } from '../endpoint';
import { json, noContent } from '../respond';
import {
  bindingCreateBodySchema,
  bindingListQuerySchema,
  bindingListSchema,
  bindingParamsSchema,
  bindingSchema,
} from '../schemas/bindings';
import { engineExchangeName } from '../serialize';

export const listBindings = endpoint({
  operationId: 'listBindings',
  method: 'GET',
  path: '/bindings',
  tag: 'bindings',
  summary: 'Bindings, optionally only those from `source` and/or to `destination`',
  query: bindingListQuerySchema,
  responses: { 200: { description: 'Bindings', schema: bindingListSchema } },
  vhostScoped: true,
  authorize: anyoneInVhost,
  onClusters: true,
  handle: async ({ backend, query, signal }) => {
    const filter = {
      ...(query.source !== undefined ? { source: engineExchangeName(query.source) } : {}),
      ...(query.destination !== undefined ? { destination: query.destination } : {}),
    };
    return json(await backend.listBindings(filter, signal));
  },
});

export const createBinding = endpoint({
  operationId: 'createBinding',
  method: 'POST',
  path: '/bindings',
  tag: 'bindings',
  summary: 'Bind an exchange to a queue or exchange: 201 created, 200 (same id) when identical exists',
  body: bindingCreateBodySchema,
  responses: {
    200: { description: 'The identical binding that existed', schema: bindingSchema },
    201: { description: 'Created', schema: bindingSchema },
  },
  errors: ['forbidden', 'not_found', 'resource_locked', 'unavailable'],
  vhostScoped: true,
  authorize: ({ access, body }) => access.allow(bindNeeds(engineExchangeName(body.source), body.destinationType, body.destination)),
  audit: { action: 'binding.create', resource: ({ body }) => bindingLabel(body) },
  onClusters: true,
  handle: async ({ backend, body, signal }) => {
    const { created, binding } = await backend.bind({ ...body, source: engineExchangeName(body.source) }, signal);
    return json(binding, created ? 201 : 200);
  },
});

export const deleteBinding = endpoint({
  operationId: 'deleteBinding',
  method: 'DELETE',
  path: '/bindings/{id}',
  tag: 'bindings',
  summary: "Remove a binding (the default exchange's bindings cannot be removed)",
  params: bindingParamsSchema,
  responses: { 204: { description: 'Removed' } },
  errors: ['forbidden', 'not_found', 'unavailable'],
  vhostScoped: true,
  authorize: async ({ access, backend, params, signal }) => {
    const binding = await backend.getBinding(params.id, signal);
    if (binding) access.allow(bindNeeds(engineExchangeName(binding.source), binding.destinationType, binding.destination));
  },
  onClusters: true,
  audit: { action: 'binding.delete', resource: ({ params }) => `binding '${params.id}'` },
  handle: async ({ backend, params, signal }) => {
    await backend.unbind(params.id, signal);
    return noContent();
  },
});

function bindingLabel(binding: { source: string; destination: string; destinationType: string; routingKey: string }): string {
  return `binding '${binding.source || 'amq.default'}' → ${binding.destinationType} '${binding.destination}' (key '${binding.routingKey}')`;
}
