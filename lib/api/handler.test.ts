import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { startAccess, type Access } from '@/lib/access/access-services';
import { setServices, type Services } from '@/lib/server/services';
import { createPrisma } from '@/lib/store/prisma';
import { endpoint } from './endpoint';
import { anyCaller } from './endpoint-access';
import { notFoundRoute, route } from './handler';
import { json, noContent } from './respond';

// A real access layer on a temporary database: 'good' is an API key of admin, as SWITCHBOARD_ADMIN_TOKEN makes it.
let dir: string;
let prisma: ReturnType<typeof createPrisma>;
let access: Access;
let sessionCookie: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-handler-'));
  prisma = createPrisma(`file:${path.join(dir, 'handler.db')}`);
  ({ access } = await startAccess(prisma, { envToken: 'good' }));
  sessionCookie = (await access.sessions.create(access.policy.principal('admin'))).cookieValue;
});
afterAll(async () => {
  await prisma.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

const caller = expect.objectContaining({ user: 'admin', tags: ['administrator'], protocol: 'http' });

function install(overrides: Partial<Services> = {}) {
  const services = {
    access,
    config: { host: '127.0.0.1', port: 0, amqpPort: 0, databaseUrl: 'file:x', maxMessageBytes: 16 },
    storage: 'sqlite',
    version: 't',
    startedAt: 0,
    process: { id: 'test', activeSince: 0, tookOverFrom: null, holdsLock: () => true },
    ...overrides,
  } as unknown as Services;
  setServices(services);
  return services;
}

const echo = endpoint({
  operationId: 'echo',
  method: 'POST',
  path: '/things/{name}',
  tag: 't',
  summary: 'echo',
  params: z.object({ name: z.string().regex(/^[a-z.:]+$/) }),
  query: z.object({ n: z.coerce.number().optional(), flag: z.string().optional() }),
  body: z.object({ value: z.number().default(1) }),
  bodyLimit: (max) => max * 4,
  responses: { 200: { description: 'echo' } },
  authorize: anyCaller,
  handle: ({ params, query, body, caller: who }) => json({ params, query, body, who }),
});

/** As Next calls a route: the request (its path percent-encoded) and the parameters Next decoded from it. */
const call = (handler: ReturnType<typeof route>, init: RequestInit & { url?: string; params?: Record<string, string> } = {}) =>
  handler(new Request(init.url ?? `http://localhost/api/v1/things/${encodeURIComponent(init.params?.name ?? 'a')}`, init), {
    params: Promise.resolve(init.params ?? { name: 'a' }),
  });

const bearer = { authorization: 'Bearer good', 'content-type': 'application/json' };

beforeEach(() => install());
afterEach(() => vi.restoreAllMocks());

describe('route()', () => {
  it('validates and hands params, query and body to the endpoint', async () => {
    const response = await call(route(echo), {
      method: 'POST',
      url: 'http://localhost/api/v1/things/a.b?n=3&flag=',
      params: { name: 'a.b' },
      headers: bearer,
      body: JSON.stringify({ value: 7, extra: true }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ params: { name: 'a.b' }, query: { n: 3 }, body: { value: 7 }, who: caller });
  });

  it('decodes each path segment exactly once, from the request URL', async () => {
    const response = await call(route(echo), { method: 'POST', url: 'http://localhost/api/v1/things/a%3Ab', params: { name: 'a:b' }, headers: bearer });
    expect((await response.json()).params).toEqual({ name: 'a:b' });
    // A name holding `%` (RabbitMQ allows it): Next hands `%41` decoded once; decoding again gave `A`.
    const anyName = endpoint({ ...echo, params: z.object({ name: z.string() }) });
    const percent = await call(route(anyName), { method: 'POST', url: 'http://localhost/api/v1/things/%2541', params: { name: '%41' }, headers: bearer });
    expect((await percent.json()).params).toEqual({ name: '%41' });
    const slash = await call(route(anyName), { method: 'POST', url: 'http://localhost/api/v1/things/a%252Fb', params: { name: 'a%2Fb' }, headers: bearer });
    expect((await slash.json()).params).toEqual({ name: 'a%2Fb' });
  });

  it('answers 503 unavailable while this process cannot confirm its hold on the active lock, before anything runs', async () => {
    let holds = false;
    install({ process: { id: 'p', activeSince: 0, tookOverFrom: null, holdsLock: () => holds } });
    const refused = await call(route(echo), { method: 'POST', headers: bearer, body: JSON.stringify({ value: 7 }) });
    expect(refused.status).toBe(503);
    expect((await refused.json()).error).toMatchObject({ code: 'unavailable', details: { reason: 'lease_unconfirmed' } });
    holds = true;
    expect((await call(route(echo), { method: 'POST', headers: bearer })).status).toBe(200);
  });

  it('reads an empty body as {} so optional bodies may be left out', async () => {
    const response = await call(route(echo), { method: 'POST', headers: { authorization: 'Bearer good' } });
    expect((await response.json()).body).toEqual({ value: 1 });
  });

  it('401 without credentials, with a wrong token, or with a malformed header', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer bad' }, { authorization: 'Basic Z29vZA==' }, { cookie: 'sb_session=forged' }];
    for (const headers of attempts) {
      const response = await call(route(echo), { method: 'POST', headers });
      expect(response.status).toBe(401);
      expect((await response.json()).error.code).toBe('unauthorized');
    }
  });

  it('accepts the session cookie from its own origin, and refuses it from another before anything runs', async () => {
    const cookie = `theme=dark; sb_session=${sessionCookie}`;
    const json = { cookie, 'content-type': 'application/json' };
    const response = await call(route(echo), { method: 'POST', headers: { ...json, origin: 'http://localhost' } });
    expect(response.status).toBe(200);
    const handle = vi.fn(echo.handle);
    const foreign = await call(route({ ...echo, handle }), { method: 'POST', headers: { ...json, origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).error).toMatchObject({ code: 'forbidden', details: { reason: 'cross_origin', origin: 'http://evil.example' } });
    expect(handle).not.toHaveBeenCalled();
  });

  it('checks credentials before validating input', async () => {
    const response = await call(route(echo), { method: 'POST', params: { name: 'BAD NAME' }, body: '{' });
    expect(response.status).toBe(401);
  });

  it('400 for malformed JSON, with no stack', async () => {
    const response = await call(route(echo), { method: 'POST', headers: bearer, body: '{"value": ' });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toMatch(/Malformed JSON/);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts/);
  });

  it('415 for a body that is not JSON', async () => {
    const response = await call(route(echo), {
      method: 'POST',
      headers: { authorization: 'Bearer good', 'content-type': 'text/plain' },
      body: '{"value": 1}',
    });
    expect(response.status).toBe(415);
    expect((await response.json()).error.code).toBe('unsupported_media_type');
  });

  it('accepts JSON media types with parameters or a +json suffix', async () => {
    for (const type of ['application/json; charset=utf-8', 'application/vnd.switchboard+json']) {
      const response = await call(route(echo), {
        method: 'POST',
        headers: { authorization: 'Bearer good', 'content-type': type },
        body: '{"value": 2}',
      });
      expect(response.status).toBe(200);
    }
  });

  it('413 for a body over the endpoint limit', async () => {
    const response = await call(route(echo), { method: 'POST', headers: bearer, body: JSON.stringify({ value: 1, pad: 'x'.repeat(100) }) });
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe('payload_too_large');
  });

  it('400 with located issues for invalid path, query and body', async () => {
    const bad = [
      { params: { name: 'UPPER' }, where: 'path' },
      { url: 'http://localhost/x?n=abc', where: 'query' },
      { body: '{"value": "seven"}', where: 'body' },
      { body: '[]', where: 'body' },
    ];
    for (const { where, ...init } of bad) {
      const response = await call(route(echo), { method: 'POST', headers: bearer, ...init });
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.error.details[0].in).toBe(where);
    }
  });

  it('lets public endpoints through without credentials', async () => {
    const open = endpoint({ ...echo, public: true, handle: ({ caller: who }) => json({ who }) });
    const response = await call(route(open), { method: 'POST' });
    expect(await response.json()).toEqual({ who: null });
  });

  it('maps errors the endpoint throws, and hides unexpected ones behind a 500', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const failing = (error: unknown) => endpoint({ ...echo, handle: () => Promise.reject(error) });
    const engineError = Object.assign(new Error("queue 'q' does not exist"), { name: 'EngineError', code: 'not_found' });
    expect((await call(route(failing(engineError)), { method: 'POST', headers: bearer })).status).toBe(404);
    const crash = await call(route(failing(new TypeError('x is undefined'))), { method: 'POST', headers: bearer });
    expect(crash.status).toBe(500);
    expect(await crash.json()).toEqual({ error: { code: 'internal_error', message: 'Internal server error' } });
  });

  it('503 when the services are not started', async () => {
    (globalThis as Record<symbol, unknown>)[Symbol.for('switchboard.services')] = undefined;
    const response = await call(route(echo), { method: 'POST', headers: bearer });
    expect(response.status).toBe(503);
  });

  it('does nothing for a client that left before its request was served, and hands handlers its signal', async () => {
    const handled: AbortSignal[] = [];
    const spy = endpoint({ ...echo, handle: ({ signal }) => (handled.push(signal), json({})) });
    const left = new AbortController();
    left.abort();
    await call(route(spy), { method: 'POST', headers: bearer, signal: left.signal });
    expect(handled).toEqual([]);
    const live = new AbortController();
    expect((await call(route(spy), { method: 'POST', headers: bearer, signal: live.signal })).status).toBe(200);
    expect(handled).toHaveLength(1);
    live.abort();
    expect(handled[0].aborted).toBe(true);
  });

  it('does not count as an unexpected error what a handler throws because its client left (a read it stopped)', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const leaving = new AbortController();
    const stopped = endpoint({
      ...echo,
      method: 'GET',
      body: undefined,
      handle: ({ signal }) =>
        new Promise<Response>((_, reject) => {
          signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
          leaving.abort();
        }),
    });
    const response = await call(route(stopped), { method: 'GET', headers: bearer, signal: leaving.signal });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'bad_request', details: { aborted: true } } });
    expect(logged).not.toHaveBeenCalled();
  });

  it('passes a 204 through', async () => {
    const empty = endpoint({ ...echo, handle: () => noContent() });
    const response = await call(route(empty), { method: 'POST', headers: bearer });
    expect(response.status).toBe(204);
  });
});

describe('notFoundRoute()', () => {
  it('answers JSON 404 for paths the API does not have', async () => {
    const response = await notFoundRoute()(new Request('http://localhost/api/v1/nope', { method: 'PATCH' }), { params: Promise.resolve({}) });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'No API route for PATCH /api/v1/nope' } });
  });
});
