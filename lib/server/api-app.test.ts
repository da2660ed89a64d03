import { describe, expect, it } from 'vitest';
import { endpoints } from '@/lib/api/endpoints/catalog';
import { createApiApp, isApiTarget, mounts } from './api-app';

describe('the lean layer', () => {
  it('answers /api and the scrapes (/metrics, /metrics/per-object), and leaves the console to Next', () => {
    const lean = ['/api', '/api/', '/api?x', '/api/v1/health', '/api/v1/queues/a%2Fb?limit=1', '/metrics', '/metrics?mode=queue'];
    for (const target of [...lean, '/metrics/per-object', '/metrics/per-object?x']) {
      expect(isApiTarget(target), target).toBe(true);
    }
    const next = ['/', '/apis', '/api-docs', '/queues', '/metricsx', '/metrics/x', '/login?next=/api'];
    for (const target of [...next, '/metrics/per-objects', '/metrics/per-object/x']) {
      expect(isApiTarget(target), target).toBe(false);
    }
  });

  it('mounts every entry at its path, a vhost-scoped one also under /vhosts/:vhost and under a cluster, the scrape at /metrics', () => {
    const all = mounts();
    for (const entry of endpoints) {
      const paths = all.filter((mount) => mount.endpoint === entry).map((mount) => mount.path);
      const path = entry.path.replace(/\{(\w+)\}/g, ':$1');
      if (entry.server === '/') expect(paths, entry.operationId).toEqual([path]);
      else {
        const scoped = [`/api/v1${path}`, `/api/v1/clusters/:cluster/vhosts/:vhost${path}`, `/api/v1/vhosts/:vhost${path}`];
        expect(paths.sort(), entry.operationId).toEqual(entry.vhostScoped ? scoped.sort() : [`/api/v1${path}`]);
      }
    }
  });

  // What the router matched, as the stand-in for serveEndpoint reports it.
  const app = createApiApp(undefined, async (entry, _request, params, vhost, cluster) => Response.json({ id: entry.operationId, params, vhost, ...(cluster ? { cluster } : {}) }));
  const matched = async (method: string, path: string) => {
    const response = await app.request(path, { method });
    return response.status === 200 ? await response.json() : response.status;
  };

  it('tries literal segments before parameters, the unprefixed paths before the vhost-prefixed ones', async () => {
    expect(await matched('GET', '/api/v1/queues/q/messages')).toEqual({ id: 'peek', params: { name: 'q' }, vhost: '/' });
    expect(await matched('GET', '/api/v1/queues/messages')).toEqual({ id: 'getQueue', params: { name: 'messages' }, vhost: '/' });
    expect(await matched('DELETE', '/api/v1/queues/q/contents')).toEqual({ id: 'purgeQueue', params: { name: 'q' }, vhost: '/' });
    expect(await matched('POST', '/api/v1/queues/q/messages/m/move')).toEqual({ id: 'moveMessage', params: { name: 'q', messageId: 'm' }, vhost: '/' });
    expect(await matched('GET', '/api/v1/vhosts/v1')).toEqual({ id: 'getVhost', params: { vhost: 'v1' }, vhost: '/' });
    expect(await matched('GET', '/api/v1/vhosts/v1/queues/q')).toEqual({ id: 'getQueue', params: { name: 'q' }, vhost: 'v1' });
    expect(await matched('GET', '/api/v1/clusters/c1/vhosts/%2F/queues/a%2Fb')).toEqual({ id: 'getQueue', params: { name: 'a/b' }, vhost: '/', cluster: 'c1' });
    expect(await matched('GET', '/api/v1/clusters/c1/nodes')).toEqual({ id: 'listClusterNodes', params: { id: 'c1' }, vhost: '/' });
    // Two entries at GET /definitions: the server-wide one (first in the catalog) answers the unprefixed path.
    expect(await matched('GET', '/api/v1/definitions')).toMatchObject({ id: 'exportDefinitions' });
    expect(await matched('GET', '/api/v1/vhosts/v1/definitions')).toMatchObject({ id: 'exportTopology', vhost: 'v1' });
    expect(await matched('GET', '/metrics')).toMatchObject({ id: 'getPrometheusMetrics' });
    expect(await matched('GET', '/metrics/per-object')).toMatchObject({ id: 'getPrometheusPerObjectMetrics' });
    expect(await matched('GET', '/api/v1/queues/')).toMatchObject({ id: 'listQueues' });
  });

  it('decodes each path segment exactly once, slashes and percent signs included', async () => {
    expect(await matched('GET', '/api/v1/queues/a%2Fb')).toMatchObject({ params: { name: 'a/b' } });
    expect(await matched('GET', '/api/v1/queues/%2541')).toMatchObject({ params: { name: '%41' } });
    expect(await matched('GET', '/api/v1/queues/a%20b%25')).toMatchObject({ params: { name: 'a b%' } });
    expect(await matched('GET', '/api/v1/vhosts/%2F/queues/%252F')).toEqual({ id: 'getQueue', params: { name: '%2F' }, vhost: '/' });
    expect(await matched('GET', '/api/v1/vhosts/a%2Fb/queues/x')).toMatchObject({ vhost: 'a/b' });
  });

  it('answers a path no entry serves with the JSON 404, and OPTIONS with the methods there', async () => {
    const missing = await app.request('/api/v1/vhosts/%2F/nothing');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'No API route for GET /api/v1/vhosts/%2F/nothing' } });
    const options = await app.request('/api/v1/vhosts/%2F/queues/q', { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('DELETE, GET, HEAD, OPTIONS, PUT');
  });
});
