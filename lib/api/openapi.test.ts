import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { endpoints } from './endpoints/catalog';
import { getOpenApi } from './endpoints/openapi';
import { buildOpenApiDocument } from './openapi';

type Json = Record<string, unknown>;
const doc = buildOpenApiDocument([...endpoints, getOpenApi], '9.9.9') as Json & { paths: Record<string, Record<string, Json>> };

function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refs(v, found));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === '$ref' && typeof v === 'string') found.push(v);
      else refs(v, found);
    }
  }
  return found;
}

function resolve(pointer: string): unknown {
  return pointer
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, part) => (node as Json | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
}

const METHODS = ['get', 'post', 'put', 'delete', 'patch'];
const operations = (ops: Record<string, Json>) => Object.entries(ops).filter(([key]) => METHODS.includes(key));
/** Paths served outside /api/v1 (their own `servers`), such as the Prometheus scrape. */
const ownServer = (ops: Record<string, unknown>) => Array.isArray(ops.servers);

function exportedMethods(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/export const (GET|POST|PUT|DELETE|PATCH)\b/g)].map((m) => m[1].toLowerCase());
}

/** Every route.ts under app/api/v1 with the methods it exports, as OpenAPI paths. */
function routeFiles(): { path: string; methods: string[] }[] {
  const root = join(process.cwd(), 'app/api/v1');
  const found: { path: string; methods: string[] }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'route.ts') {
        const methods = exportedMethods(full);
        const path = '/' + relative(root, dir).split('/').map((s) => s.replace(/^\[\.\.\.(\w+)\]$/, '{...$1}').replace(/^\[(\w+)\]$/, '{$1}')).join('/');
        found.push({ path, methods });
      }
    }
  };
  walk(root);
  return found;
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and plain JSON', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect((doc.info as Json).version).toBe('9.9.9');
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('has every endpoint, with unique operation ids', () => {
    for (const endpoint of [...endpoints, getOpenApi]) {
      expect(doc.paths[endpoint.path]?.[endpoint.method.toLowerCase()], `${endpoint.method} ${endpoint.path}`).toBeDefined();
    }
    const ids = Object.values(doc.paths).flatMap((ops) => operations(ops).map(([, op]) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents every route file of app/api/v1 and nothing that has no route file', () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThan(15);
    const catchAll = files.find((f) => f.path === '/vhosts/{vhost}/{...path}');
    // The same entries again under an attached cluster (the document says so once, in its description).
    const clusterCatchAll = files.find((f) => f.path === '/clusters/{id}/vhosts/{vhost}/{...path}');
    expect(clusterCatchAll?.methods.sort()).toEqual(catchAll?.methods.sort());
    const fromFiles = files.filter((f) => f !== catchAll && f !== clusterCatchAll).flatMap((f) => f.methods.map((m) => `${m} ${f.path}`)).sort();
    const documented = Object.entries(doc.paths)
      .filter(([, ops]) => !ownServer(ops))
      .flatMap(([path, ops]) => operations(ops).map(([m]) => `${m} ${path}`));
    const underVhost = (entry: string) => / \/vhosts\/\{vhost\}\/./.test(entry);
    expect(documented.filter((entry) => !underVhost(entry)).sort()).toEqual(fromFiles);
    // The catch-all serves every vhost-scoped path, with every method they use.
    const vhostMethods = new Set(documented.filter(underVhost).map((entry) => entry.split(' ')[0]));
    expect(catchAll?.methods.sort()).toEqual([...vhostMethods].sort());
    for (const endpoint of endpoints.filter((e) => e.vhostScoped)) {
      expect(doc.paths[`/vhosts/{vhost}${endpoint.path}`]?.[endpoint.method.toLowerCase()], endpoint.operationId).toBeDefined();
    }
  });

  it('has an access rule on every endpoint that is not public', () => {
    for (const endpoint of [...endpoints, getOpenApi]) {
      if (!endpoint.public) expect(endpoint.authorize, endpoint.operationId).toBeTypeOf('function');
    }
  });

  it('documents the routes outside /api/v1 with their own server, each with its route file', () => {
    const outside = Object.entries(doc.paths).filter(([, ops]) => ownServer(ops));
    expect(outside.map(([path]) => path)).toEqual(['/metrics', '/metrics/per-object']);
    for (const [path, ops] of outside) {
      const [{ url }] = ops.servers as unknown as { url: string }[];
      const file = join(process.cwd(), 'app', url, path, 'route.ts');
      expect(exportedMethods(file).sort(), file).toEqual(operations(ops).map(([m]) => m).sort());
    }
    for (const path of ['/metrics', '/metrics/per-object']) {
      const scrape = (doc.paths[path].get.responses as Record<string, Json>)['200'];
      expect(Object.keys(scrape.content as Json)).toEqual(['text/plain; version=0.0.4; charset=utf-8']);
      expect(doc.paths[path].get.security).toBeUndefined();
    }
  });

  it('resolves every $ref', () => {
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(50);
    for (const ref of new Set(all)) expect(resolve(ref), ref).toBeDefined();
    expect(JSON.stringify(doc)).not.toContain('#/$defs');
  });

  it('describes requests with their defaults optional and answers with their errors', () => {
    const put = doc.paths['/queues/{name}'].put as Json;
    expect(put.requestBody).toEqual({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/DeclareQueueBody' } } },
    });
    expect(Object.keys(put.responses as Json)).toEqual(expect.arrayContaining(['200', '201', '400', '401', '409', '500']));
    const body = (doc.components as { schemas: Record<string, Json> }).schemas.DeclareQueueBody;
    expect(body.required ?? []).toEqual([]);
    const publish = (doc.components as { schemas: Record<string, Json> }).schemas.PublishBody;
    expect(publish.required).toEqual(['payload']);
  });

  it('marks health and session as public, the rest behind bearer or session', () => {
    expect(doc.paths['/health'].get.security).toEqual([]);
    expect(doc.paths['/session'].post.security).toEqual([]);
    expect(doc.paths['/queues'].get.security).toBeUndefined();
    expect(doc.security).toEqual([{ bearer: [] }, { basic: [] }, { session: [] }]);
    expect(doc.paths['/health'].get.responses).not.toHaveProperty('401');
  });

  it('documents path and query parameters', () => {
    const params = doc.paths['/queues'].get.parameters as Json[];
    expect(params.map((p) => [p.name, p.in, p.required])).toEqual([
      ['search', 'query', false],
      ['sort', 'query', false],
      ['limit', 'query', false],
      ['cursor', 'query', false],
    ]);
    const named = doc.paths['/queues/{name}/receive'].post.parameters as Json[];
    expect(named).toEqual([expect.objectContaining({ name: 'name', in: 'path', required: true })]);
  });

  it('documents the event streams of subscribe and events', () => {
    for (const path of ['/queues/{name}/subscribe', '/events']) {
      const ok = (doc.paths[path].get.responses as Record<string, Json>)['200'];
      expect(Object.keys(ok.content as Json)).toEqual(['text/event-stream']);
    }
  });

  it('documents the metrics query and the overview as the broker answers them', () => {
    const params = doc.paths['/queues/{name}/metrics'].get.parameters as Json[];
    expect(params.map((p) => [p.name, p.in, p.required])).toEqual([
      ['name', 'path', true],
      ['windowMs', 'query', false],
      ['stepMs', 'query', false],
    ]);
    expect(params[1].schema).toMatchObject({ minimum: 60_000, maximum: 2_592_000_000 });
    const overview = (doc.components as { schemas: Record<string, Json> }).schemas.Overview;
    expect(overview.required).toContain('exchangeTotals');
  });
});
