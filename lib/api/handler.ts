/**
 * @module The wrapper every route.ts uses: authenticate, read and validate path, query and body, call the endpoint's
 * verb, and turn any failure into the contract's JSON error.
 */
import type { z } from 'zod';
import { getServices, type Services } from '@/lib/server/services';
import type { Principal } from './auth';
import type { Endpoint, EndpointContext, Schema } from './endpoint';
import { ApiError, errorResponse, ValidationError, type IssueLocation } from './errors';
import { readJsonBody } from './request-body';
import { readSessionCookie } from './session-cookie';

const DEFAULT_BODY_LIMIT = 1024 * 1024;

export type RouteHandler = (request: Request, context: { params: Promise<unknown> }) => Promise<Response>;

export function route<P extends Schema, Q extends Schema, B extends Schema>(spec: Endpoint<P, Q, B>): RouteHandler {
  return async (request, nextContext) => {
    try {
      const services = loadServices();
      const principal = spec.public ? null : await authenticate(request, services);
      const params = validate('path', spec.params, decodeParams(await nextContext.params));
      const query = validate('query', spec.query, queryObject(request));
      const limit = spec.bodyLimit?.(services.config.maxMessageBytes) ?? DEFAULT_BODY_LIMIT;
      const body = spec.body ? validate('body', spec.body, await readJsonBody(request, limit)) : undefined;
      // Each value was just parsed by the schema that types it.
      const context = { params, query, body, services, request, principal } as EndpointContext<P, Q, B>;
      return await spec.handle(context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** Answers every request with a JSON error, for paths and methods the API does not have. */
export function notFoundRoute(): RouteHandler {
  return async (request) =>
    errorResponse(new ApiError('not_found', `No API route for ${request.method} ${new URL(request.url).pathname}`));
}

function loadServices(): Services {
  try {
    return getServices();
  } catch {
    throw new ApiError('unavailable', 'Switchboard is not started');
  }
}

async function authenticate(request: Request, services: Services): Promise<Principal> {
  const header = request.headers.get('authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const principal = match ? await services.auth.verifyBearer(match[1]) : null;
    if (!principal) throw new ApiError('unauthorized', 'The bearer token is not valid');
    return principal;
  }
  const cookie = readSessionCookie(request);
  const principal = cookie ? await services.auth.verifySession(cookie) : null;
  if (!principal) throw new ApiError('unauthorized', 'Authentication required: send Authorization: Bearer <token>');
  return principal;
}

function validate(location: IssueLocation, schema: z.ZodType | undefined, input: unknown): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(location, result.error);
  return result.data;
}

/** Next hands dynamic segments decoded; a name never holds `%`, so one still there was encoded twice. */
function decodeParams(raw: unknown): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    params[key] = typeof value === 'string' && value.includes('%') ? safeDecode(value) : value;
  }
  return params;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Query parameters; an empty value (`?search=`) means the parameter is absent. */
function queryObject(request: Request): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) {
    if (value !== '') query[key] = value;
  }
  return query;
}
