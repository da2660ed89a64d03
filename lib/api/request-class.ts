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

/** Each entry's class, worked out once: classifying is on every request's path. */
const classes = new WeakMap<Endpoint, AdmissionClass>();

export function admissionClassOf(entry: Endpoint): AdmissionClass {
  let known = classes.get(entry);
  if (known === undefined) {
    const streams = Object.values(entry.responses).some((answer) => answer.contentType === 'text/event-stream');
    known = FREE.has(entry.operationId) ? 'free' : streams || entry.operationId === 'receive' ? 'waiting' : 'work';
    classes.set(entry, known);
  }
  return known;
}

/** Classifies an origin-form request target (already known to be valid percent-encoding). */
export function classifyRequest(method: string, target: string): RequestClass {
  const path = normalize(pathOf(target));
  const { all, vhostScoped, root } = load();
  const lookup = method === 'HEAD' ? 'GET' : method;
  if (path !== '/api' && !path.startsWith('/api/')) {
    const segments = segmentsOf(path);
    const found = root.find(lookup, segments);
    if (found) return API_CLASSES[admissionClassOf(found)];
    const allow = root.methodsAt(segments);
    return allow.length > 0 && method !== 'OPTIONS' ? { kind: 'method_not_allowed', allow: withHead(allow) } : { kind: 'other' };
  }
  if (path !== API_PREFIX && !path.startsWith(`${API_PREFIX}/`)) return { kind: 'api', admission: 'work' };
  const segments = segmentsOf(path.slice(API_PREFIX.length));
  let router = all;
  let rest = segments;
  if (segments[0] === VHOST_SEGMENT && segments.length > 2 && all.methodsAt(segments).length === 0) {
    router = vhostScoped;
    rest = segments.slice(2);
  } else if (segments[0] === 'clusters' && segments[2] === VHOST_SEGMENT && segments.length > 4 && all.methodsAt(segments).length === 0) {
    // `/clusters/{id}/vhosts/{vhost}/...`: the vhost-scoped entries again, on an attached cluster.
    router = vhostScoped;
    rest = segments.slice(4);
  }
  const found = router.find(lookup, rest);
  if (found) return API_CLASSES[admissionClassOf(found)];
  const allow = router.methodsAt(rest);
  // OPTIONS is answered by Next with the Allow list; an unknown path is the catch-all's JSON 404.
  if (allow.length > 0 && method !== 'OPTIONS') return { kind: 'method_not_allowed', allow: withHead(allow) };
  return { kind: 'api', admission: 'work' };
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

/** The answers for a routed request, made once (they are read, never changed). */
const API_CLASSES: Readonly<Record<AdmissionClass, RequestClass>> = {
  work: { kind: 'api', admission: 'work' },
  waiting: { kind: 'api', admission: 'waiting' },
  free: { kind: 'api', admission: 'free' },
};

/** The target up to its query or fragment. */
function pathOf(target: string): string {
  for (let i = 0; i < target.length; i++) {
    const code = target.charCodeAt(i);
    if (code === 63 /* ? */ || code === 35 /* # */) return target.slice(0, i);
  }
  return target;
}

function segmentsOf(path: string): string[] {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '') continue;
    if (!segment.includes('%')) segments.push(segment);
    else {
      try {
        segments.push(decodeURIComponent(segment));
      } catch {
        segments.push(segment);
      }
    }
  }
  return segments;
}
