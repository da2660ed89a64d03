/**
 * @module Finds the catalog entry for a method and a path under /api/v1, with its path parameters: how the front
 * door classifies a request before either HTTP layer sees it, and how Next's `/api/v1/vhosts/{vhost}/...` adapter
 * reaches the same entries as the unprefixed ones. (The lean layer routes with Hono: lib/server/api-app.ts.)
 */
import type { Endpoint } from './endpoint';

interface CompiledRoute {
  endpoint: Endpoint;
  /** Each segment: a literal, or null for a parameter (named in `names` at the same index). */
  parts: (string | null)[];
  names: (string | undefined)[];
  literals: number;
}

export interface RouteMatch {
  endpoint: Endpoint;
  /** Decoded path parameters by name. */
  params: Record<string, string>;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export class CatalogRouter {
  /** Routes by method and segment count, in catalog order: a request is compared with the few of its own shape. */
  private readonly buckets = new Map<string, CompiledRoute[]>();

  constructor(endpoints: readonly Endpoint[]) {
    for (const endpoint of endpoints) {
      const segments = endpoint.path.split('/').filter(Boolean);
      const names = segments.map((part) => /^\{(\w+)\}$/.exec(part)?.[1]);
      const parts = segments.map((part, index) => (names[index] === undefined ? part : null));
      const route = { endpoint, parts, names, literals: parts.filter((part) => part !== null).length };
      const key = `${endpoint.method} ${segments.length}`;
      const bucket = this.buckets.get(key);
      if (bucket) bucket.push(route);
      else this.buckets.set(key, [route]);
    }
  }

  /**
   * `segments` are the decoded path segments after the prefix. Literal segments win over parameters, so
   * `/queues/{name}/messages` is never taken for a message id. Answers undefined when no entry matches.
   */
  match(method: string, segments: readonly string[], accept?: (endpoint: Endpoint) => boolean): RouteMatch | undefined {
    const best = this.best(method, segments, accept);
    if (!best) return undefined;
    const params: Record<string, string> = {};
    best.names.forEach((name, index) => {
      if (name !== undefined) params[name] = segments[index];
    });
    return { endpoint: best.endpoint, params };
  }

  /** The entry `match` would find, without its parameters: what the front door asks of every request. */
  find(method: string, segments: readonly string[]): Endpoint | undefined {
    return this.best(method, segments)?.endpoint;
  }

  /** The methods some entry serves at this path (for 405 answers). */
  methodsAt(segments: readonly string[]): string[] {
    return METHODS.filter((method) => this.best(method, segments) !== undefined);
  }

  private best(method: string, segments: readonly string[], accept?: (endpoint: Endpoint) => boolean): CompiledRoute | undefined {
    let best: CompiledRoute | undefined;
    for (const route of this.buckets.get(`${method} ${segments.length}`) ?? []) {
      if (best && route.literals <= best.literals) continue;
      if (fits(route.parts, segments) && (!accept || accept(route.endpoint))) best = route;
    }
    return best;
  }
}

function fits(parts: readonly (string | null)[], segments: readonly string[]): boolean {
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index];
    if (part !== null && part !== segments[index]) return false;
  }
  return true;
}
