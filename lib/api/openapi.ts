/**
 * @module The OpenAPI 3.1 document of the API, generated from the endpoints and the same zod schemas that validate
 * requests (zod's own `z.toJSONSchema`): request bodies as input, answers as output.
 */
import { z } from 'zod';
import type { Endpoint } from './endpoint';
import { statusOf } from './errors';
import type { ErrorCode } from './schemas/common';
import { requestComponents, responseComponents } from './schemas/components';

type JsonSchema = Record<string, unknown>;

/** Vhost-scoped entries are also served under this prefix, for any vhost. */
export const VHOST_PREFIX = '/vhosts/{vhost}';
const VHOST_PARAMETER = { name: 'vhost', in: 'path', required: true, description: 'The vhost, percent-encoded (`%2F` for `/`)', schema: { type: 'string' } };

const ERROR_RESPONSES: Record<ErrorCode, { name: string; description: string }> = {
  bad_request: { name: 'BadRequest', description: 'Invalid input; `details` lists the field issues' },
  unauthorized: { name: 'Unauthorized', description: 'Missing or invalid credentials' },
  forbidden: { name: 'Forbidden', description: 'Not allowed: `details` names the missing permission and the resource' },
  not_found: { name: 'NotFound', description: 'No such exchange, queue or binding' },
  method_not_allowed: { name: 'MethodNotAllowed', description: 'The path does not serve this method: `Allow` lists those it does' },
  precondition_failed: { name: 'PreconditionFailed', description: 'Exists with other settings, or a condition does not hold' },
  resource_locked: { name: 'ResourceLocked', description: 'Owned by another connection (`resource_locked`)' },
  payload_too_large: { name: 'PayloadTooLarge', description: 'The message or request body is too large' },
  unsupported_media_type: { name: 'UnsupportedMediaType', description: 'The request body is not JSON' },
  queue_full: { name: 'QueueFull', description: 'A `reject-publish` queue refused the message' },
  too_many_requests: { name: 'TooManyRequests', description: 'Too many failed logins: wait `Retry-After` seconds' },
  internal_error: { name: 'InternalError', description: 'Unexpected failure' },
  unavailable: { name: 'Unavailable', description: 'Storage cannot accept writes, the memory alarm blocks publishers (`details.alarm`), or the server is too busy: retry after `Retry-After` seconds' },
  not_supported: { name: 'NotSupported', description: 'The broker behind the path (an attached RabbitMQ cluster) cannot do this; `details.reason` says why' },
};

interface Generated {
  schemas: Record<string, JsonSchema>;
  ids: Map<z.ZodType, string>;
}

function generate(components: Record<string, z.ZodType>, io: 'input' | 'output'): Generated {
  const registry = z.registry<{ id: string }>();
  const ids = new Map<z.ZodType, string>();
  for (const [id, schema] of Object.entries(components)) {
    registry.add(schema, { id });
    ids.set(schema, id);
  }
  const result = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}`, unrepresentable: 'any' });
  const schemas: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(result.schemas)) {
    const { $schema: _schema, $id: _id, ...rest } = schema as JsonSchema;
    schemas[id] = rest;
  }
  return { schemas, ids };
}

function inline(schema: z.ZodType): JsonSchema {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function ref(generated: Generated, schema: z.ZodType, where: string): JsonSchema {
  const id = generated.ids.get(schema);
  if (!id) throw new Error(`OpenAPI: the schema of ${where} is not named in lib/api/schemas/components.ts`);
  return { $ref: `#/components/schemas/${id}` };
}

function parameters(endpoint: Endpoint): JsonSchema[] {
  const list: JsonSchema[] = [];
  for (const [location, schema] of [['path', endpoint.params], ['query', endpoint.query]] as const) {
    if (!schema) continue;
    const shape = (schema as z.ZodObject).shape as Record<string, z.ZodType>;
    for (const [name, field] of Object.entries(shape)) {
      const required = location === 'path' || !field.safeParse(undefined).success;
      const json = inline(field);
      const description = typeof json.description === 'string' ? json.description : undefined;
      list.push({ name, in: location, required, ...(description ? { description } : {}), schema: json });
    }
  }
  return list;
}

function operation(endpoint: Endpoint, requests: Generated, responses: Generated): JsonSchema {
  const where = `${endpoint.method} ${endpoint.path}`;
  const answers: Record<string, JsonSchema> = {};
  for (const [status, doc] of Object.entries(endpoint.responses)) {
    const answer: JsonSchema = { description: doc.description };
    if (doc.schema) answer.content = { [doc.contentType ?? 'application/json']: { schema: ref(responses, doc.schema, where) } };
    else if (doc.contentType) answer.content = { [doc.contentType]: { schema: { type: 'string' } } };
    if (doc.headers) {
      answer.headers = Object.fromEntries(
        Object.entries(doc.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
      );
    }
    answers[status] = answer;
  }
  const codes = new Set<ErrorCode>(endpoint.errors ?? []);
  if (endpoint.params || endpoint.query || endpoint.body) codes.add('bad_request');
  if (endpoint.body) codes.add('unsupported_media_type').add('payload_too_large');
  if (!endpoint.public) codes.add('unauthorized');
  // A change carried by the session cookie alone from another origin is refused (origin-check.ts).
  if (endpoint.method !== 'GET' || endpoint.changesState) codes.add('forbidden');
  codes.add('internal_error');
  for (const code of [...codes].sort((a, b) => statusOf(a) - statusOf(b))) {
    const status = String(statusOf(code));
    // resource_locked shares 409 with precondition_failed: one entry per status, described by the first.
    answers[status] ??= { $ref: `#/components/responses/${ERROR_RESPONSES[code].name}` };
  }
  const op: JsonSchema = {
    operationId: endpoint.operationId,
    summary: endpoint.summary,
    ...(endpoint.description ? { description: endpoint.description } : {}),
    tags: [endpoint.tag],
    parameters: parameters(endpoint),
    responses: answers,
  };
  if (endpoint.body) {
    op.requestBody = { required: true, content: { 'application/json': { schema: ref(requests, endpoint.body, where) } } };
  }
  if (endpoint.public) op.security = [];
  return op;
}

export function buildOpenApiDocument(endpoints: readonly Endpoint[], version: string): JsonSchema {
  const requests = generate(requestComponents, 'input');
  const responses = generate(responseComponents, 'output');
  for (const [id, schema] of Object.entries(requests.schemas)) {
    const other = responses.schemas[id];
    if (other && JSON.stringify(other) !== JSON.stringify(schema)) {
      throw new Error(`OpenAPI: component ${id} differs between requests and responses`);
    }
  }
  // A path item holds its operations and, for a path outside /api/v1, its own `servers`.
  const paths: Record<string, Record<string, unknown>> = {};
  for (const endpoint of endpoints) {
    // A node-wide entry owns its unprefixed path (GET /definitions: the whole node); its vhost-scoped twin is documented under the prefix only.
    const nodeWide = endpoint.vhostScoped && endpoints.some((other) => !other.vhostScoped && other.path === endpoint.path && other.method === endpoint.method);
    if (!nodeWide) {
      paths[endpoint.path] ??= endpoint.server ? { servers: [{ url: endpoint.server }] } : {};
      paths[endpoint.path][endpoint.method.toLowerCase()] = operation(endpoint, requests, responses);
    }
    if (!endpoint.vhostScoped) continue;
    // The same entry for any vhost: the unprefixed path is vhost `/`.
    const scoped = `${VHOST_PREFIX}${endpoint.path}`;
    const op = operation(endpoint, requests, responses);
    paths[scoped] ??= {};
    paths[scoped][endpoint.method.toLowerCase()] = {
      ...op,
      operationId: `${endpoint.operationId}InVhost`,
      parameters: [VHOST_PARAMETER, ...(op.parameters as JsonSchema[])],
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Switchboard HTTP API',
      version,
      description:
        'Exchanges, queues, bindings, publishing and consuming with RabbitMQ semantics.\n\n' +
        'Every path under `/vhosts/{vhost}` is also served under `/clusters/{id}/vhosts/{vhost}`, acting on that vhost of an ' +
        'attached RabbitMQ cluster with the same shapes and errors. On a cluster these operations work today: ' +
        endpoints
          .filter((endpoint) => endpoint.onClusters)
          .map((endpoint) => `\`${endpoint.operationId}\``)
          .join(', ') +
        '; the others answer `409 not_supported` with the reason.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }, { basic: [] }, { session: [] }],
    tags: [...new Set(endpoints.map((e) => e.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { ...requests.schemas, ...responses.schemas },
      responses: Object.fromEntries(
        Object.values(ERROR_RESPONSES).map(({ name, description }) => [
          name,
          { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ]),
      ),
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API key (SWITCHBOARD_ADMIN_TOKEN is one of user admin)' },
        basic: { type: 'http', scheme: 'basic', description: 'A user and its password (or one of its API keys), as RabbitMQ\'s management API' },
        session: { type: 'apiKey', in: 'cookie', name: 'sb_session', description: 'The dashboard session (POST /session)' },
      },
    },
  };
}
