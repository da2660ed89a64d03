/** @module The OpenAPI document of the whole API, itself included. */
import { endpoint, type Endpoint } from '../endpoint';
import { anyCaller } from '../endpoint-access';
import { buildOpenApiDocument } from '../openapi';
import { json } from '../respond';
import { endpoints } from './catalog';

let cached: { version: string; document: unknown } | undefined;

export const getOpenApi: Endpoint = endpoint({
  operationId: 'getOpenApi',
  method: 'GET',
  path: '/openapi.json',
  tag: 'system',
  summary: 'This OpenAPI 3.1 document',
  responses: { 200: { description: 'The document' } },
  authorize: anyCaller,
  handle: ({ services }) => {
    if (cached?.version !== services.version) {
      cached = { version: services.version, document: buildOpenApiDocument([...endpoints, getOpenApi], services.version) };
    }
    return json(cached.document);
  },
});
