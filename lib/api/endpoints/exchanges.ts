/** @module Exchanges: list, inspect with bindings, declare, delete, and test where a message would go. */
import { declareExchangeNeeds, deleteExchangeNeeds } from '@/lib/access/operations';
import { anyoneInVhost, exchangeLabel } from '../endpoint-access';
import { endpoint } from '../endpoint';
import { ApiError } from '../errors';
import { json, noContent } from '../respond';
import { isBuiltinExchange } from '../schemas/common';
import {
  exchangeDeclareBodySchema,
  exchangeDeleteQuerySchema,
  exchangeDetailSchema,
  exchangeListSchema,
  exchangeParamsSchema,
  exchangeSchema,
  routeTestBodySchema,
  routeTestResultSchema,
} from '../schemas/exchanges';
import { apiExchangeName, engineExchangeName } from '../serialize';

const refuseBuiltin = (name: string, action: string) => {
  if (isBuiltinExchange(name)) throw new ApiError('forbidden', `The built-in exchange '${name}' cannot be ${action}`);
};

export const listExchanges = endpoint({
  operationId: 'listExchanges',
  method: 'GET',
  path: '/exchanges',
  tag: 'exchanges',
  summary: 'All exchanges, the default one as `amq.default`',
  responses: { 200: { description: 'Exchanges', schema: exchangeListSchema } },
  vhostScoped: true,
  authorize: anyoneInVhost,
  onClusters: true,
  handle: async ({ backend, signal }) => json(await backend.listExchanges(signal)),
});

export const getExchange = endpoint({
  operationId: 'getExchange',
  method: 'GET',
  path: '/exchanges/{name}',
  tag: 'exchanges',
  summary: 'One exchange with its outgoing and incoming bindings',
  params: exchangeParamsSchema,
  responses: { 200: { description: 'The exchange', schema: exchangeDetailSchema } },
  errors: ['not_found'],
  vhostScoped: true,
  authorize: anyoneInVhost,
  onClusters: true,
  handle: async ({ backend, params, signal }) => {
    const exchange = await backend.getExchange(params.name, signal);
    const source = engineExchangeName(exchange.name);
    const [outgoing, incoming] = await Promise.all([backend.listBindings({ source }, signal), backend.listBindings({ destination: source }, signal)]);
    return json({ ...exchange, bindings: { outgoing, incoming: incoming.filter((b) => b.destinationType === 'exchange') } });
  },
});

export const declareExchange = endpoint({
  operationId: 'declareExchange',
  method: 'PUT',
  path: '/exchanges/{name}',
  tag: 'exchanges',
  summary: 'Declare an exchange: 201 created, 200 when an identical one exists',
  params: exchangeParamsSchema,
  body: exchangeDeclareBodySchema,
  responses: {
    200: { description: 'An identical exchange already existed', schema: exchangeSchema },
    201: { description: 'Created', schema: exchangeSchema },
  },
  errors: ['forbidden', 'precondition_failed', 'unavailable'],
  vhostScoped: true,
  authorize: ({ access, params, body }) =>
    access.allow(declareExchangeNeeds(params.name, body.alternateExchange === undefined ? undefined : engineExchangeName(body.alternateExchange))),
  audit: { action: 'exchange.declare', resource: exchangeLabel },
  onClusters: true,
  handle: async ({ backend, params, body, signal }) => {
    refuseBuiltin(params.name, 'declared');
    const { alternateExchange, ...rest } = body;
    const settings = { ...rest, ...(alternateExchange === undefined ? {} : { alternateExchange: engineExchangeName(alternateExchange) }) };
    const { created, exchange } = await backend.declareExchange(params.name, settings, signal);
    return json(exchange, created ? 201 : 200);
  },
});

export const deleteExchange = endpoint({
  operationId: 'deleteExchange',
  method: 'DELETE',
  path: '/exchanges/{name}',
  tag: 'exchanges',
  summary: 'Delete an exchange (with `ifUnused=true`: only when it is no binding source)',
  params: exchangeParamsSchema,
  query: exchangeDeleteQuerySchema,
  responses: { 204: { description: 'Deleted' } },
  errors: ['forbidden', 'not_found', 'precondition_failed', 'unavailable'],
  vhostScoped: true,
  authorize: ({ access, params }) => access.allow(deleteExchangeNeeds(params.name)),
  audit: { action: 'exchange.delete', resource: exchangeLabel },
  onClusters: true,
  handle: async ({ backend, params, query, signal }) => {
    refuseBuiltin(params.name, 'deleted');
    await backend.deleteExchange(params.name, { ifUnused: query.ifUnused }, signal);
    return noContent();
  },
});

export const routeTest = endpoint({
  operationId: 'routeTest',
  method: 'POST',
  path: '/exchanges/{name}/route-test',
  tag: 'exchanges',
  summary: 'Where a message would go, without publishing it',
  params: exchangeParamsSchema,
  body: routeTestBodySchema,
  responses: { 200: { description: 'Queues reached and the bindings that led there', schema: routeTestResultSchema } },
  errors: ['not_found'],
  vhostScoped: true,
  authorize: anyoneInVhost,
  onClusters: true,
  handle: async ({ backend, params, body, signal }) => {
    const result = await backend.routeTest(engineExchangeName(params.name), body.routingKey, body.headers, signal);
    return json({
      queues: result.queues,
      path: result.path.map((step) => ({
        exchange: apiExchangeName(step.exchange),
        bindingId: step.bindingId,
        destination: step.destinationType === 'exchange' ? apiExchangeName(step.destination) : step.destination,
        destinationType: step.destinationType,
      })),
    });
  },
});
