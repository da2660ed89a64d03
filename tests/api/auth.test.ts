import { describe, expect, inject, it } from 'vitest';
import { api, errorCode } from './http';

describe('health and authentication', () => {
  it('health needs no credentials', async () => {
    const answer = await api('GET', '/health', { token: null });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      status: 'ok',
      version: expect.any(String),
      uptimeMs: expect.any(Number),
      storage: inject('storage'),
      amqpPort: Number(new URL(inject('amqpUrl')).port),
      role: 'active',
      problems: [],
      process: { id: expect.any(String), activeSince: expect.any(Number), tookOverFrom: null },
    });
  });

  it('readiness needs no credentials and is 200 while the store can write', async () => {
    const answer = await api('GET', '/health/ready', { token: null });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ ready: true, problems: [] });
  });

  it('every other route answers 401 without a token or with a wrong one', async () => {
    const routes: [string, string][] = [
      ['GET', '/overview'],
      ['GET', '/exchanges'],
      ['GET', '/exchanges/amq.direct'],
      ['PUT', '/queues/q'],
      ['GET', '/queues'],
      ['POST', '/queues/q/receive'],
      ['GET', '/bindings'],
      ['GET', '/definitions'],
      ['GET', '/openapi.json'],
      ['POST', '/exchanges/amq.direct/publish'],
    ];
    for (const [method, path] of routes) {
      for (const token of [null, 'wrong-token']) {
        const answer = await api(method, path, { token, body: method === 'GET' ? undefined : {} });
        expect(answer.status, `${method} ${path}`).toBe(401);
        expect(errorCode(answer)).toBe('unauthorized');
      }
    }
  });

  it('accepts the admin token from the environment', async () => {
    const answer = await api('GET', '/overview');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      queues: expect.any(Number),
      exchanges: expect.any(Number),
      bindings: expect.any(Number),
      consumers: expect.any(Number),
      messagesReady: expect.any(Number),
      messagesUnacked: expect.any(Number),
      rates: { publish: expect.any(Number), deliver: expect.any(Number), ack: expect.any(Number), redeliver: expect.any(Number), deadLetter: expect.any(Number) },
      exchangeTotals: { published: expect.any(Number), routed: expect.any(Number), unroutable: expect.any(Number) },
    });
  });

  it('a session login sets an httpOnly SameSite=Strict cookie that then authorizes, until logout', async () => {
    const refused = await api('POST', '/session', { token: null, body: { user: 'admin', password: 'not-the-token' } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('set-cookie')).toBeNull();

    const login = await api('POST', '/session', { token: null, body: { user: 'admin', password: inject('token') } });
    expect(login.status).toBe(204);
    const setCookie = login.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^sb_session=[^;]+;/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    const cookie = setCookie.split(';')[0];

    const withCookie = await api('GET', '/queues', { token: null, headers: { cookie } });
    expect(withCookie.status).toBe(200);

    // As the console sends it: from its own origin, as JSON (origin-check.ts refuses a cookie's changes otherwise).
    const logout = await api('DELETE', '/session', { token: null, headers: { cookie, origin: inject('baseUrl'), 'content-type': 'application/json' } });
    expect(logout.status).toBe(204);
    expect(logout.headers.get('set-cookie')).toContain('Max-Age=0');
    const after = await api('GET', '/queues', { token: null, headers: { cookie } });
    expect(after.status).toBe(401);
  });

  it('a forged session cookie is refused', async () => {
    const answer = await api('GET', '/queues', { token: null, headers: { cookie: 'sb_session=forged' } });
    expect(answer.status).toBe(401);
  });

  it('login validates its body', async () => {
    const answer = await api('POST', '/session', { token: null, body: { user: 'admin', password: 42 } });
    expect(answer.status).toBe(400);
    expect(errorCode(answer)).toBe('bad_request');
  });
});

describe('never HTML under /api', () => {
  it('unknown API paths answer a JSON 404', async () => {
    for (const path of ['/nope', '/queues/q/unknown/deeper']) {
      const answer = await api('GET', path);
      expect(answer.status).toBe(404);
      expect(errorCode(answer)).toBe('not_found');
    }
    const outside = await fetch(`${inject('baseUrl')}/api/nothing-here`, { method: 'POST' });
    expect(outside.status).toBe(404);
    expect(outside.headers.get('content-type')).toContain('application/json');
  });
});

describe('openapi.json', () => {
  it('is a valid OpenAPI 3.1 JSON document with a path for every route', async () => {
    const answer = await api('GET', '/openapi.json');
    expect(answer.status).toBe(200);
    expect(answer.body.openapi).toBe('3.1.0');
    const paths = answer.body.paths as Record<string, Record<string, unknown>>;
    const expected: [string, string][] = [
      ['get', '/health'],
      ['get', '/health/ready'],
      ['get', '/overview'],
      ['post', '/session'],
      ['delete', '/session'],
      ['get', '/exchanges'],
      ['get', '/exchanges/{name}'],
      ['put', '/exchanges/{name}'],
      ['delete', '/exchanges/{name}'],
      ['post', '/exchanges/{name}/route-test'],
      ['post', '/exchanges/{name}/publish'],
      ['post', '/exchanges/{name}/publish-batch'],
      ['get', '/queues'],
      ['get', '/queues/{name}'],
      ['put', '/queues/{name}'],
      ['delete', '/queues/{name}'],
      ['delete', '/queues/{name}/contents'],
      ['post', '/queues/{name}/messages'],
      ['get', '/queues/{name}/messages'],
      ['post', '/queues/{name}/receive'],
      ['post', '/queues/{name}/ack'],
      ['post', '/queues/{name}/nack'],
      ['get', '/queues/{name}/subscribe'],
      ['get', '/bindings'],
      ['post', '/bindings'],
      ['delete', '/bindings/{id}'],
      ['get', '/definitions'],
      ['post', '/definitions'],
      ['get', '/openapi.json'],
    ];
    for (const [method, path] of expected) expect(paths[path]?.[method], `${method} ${path}`).toBeDefined();
    expect(Object.keys(answer.body.components.schemas)).toEqual(expect.arrayContaining(['Queue', 'Delivery', 'Error', 'PublishBody']));
  });
});
