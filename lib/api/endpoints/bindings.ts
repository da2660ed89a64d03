/** @module Bindings: list with filters, create (idempotent), delete. */
import { endpoint } from '../endpoint';
import { json, noContent } from '../respond';
import {
  bindingCreateBodySchema,
  bindingListQuerySchema,
  bindingListSchema,
  bindingParamsSchema,
  bindingSchema,
} from '../schemas/bindings';
import { engineExchangeName, toBindingJson } from '../serialize';

export const listBindings = endpoint({
  operationId: 'listBindings',
  method: 'GET',
  path: '/bindings',
  tag: 'bindings',
  summary: 'Bindings, optionally only those from `source` and/or to `destination`',
  query: bindingListQuerySchema,
  responses: { 200: { description: 'Bindings', schema: bindingListSchema } },
  handle: ({ services, query }) => {
    const filter = {
      ...(query.source !== undefined ? { source: engineExchangeName(query.source) } : {}),
      ...(query.destination !== undefined ? { destination: query.destination } : {}),
    };
    return json(services.broker.listBindings(filter).map(toBindingJson));
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
  handle: async ({ services, body }) => {
    const { created, binding } = await services.broker.bind({ ...body, source: engineExchangeName(body.source) });
    return json(toBindingJson(binding), created ? 201 : 200);
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
  handle: async ({ services, params }) => {
    await services.broker.unbind(params.id);
    return noContent();
  },
});
