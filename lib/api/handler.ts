/**
 * @module Serves one catalog entry: authenticate, read and validate path, query and body, resolve the vhost, ask the
 * policy, call the endpoint's verb, record refusals and state changes in the audit log, and turn any failure into the
 * contract's JSON error. `route()` adapts it to a Next route file.
 */
import type { z } from 'zod';
import { auditEntry, type AuditOutcome } from '@/lib/access/audit';
import { DEFAULT_VHOST } from '@/lib/access/access-directory';
import type { Caller } from '@/lib/access/types';
import { getServices, type Services } from '@/lib/server/services';
import type { Broker } from '@/lib/engine';
import type { BrokerBackend } from '@/lib/backend/broker-backend';
import { embeddedBackend } from '@/lib/backend/embedded-backend';
import type { AccessGate, AuditNote, AuthorizeContext, Endpoint, EndpointContext, Schema } from './endpoint';
import { ApiError, errorResponse, isKnownError, mappedResponse, mapError, ValidationError, type IssueLocation } from './errors';
import { checkOrigin } from './origin-check';
import { pathParams } from './path-params';
import { readJsonBody } from './request-body';
import { requestGone } from './request-gone';
import { authenticate } from './request-caller';

const DEFAULT_BODY_LIMIT = 1024 * 1024;

export type RouteHandler = (request: Request, context: { params: Promise<unknown> }) => Promise<Response>;

export function route<P extends Schema, Q extends Schema, B extends Schema>(spec: Endpoint<P, Q, B>): RouteHandler {
  // Each segment of the request's own path decoded once; Next's params (decoded already) only if the shape differs.
  return async (request, nextContext) =>
    serveEndpoint(spec as Endpoint, request, pathParams(request.url, spec.path) ?? ((await nextContext.params) as Record<string, unknown>), DEFAULT_VHOST);
}

/** Answers every request with a JSON error, for paths and methods the API does not have. */
export function notFoundRoute(): RouteHandler {
  return async (request) => errorResponse(new ApiError('not_found', `No API route for ${request.method} ${new URL(request.url).pathname}`));
}

export async function serveEndpoint(spec: Endpoint, request: Request, rawParams: Record<string, unknown>, vhost: string, cluster?: string): Promise<Response> {
  let services: Services | undefined;
  let caller: Caller | null = null;
  let authorized: AuthorizeContext<Schema, Schema, Schema> | undefined;
  const notes: AuditNote = {};
  try {
    services = loadServices();
    // A hot-standby holder whose hold on the lock is unconfirmed (it was paused, or its database is slow) answers
    // nothing but health until a heartbeat lands: a standby may already have taken over.
    if (!spec.public && !services.process.holdsLock()) {
      throw new ApiError('unavailable', "This process's hold on the active lock is unconfirmed; retry shortly or send requests to the active process", { reason: 'lease_unconfirmed' });
    }
    caller = spec.public ? null : await authenticate(request, services);
    // Before anything is read or done: a state change carried by the session cookie alone must come from the console.
    checkOrigin(request, spec);
    if (spec.vhostScoped && caller) {
      // Looking needs only sight of the vhost (monitoring sees every vhost); acting needs its permissions. Checked
      // before the body is read, so a caller with no business in the vhost cannot make the server parse one.
      const mayLook = spec.method === 'GET' && services.access.policy.canSeeVhost(caller, vhost);
      if (!mayLook) services.access.policy.checkVhost(caller, vhost);
    }
    const params = validate('path', spec.params, rawParams);
    const query = validate('query', spec.query, queryObject(request));
    const limit = spec.bodyLimit?.(services.config.maxMessageBytes) ?? DEFAULT_BODY_LIMIT;
    const body = spec.body ? validate('body', spec.body, await readJsonBody(request, limit)) : undefined;
    const access = new Gate(services.access.policy, caller, vhost, spec.method);
    const broker = spec.vhostScoped && cluster === undefined ? services.vhosts.get(vhost) : (undefined as never);
    const backend = spec.vhostScoped ? backendOf(services, spec, broker, vhost, cluster) : (undefined as never);
    // One object for `authorize` and the verb. The signal is read only by those that use it: the lean layer's request
    // makes its AbortController on demand, a cost a GET that never waits need not pay.
    const context = {
      params,
      query,
      body,
      services,
      request,
      get signal() {
        return request.signal;
      },
      vhost,
      broker,
      backend,
      cluster,
      access,
      caller,
      note: (fields: AuditNote) => Object.assign(notes, fields),
    } as EndpointContext<Schema, Schema, Schema>;
    if (caller) {
      authorized = context as AuthorizeContext<Schema, Schema, Schema>;
      if (!spec.public && !spec.authorize) throw new ApiError('forbidden', `${spec.operationId} has no access rule`);
      if (spec.authorize) await spec.authorize(authorized);
    }
    // A client that left while its request waited (for a slot, its body, the policy) gets nothing done: a publish
    // nobody waits for the answer of must not be stored. (A read that changes nothing has nothing to spare.)
    if ((spec.method !== 'GET' || spec.changesState) && requestGone(request)) {
      throw new ApiError('bad_request', 'The client closed the request before it was served');
    }
    const response = await spec.handle(context);
    if (caller && spec.audit) record(services, caller, spec, authorized, vhost, response.status < 400 ? 'ok' : 'error', notes);
    return response;
  } catch (error) {
    // A client that left stopped the work it asked for (its request's signal): nobody reads the answer, and that is no fault of ours.
    const gone = requestGone(request) && !isKnownError(error);
    const mapped = mapError(gone ? new ApiError('bad_request', 'The client closed the request before it was served', { aborted: true }) : error);
    if (services && caller && (mapped.status === 403 || (spec.audit && mapped.status >= 400))) {
      const outcome = mapped.status === 403 ? 'denied' : 'error';
      record(services, caller, spec, authorized, vhost, outcome, { ...notes, detail: { ...notes.detail, reason: mapped.body.error.message } });
    }
    return mappedResponse(mapped);
  }
}

/** The one policy asked for the request's caller and vhost (a class: nothing made per request but the object). */
class Gate implements AccessGate {
  constructor(
    readonly policy: Services['access']['policy'],
    private readonly caller: Caller | null,
    private readonly vhost: string,
    private readonly method: string,
  ) {}

  private who(): Caller {
    if (!this.caller) throw new ApiError('unauthorized', 'Authentication required');
    return this.caller;
  }

  allow(needs: Parameters<AccessGate['allow']>[0], options: Parameters<AccessGate['allow']>[1] = {}): void {
    this.policy.check(this.who(), this.vhost, needs, { mutates: options.mutates ?? this.method !== 'GET' });
  }

  requireTag(tag: Parameters<AccessGate['requireTag']>[0], action: string): void {
    this.policy.requireTag(this.who(), tag, action);
  }

  requireWritable(action: string): void {
    this.policy.requireWritable(this.who(), action);
  }
}

function record(
  services: Services,
  caller: Caller,
  spec: Endpoint,
  context: AuthorizeContext<Schema, Schema, Schema> | undefined,
  vhost: string,
  outcome: AuditOutcome,
  notes: AuditNote,
): void {
  const resource = notes.resource ?? (context && spec.audit?.resource?.(context));
  services.access.audit.record(
    auditEntry(caller, notes.action ?? spec.audit?.action ?? spec.operationId, {
      at: Date.now(),
      outcome,
      ...(spec.vhostScoped ? { vhost } : {}),
      ...(resource ? { resource } : {}),
      ...(notes.affected !== undefined ? { affected: notes.affected } : {}),
      ...(notes.detail ? { detail: notes.detail } : {}),
    }),
  );
}

/** The embedded vhost's backend, or the attached cluster's for endpoints written against the port alone. */
function backendOf(services: Services, spec: Endpoint, broker: Broker, vhost: string, cluster: string | undefined): BrokerBackend {
  if (cluster === undefined) return embeddedBackend(broker, vhost, services.amqp);
  services.clusters.registry.get(cluster);
  if (!spec.onClusters) {
    throw new ApiError('not_supported', `${spec.summary}: not available on an attached RabbitMQ cluster yet`, {
      operation: spec.operationId,
      reason: 'Switchboard does not do this through a cluster yet',
    });
  }
  return services.clusters.backend(cluster, vhost);
}

function loadServices(): Services {
  try {
    return getServices();
  } catch {
    throw new ApiError('unavailable', 'Switchboard is not started');
  }
}

function validate(location: IssueLocation, schema: z.ZodType | undefined, input: unknown): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(location, result.error);
  return result.data;
}

/** Query parameters; an empty value (`?search=`) means the parameter is absent. */
function queryObject(request: Request): Record<string, string> {
  const query: Record<string, string> = {};
  const { url } = request;
  const start = url.indexOf('?');
  if (start < 0) return query;
  for (const [key, value] of new URLSearchParams(url.slice(start + 1, url.includes('#', start) ? url.indexOf('#', start) : undefined))) {
    if (value !== '') query[key] = value;
  }
  return query;
}
