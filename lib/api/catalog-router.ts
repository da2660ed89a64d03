/**
 * @module Finds the catalog entry for a method and a path under /api/v1, with its path parameters: how the
 * `/api/v1/vhosts/{vhost}/...` paths reach the same entries as the unprefixed ones.
 */
import type { Endpoint } from './endpoint';

interface CompiledRoute {
  endpoint: Endpoint;
  segments: string[];
}

export interface RouteMatch {
  endpoint: Endpoint;
  /** Decoded path parameters by name. */
  params: Record<string, string>;
}

export class CatalogRouter {
  private readonly routes: CompiledRoute[];

  constructor(endpoints: readonly Endpoint[]) {
    this.routes = endpoints.map((endpoint) => ({ endpoint, segments: endpoint.path.split('/').filter(Boolean) }));
  }

  /**
   * `segments` are the decoded path segments after the prefix. Literal segments win over parameters, so
   * `/queues/{name}/messages` is never taken for a message id. Answers undefined when no entry matches.
   */
  match(method: string, segments: readonly string[], accept: (endpoint: Endpoint) => boolean = () => true): RouteMatch | undefined {
    let best: { match: RouteMatch; literals: number } | undefined;
    for (const route of this.routes) {
      if (route.endpoint.method !== method || route.segments.length !== segments.length || !accept(route.endpoint)) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      const matches = route.segments.every((part, index) => {
        const parameter = /^\{(\w+)\}$/.exec(part);
        if (parameter) {
          params[parameter[1]] = segments[index];
          return true;
        }
        literals++;
        return part === segments[index];
      });
      if (matches && (!best || literals > best.literals)) best = { match: { endpoint: route.endpoint, params }, literals };
    }
    return best?.match;
  }

  /** The methods some entry serves at this path (for 405 answers). */
  methodsAt(segments: readonly string[]): string[] {
    return ['GET', 'POST', 'PUT', 'DELETE'].filter((method) => this.match(method, segments) !== undefined);
  }
}
