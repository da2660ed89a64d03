/**
 * @module The Next adapter of every vhost-scoped entry under `/api/v1/vhosts/{vhost}/...`: the rest of the path is
 * matched against the catalog, so each endpoint keeps one implementation whatever vhost it addresses.
 */
import { CatalogRouter } from './catalog-router';
import { endpoints } from './endpoints/catalog';
import { ApiError, errorResponse } from './errors';
import { serveEndpoint, type RouteHandler } from './handler';
import { vhostPath } from './path-params';

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
    if (!match) {
      const allowed = router.methodsAt(segments);
      const where = `/api/v1/vhosts/${encodeURIComponent(vhost)}/${segments.map(encodeURIComponent).join('/')}`;
      return errorResponse(new ApiError('not_found', allowed.length > 0 ? `${request.method} is not served at ${where} (try ${allowed.join(', ')})` : `No API route for ${request.method} ${where}`));
    }
    return serveEndpoint(match.endpoint, request, match.params, vhost);
  };
}
