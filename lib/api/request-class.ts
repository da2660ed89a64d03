/**
 * @module What the front door needs to know of a request before Next sees it, from its method and path alone: which
 * catalog entry it reaches (so a method the path does not serve is a JSON 405, not Next's empty one) and how admission
 * counts it (ordinary work, a long wait on the broker, or a health probe that must answer even under load).
 */
import { CatalogRouter } from './catalog-router';
import type { Endpoint } from './endpoint';
import { endpoints as catalog } from './endpoints/catalog';
import { getOpenApi } from './endpoints/openapi';

/** `work` counts against the in-flight bound; `waiting` (long-poll, event stream) against its own; `free` not at all. */
export type AdmissionClass = 'work' | 'waiting' | 'free';

export type RequestClass =
  | { kind: 'api'; admission: AdmissionClass }
  | { kind: 'method_not_allowed'; allow: string[] }
  /** An API path no route serves with this method or any other. */
  | { kind: 'not_found' }
  /** Not an API path (console pages, assets): left to Next. */
  | { kind: 'other' };

const API_PREFIX = '/api/v1';
const VHOST_SEGMENT = 'vhosts';
const FREE = new Set(['getHealth', 'getReadiness']);

let routers: { all: CatalogRouter; vhostScoped: CatalogRouter; root: CatalogRouter } | undefined;

function load() {
  // The document describes the catalog, so it is not in it; it is served all the same.
  const endpoints = [...catalog, getOpenApi];
  routers ??= {
    all: new CatalogRouter(endpoints.filter((entry) => !entry.server)),
    vhostScoped: new CatalogRouter(endpoints.filter((entry) => entry.vhostScoped && !entry.server)),
    root: new CatalogRouter(endpoints.filter((entry) => entry.server === '/')),
  };
  return routers;
}

export function admissionClassOf(entry: Endpoint): AdmissionClass {
  if (FREE.has(entry.operationId)) return 'free';
  const streams = Object.values(entry.responses).some((answer) => answer.contentType === 'text/event-stream');
  return streams || entry.operationId === 'receive' ? 'waiting' : 'work';
}

/** Methods some catalog entry serves (with HEAD and OPTIONS, which Next derives); others never reach a route. */
const ROUTED_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS']);

/** Classifies an origin-form request target (already known to be valid percent-encoding). */
export function classifyRequest(method: string, target: string): RequestClass {
  const path = normalize(target.split(/[?#]/, 1)[0]);
  const { all, vhostScoped, root } = load();
  const lookup = method === 'HEAD' ? 'GET' : method;
  if (path !== '/api' && !path.startsWith('/api/')) {
    const segments = segmentsOf(path);
    const match = root.match(lookup, segments);
    if (match) return { kind: 'api', admission: admissionClassOf(match.endpoint) };
    const allow = root.methodsAt(segments);
    return allow.length > 0 && method !== 'OPTIONS' ? { kind: 'method_not_allowed', allow: withHead(allow) } : { kind: 'other' };
  }
  if (path !== API_PREFIX && !path.startsWith(`${API_PREFIX}/`)) return refuseOdd(method, []) ?? { kind: 'api', admission: 'work' };
  const segments = segmentsOf(path.slice(API_PREFIX.length));
  let router = all;
  let rest = segments;
  if (all.methodsAt(segments).length === 0 && segments[0] === VHOST_SEGMENT && segments.length > 2) {
    router = vhostScoped;
    rest = segments.slice(2);
  }
  const match = router.match(lookup, rest);
  if (match) return { kind: 'api', admission: admissionClassOf(match.endpoint) };
  const allow = router.methodsAt(rest);
  // OPTIONS is answered by Next with the Allow list; an unknown path is the catch-all's JSON 404.
  if (allow.length > 0 && method !== 'OPTIONS') return { kind: 'method_not_allowed', allow: withHead(allow) };
  return refuseOdd(method, allow) ?? { kind: 'api', admission: 'work' };
}

/** A method no route file exports (PATCH): Next would answer an empty 405, so it is answered here. */
function refuseOdd(method: string, allow: string[]): RequestClass | undefined {
  return ROUTED_METHODS.has(method) ? undefined : allow.length > 0 ? { kind: 'method_not_allowed', allow: withHead(allow) } : { kind: 'not_found' };
}

const PLAIN_PATH = /^[\w/~:@!$&'()*+,;=-]*$/;

/** The path as Next routes it: dot segments (`..`, `%2e%2e`) resolved as a URL parser does. */
function normalize(path: string): string {
  // Nothing a URL parser would change (no dot, escape, backslash or byte it would encode): spared the parse.
  if (PLAIN_PATH.test(path)) return path;
  try {
    return new URL(path, 'http://switchboard.invalid').pathname;
  } catch {
    return path;
  }
}

function withHead(allow: string[]): string[] {
  return allow.includes('GET') ? [...allow, 'HEAD'] : allow;
}

function segmentsOf(path: string): string[] {
  return path
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}
