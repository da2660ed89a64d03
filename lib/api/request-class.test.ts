import { describe, expect, it } from 'vitest';
import { classifyRequest } from './request-class';

describe('classifyRequest', () => {
  it('counts ordinary API calls as work, long-polls and streams as waiting, health probes as free', () => {
    expect(classifyRequest('POST', '/api/v1/queues/orders/messages')).toEqual({ kind: 'api', admission: 'work' });
    expect(classifyRequest('GET', '/api/v1/queues?page=2')).toEqual({ kind: 'api', admission: 'work' });
    expect(classifyRequest('POST', '/api/v1/queues/orders/receive')).toEqual({ kind: 'api', admission: 'waiting' });
    expect(classifyRequest('GET', '/api/v1/queues/a%2Fb/subscribe')).toEqual({ kind: 'api', admission: 'waiting' });
    expect(classifyRequest('GET', '/api/v1/events')).toEqual({ kind: 'api', admission: 'waiting' });
    expect(classifyRequest('GET', '/api/v1/health')).toEqual({ kind: 'api', admission: 'free' });
    expect(classifyRequest('GET', '/metrics')).toEqual({ kind: 'api', admission: 'work' });
    expect(classifyRequest('GET', '/metrics/per-object')).toEqual({ kind: 'api', admission: 'work' });
  });

  it('finds vhost-scoped entries under /vhosts/{vhost}', () => {
    expect(classifyRequest('POST', '/api/v1/vhosts/%2F/queues/q/receive')).toEqual({ kind: 'api', admission: 'waiting' });
    expect(classifyRequest('GET', '/api/v1/vhosts/%2F')).toEqual({ kind: 'api', admission: 'work' });
  });

  it('names the methods a path serves when asked another', () => {
    expect(classifyRequest('PATCH', '/api/v1/queues/orders')).toEqual({ kind: 'method_not_allowed', allow: ['GET', 'PUT', 'DELETE', 'HEAD'] });
    expect(classifyRequest('DELETE', '/api/v1/vhosts/%2F/queues/q/messages')).toMatchObject({ kind: 'method_not_allowed' });
    expect(classifyRequest('PATCH', '/api/v1/clusters/c1/vhosts/%2F/queues/q')).toEqual({ kind: 'method_not_allowed', allow: ['GET', 'PUT', 'DELETE', 'HEAD'] });
    expect(classifyRequest('GET', '/api/v1/clusters/c1/vhosts/%2F/queues')).toEqual({ kind: 'api', admission: 'work' });
    expect(classifyRequest('POST', '/api/v1/openapi.json')).toEqual({ kind: 'method_not_allowed', allow: ['GET', 'HEAD'] });
    expect(classifyRequest('PUT', '/metrics')).toEqual({ kind: 'method_not_allowed', allow: ['GET', 'HEAD'] });
    // No such path for any method: the catch-all's JSON 404 (PATCH is routed since the clusters' PATCH).
    expect(classifyRequest('PATCH', '/api/v1/vhosts/%2F/replay')).toEqual({ kind: 'api', admission: 'work' });
    expect(classifyRequest('PATCH', '/api/v1/vhosts/%2F/queues/q/x/..')).toEqual({ kind: 'method_not_allowed', allow: ['GET', 'PUT', 'DELETE', 'HEAD'] });
    expect(classifyRequest('OPTIONS', '/api/v1/queues/orders')).toEqual({ kind: 'api', admission: 'work' });
  });

  it('leaves unknown API paths to the catch-all and other paths to Next', () => {
    expect(classifyRequest('GET', '/api/v1/nothing-here')).toEqual({ kind: 'api', admission: 'work' });
    expect(classifyRequest('GET', '/queues')).toEqual({ kind: 'other' });
    expect(classifyRequest('GET', '/_next/static/chunk.js')).toEqual({ kind: 'other' });
  });
});
