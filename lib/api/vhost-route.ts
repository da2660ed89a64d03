/**
 * @module The Next adapter of every vhost-scoped entry under `/api/v1/vhosts/{vhost}/...`: the rest of the path is
 * matched against the catalog, so each endpoint keeps one implementation whatever vhost it addresses. (server.ts
 * answers these paths with lib/server/api-app.ts; this file serves them wherever Next runs by itself.)
 */
import { CatalogRouter } from './catalog-router';
import { endpoints } from './endpoints/catalog';
import { ApiError, errorResponse } from './errors';
import { serveEndpoint, type RouteHandler } from './handler';
import { clusterVhostPath, vhostPath } from './path-params';

let router: CatalogRouter | undefined;

export function vhostRoute(): RouteHandler {
  return async (request, nextContext) => {
    // From the request's own path, each segment decoded exactly once (Next's params are decoded already).
    const fromUrl = vhostPath(request.url);
    const raw = (await nextContext.params) as { vhost?: unknown; path?: unknown };
    const vhost = fromUrl?.vhost ?? String(raw.vhost ?? '');
    const segments = fromUrl?.segments ?? (Array.isArray(raw.path) ? raw.path.map(String) : []);
    router ??= new CatalogRouter(endpoints.filter((endpoint) => endpoint.vhostScoped));
    const match = router.match(request.method, segments);
    if (!match) return errorResponse(new ApiError('not_found', vhostNoRouteMessage(request.method, vhost, segments, router.methodsAt(segments))));
    return serveEndpoint(match.endpoint, request, match.params, vhost);
  };
}

/** The same entries under `/api/v1/clusters/{id}/vhosts/{vhost}/...`, on that attached cluster. */
export function clusterVhostRoute(): RouteHandler {
  return async (request, nextContext) => {
    const fromUrl = clusterVhostPath(request.url);
    const raw = (await nextContext.params) as { id?: unknown; vhost?: unknown; path?: unknown };
    const cluster = fromUrl?.cluster ?? String(raw.id ?? '');
    const vhost = fromUrl?.vhost ?? String(raw.vhost ?? '');
    const segments = fromUrl?.segments ?? (Array.isArray(raw.path) ? raw.path.map(String) : []);
    router ??= new CatalogRouter(endpoints.filter((endpoint) => endpoint.vhostScoped));
    const match = router.match(request.method, segments);
    if (!match) return errorResponse(new ApiError('not_found', vhostNoRouteMessage(request.method, vhost, segments, router.methodsAt(segments))));
    return serveEndpoint(match.endpoint, request, match.params, vhost, cluster);
  };
}

/** The message of the 404 for a path under a vhost, naming the methods served there when there are some. */
export function vhostNoRouteMessage(method: string, vhost: string, segments: readonly string[], allowed: readonly string[]): string {
  const where = `/api/v1/vhosts/${encodeURIComponent(vhost)}/${segments.map(encodeURIComponent).join('/')}`;
  return allowed.length > 0 ? `${method} is not served at ${where} (try ${allowed.join(', ')})` : `No API route for ${method} ${where}`;
}

/** The message of the 404 for any API path no route serves with this method: as the Next adapters word it. */
export function noRouteMessage(method: string, url: string, allowed: readonly string[]): string {
  const underVhost = vhostPath(url);
  if (underVhost && underVhost.segments.length > 0) return vhostNoRouteMessage(method, underVhost.vhost, underVhost.segments, allowed);
  return `No API route for ${method} ${new URL(url).pathname}`;
}
