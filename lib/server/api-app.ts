/**
 * @module The lean HTTP layer: `/api/...` and the `/metrics` scrapes served by Hono in server.ts's process, outside
 * Next's page pipeline. Its routes are made from the endpoint catalog (each entry at `/api/v1<path>`, a vhost-scoped
 * one also at `/api/v1/vhosts/{vhost}<path>`, the Prometheus scrapes at `/metrics` and `/metrics/per-object`), and
 * each one calls the same `serveEndpoint` the Next route files call: one implementation per endpoint, whichever
 * layer answers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Hono, type Context } from 'hono';
import type { Endpoint } from '@/lib/api/endpoint';
import { endpoints as catalog } from '@/lib/api/endpoints/catalog';
import { getOpenApi } from '@/lib/api/endpoints/openapi';
import { ApiError, errorResponse } from '@/lib/api/errors';
import { serveEndpoint } from '@/lib/api/handler';
import { decodeSegment } from '@/lib/api/path-params';
import { attachBodySource } from '@/lib/api/request-body';
import { attachGoneProbe } from '@/lib/api/request-gone';
import { noRouteMessage } from '@/lib/api/vhost-route';
import { DEFAULT_VHOST } from '@/lib/engine/store';
import { readNodeBody } from './node-body';

const API_PREFIX = '/api/v1';
const VHOST_PREFIX = `${API_PREFIX}/vhosts/:vhost`;
const CLUSTER_VHOST_PREFIX = `${API_PREFIX}/clusters/:cluster/vhosts/:vhost`;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Every entry the layer serves: the catalog, and the OpenAPI document that describes it (so it is not in it). */
export const servedEndpoints: readonly Endpoint[] = [...catalog, getOpenApi];

/** The paths of the entries served outside /api/v1 (the Prometheus scrapes): this layer answers them too. */
const ROOT_PATHS: readonly string[] = servedEndpoints.filter((entry) => entry.server === '/').map((entry) => entry.path);

/** True for the request targets (origin-form) this layer answers; the rest is Next's. */
export function isApiTarget(target: string): boolean {
  if (target.startsWith('/api')) return target.length === 4 || target[4] === '/' || target[4] === '?';
  return ROOT_PATHS.some((path) => target.startsWith(path) && (target.length === path.length || target[path.length] === '?'));
}

interface Mount {
  /** Hono's path: `{name}` written `:name`. */
  path: string;
  endpoint: Endpoint;
  /** Index of the template's first segment in the request path split on `/` (the empty string before it is 0). */
  offset: number;
  vhostScoped: boolean;
  /** Under `/api/v1/clusters/{id}/vhosts/{vhost}`: on that attached cluster. */
  clusterScoped: boolean;
  /** Literal segments of the template: more of them wins, as in CatalogRouter. */
  literals: number;
}

/** Where each entry is mounted, in the order Hono must try them: for one method, the most literal template first. */
export function mounts(entries: readonly Endpoint[] = servedEndpoints): Mount[] {
  const list: Mount[] = [];
  const literals = (template: string) => template.split('/').filter((part) => part !== '' && !part.startsWith('{')).length;
  const hono = (template: string) => template.replace(/\{(\w+)\}/g, ':$1');
  for (const endpoint of entries) {
    if (endpoint.server === '/') {
      list.push({ path: hono(endpoint.path), endpoint, offset: 1, vhostScoped: false, clusterScoped: false, literals: literals(endpoint.path) });
      continue;
    }
    list.push({ path: `${API_PREFIX}${hono(endpoint.path)}`, endpoint, offset: 3, vhostScoped: false, clusterScoped: false, literals: literals(endpoint.path) });
  }
  // After every unprefixed path, so `/vhosts/{vhost}` itself stays the vhost entry's.
  for (const endpoint of entries) {
    if (!endpoint.vhostScoped || endpoint.server) continue;
    list.push({ path: `${VHOST_PREFIX}${hono(endpoint.path)}`, endpoint, offset: 5, vhostScoped: true, clusterScoped: false, literals: literals(endpoint.path) });
  }
  // Every vhost-scoped entry under an attached cluster too: those not written for clusters answer 409 not_supported.
  for (const endpoint of entries) {
    if (!endpoint.vhostScoped || endpoint.server) continue;
    list.push({ path: `${CLUSTER_VHOST_PREFIX}${hono(endpoint.path)}`, endpoint, offset: 7, vhostScoped: true, clusterScoped: true, literals: literals(endpoint.path) });
  }
  // Hono runs the matching handlers in the order they were added and the first answer wins; a stable sort keeps the
  // catalog's order among equals (the first GET /definitions is the server-wide one).
  const group = (mount: Mount) => (mount.clusterScoped ? 2 : mount.vhostScoped ? 1 : 0);
  return list.sort((a, b) => group(a) - group(b) || b.literals - a.literals);
}

/** The raw (still percent-encoded) path of an absolute URL. */
function rawPath(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start < 0) return '/';
  let end = url.length;
  for (let i = start; i < end; i++) {
    const code = url.charCodeAt(i);
    if (code === 63 || code === 35) end = i;
  }
  return url.slice(start, end);
}

function handlerOf(mount: Mount, serve: typeof serveEndpoint) {
  const names = mount.endpoint.path
    .split('/')
    .slice(1)
    .map((part, index) => [/^\{(\w+)\}$/.exec(part)?.[1], index] as const)
    .filter((entry): entry is readonly [string, number] => entry[0] !== undefined);
  return (c: Context): Promise<Response> => {
    const request = c.req.raw;
    // From the request's own path, each segment decoded exactly once (lib/api/path-params.ts says why).
    const segments = names.length > 0 || mount.vhostScoped ? rawPath(request.url).split('/') : [];
    const params: Record<string, string> = {};
    for (const [name, index] of names) params[name] = decodeSegment(segments[mount.offset + index] ?? '');
    const vhost = mount.clusterScoped ? decodeSegment(segments[6]) : mount.vhostScoped ? decodeSegment(segments[4]) : DEFAULT_VHOST;
    const cluster = mount.clusterScoped ? decodeSegment(segments[4]) : undefined;
    const { incoming, outgoing } = (c.env as { incoming?: IncomingMessage; outgoing?: ServerResponse } | undefined) ?? {};
    if (incoming && mount.endpoint.body) attachBodySource(request, (limit) => readNodeBody(incoming, limit));
    // The adapter's own rule for its signal (the answer closed unfinished, or the request errored), read as is.
    if (incoming && outgoing) attachGoneProbe(request, () => incoming.errored != null || (outgoing.destroyed && !outgoing.writableFinished));
    const answer = serve(mount.endpoint, request, params, vhost, cluster);
    return request.method === 'HEAD' ? answer.then(withoutBody) : answer;
  };
}

/** HEAD is GET without the body: a stream begun for it (an event stream) is stopped rather than left open. */
async function withoutBody(response: Response): Promise<Response> {
  await response.body?.cancel().catch(() => undefined);
  return new Response(null, { status: response.status, headers: response.headers });
}

/** `serve` answers a matched entry: serveEndpoint, or a stand-in that shows what was matched (in unit tests). */
export function createApiApp(entries: readonly Endpoint[] = servedEndpoints, serve: typeof serveEndpoint = serveEndpoint): Hono {
  // Not strict: `/api/v1/queues/` is `/api/v1/queues` (Next answered it with a redirect there).
  const app = new Hono({ strict: false });
  const all = mounts(entries);
  for (const mount of all) app.on(mount.endpoint.method, mount.path, handlerOf(mount, serve));

  const methodsAt = (path: string) => METHODS.filter((method) => app.router.match(method, path)[0].length > 0);
  app.notFound((c) => {
    const method = c.req.method;
    const allowed = methodsAt(c.req.path);
    // OPTIONS as Next answers it for a route file: the methods served there.
    if (method === 'OPTIONS' && allowed.length > 0) {
      const allow = [...allowed, ...(allowed.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].sort().join(', ');
      return new Response(null, { status: 204, headers: { allow } });
    }
    return errorResponse(new ApiError('not_found', noRouteMessage(method, c.req.url, allowed)));
  });
  app.onError((error) => errorResponse(error));
  return app;
}
