/**
 * Every entry of the endpoint catalog is reachable at its plain path and (vhost-scoped ones) under
 * `/api/v1/vhosts/{vhost}`, with the contract's authentication, body limit, content type and error shapes. Runs in
 * the `api` project (server.ts's lean layer answers) and in `api-next` (Next's route files answer): the answers
 * expected are exact, so the two adapters give the same ones or one of the runs fails.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import type { Endpoint } from '../../lib/api/endpoint';
import { endpoints } from '../../lib/api/endpoints/catalog';
import { getOpenApi } from '../../lib/api/endpoints/openapi';

const DEFAULT_BODY_LIMIT = 1024 * 1024;
const UNAUTHORIZED = 'Authentication required: log in, or send Authorization: Bearer <API key> or Basic <user:password>';
const NOT_JSON = 'The request body must be JSON (content-type: application/json)';
/** next.config.mjs's headers, on every answer of either layer. */
const COMMON = { 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'same-origin' };

const entries: Endpoint[] = [...endpoints, getOpenApi];
const probe = `lean-probe-${randomUUID().slice(0, 8)}`;

/** Path parameters the entry's schema accepts, naming nothing that exists (so no call changes anything). */
function paramsFor(entry: Endpoint): Record<string, string> {
  const names = [...entry.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
  const candidates = [probe, '999999999', randomUUID()];
  for (const candidate of candidates) {
    const params = Object.fromEntries(names.map((name) => [name, candidate]));
    if (!entry.params || entry.params.safeParse(params).success) return params;
  }
  throw new Error(`no path parameters found that ${entry.operationId}'s schema accepts`);
}

/** The entry's paths: as documented, and under the default vhost's prefix when it is vhost-scoped. */
function pathsOf(entry: Endpoint): string[] {
  const params = paramsFor(entry);
  const path = entry.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name]));
  if (entry.server === '/') return [path];
  return entry.vhostScoped ? [`/api/v1${path}`, `/api/v1/vhosts/%2F${path}`] : [`/api/v1${path}`];
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/** One call; an event stream is left as soon as its head arrived. */
async function call(method: string, path: string, init: { token?: string; body?: string; type?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.type) headers['content-type'] = init.type;
  const controller = new AbortController();
  const response = await fetch(`${inject('baseUrl')}${path}`, { method, headers, body: init.body, signal: controller.signal });
  if ((response.headers.get('content-type') ?? '').includes('text/event-stream')) {
    controller.abort();
    return { status: response.status, headers: response.headers, text: '' };
  }
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** A request declaring a body over the limit, none of which is sent: the answer must come from the declaration. */
function declaredTooLarge(method: string, path: string, length: number): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(inject('baseUrl'));
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let data = Buffer.alloc(0);
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = data.subarray(0, end).toString('latin1');
      let body = data.subarray(end + 4);
      if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
        const text = body.toString('latin1');
        if (!text.includes('\r\n0\r\n\r\n') && !text.startsWith('0\r\n\r\n')) return;
        let rest = body;
        const parts: Buffer[] = [];
        for (;;) {
          const line = rest.indexOf('\r\n');
          const size = parseInt(rest.subarray(0, line).toString('latin1'), 16);
          if (size === 0) break;
          parts.push(rest.subarray(line + 2, line + 2 + size));
          rest = rest.subarray(line + 2 + size + 2);
        }
        body = Buffer.concat(parts);
      } else {
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (body.length < length) return;
        body = body.subarray(0, length);
      }
      socket.destroy();
      resolve({ status: Number(head.split(' ')[1]), body: body.toString('utf8') });
    });
    socket.write(
      `${method} ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${inject('token')}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`,
    );
  });
}

const errorOf = (answer: Answer) => JSON.parse(answer.text) as { error: { code: string; message: string } };

describe(`every catalog entry through the ${inject('apiLayer')} layer`, () => {
  it('answers 401 with the contract error to a caller without credentials (public entries excepted)', async () => {
    for (const entry of entries) {
      for (const path of pathsOf(entry)) {
        const answer = await call(entry.method, path);
        const what = `${entry.method} ${path}`;
        if (entry.public) {
          expect(answer.status, what).not.toBe(401);
          continue;
        }
        expect(answer.status, what).toBe(401);
        expect(answer.headers.get('content-type'), what).toContain('application/json');
        expect(answer.headers.get('www-authenticate'), what).toBe('Bearer realm="switchboard"');
        expect(answer.headers.get('cache-control'), what).toBe('no-store');
        expect(errorOf(answer), what).toEqual({ error: { code: 'unauthorized', message: UNAUTHORIZED } });
      }
    }
  });

  it('reaches every entry with the admin token: no route-not-found, no 405, no 5xx', async () => {
    for (const entry of entries) {
      for (const path of pathsOf(entry)) {
        // A body of the wrong type: refused before anything is done, after the route, the caller and the path are.
        const answer = await call(entry.method, path, { token: inject('token'), ...(entry.body ? { body: 'x', type: 'text/plain' } : {}) });
        const what = `${entry.method} ${path}: ${answer.text.slice(0, 200)}`;
        expect(answer.status, what).toBeLessThan(500);
        expect(answer.status, what).not.toBe(405);
        if (answer.status === 404) expect(errorOf(answer).error.message, what).not.toMatch(/^No API route|is not served at/);
        if (entry.body) {
          expect(answer.status, what).toBe(415);
          expect(errorOf(answer), what).toEqual({ error: { code: 'unsupported_media_type', message: NOT_JSON } });
        }
      }
    }
  });

  it('answers 413 with the contract error to a body declared over the entry limit', async () => {
    for (const entry of entries.filter((candidate) => candidate.body)) {
      const limit = entry.bodyLimit?.(inject('maxMessageBytes')) ?? DEFAULT_BODY_LIMIT;
      for (const path of pathsOf(entry)) {
        const answer = await declaredTooLarge(entry.method, path, limit + 1);
        expect(answer.status, `${entry.method} ${path}`).toBe(413);
        expect(JSON.parse(answer.body), `${entry.method} ${path}`).toEqual({
          error: { code: 'payload_too_large', message: `The request body is larger than ${limit} bytes` },
        });
      }
    }
  });

  it('answers paths no entry serves with the JSON 404 of the Next adapters, and sends the common headers', async () => {
    for (const [path, message] of [
      ['/api/v1/nothing-here', 'No API route for GET /api/v1/nothing-here'],
      ['/api/elsewhere', 'No API route for GET /api/elsewhere'],
      ['/api/v1/vhosts/%2F/nothing/here', 'No API route for GET /api/v1/vhosts/%2F/nothing/here'],
    ]) {
      const answer = await call('GET', path, { token: inject('token') });
      expect(answer.status, path).toBe(404);
      expect(errorOf(answer), path).toEqual({ error: { code: 'not_found', message } });
      for (const [name, value] of Object.entries(COMMON)) expect(answer.headers.get(name), `${path} ${name}`).toBe(value);
    }
    const health = await call('GET', '/api/v1/health');
    for (const [name, value] of Object.entries(COMMON)) expect(health.headers.get(name), name).toBe(value);
    // The layer this run meant to test is the one that answered (Next marks its answers Vary: rsc, ...).
    expect(health.headers.get('vary')?.includes('rsc') ?? false).toBe(inject('apiLayer') === 'next');
  });

  it('answers HEAD as GET without a body, and OPTIONS with the methods of the path', async () => {
    const head = await fetch(`${inject('baseUrl')}/api/v1/health`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toContain('application/json');
    expect(await head.text()).toBe('');
    const options = await fetch(`${inject('baseUrl')}/api/v1/queues/${probe}`, { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('DELETE, GET, HEAD, OPTIONS, PUT');
  });

  it("keeps the caller's address the server's own, even when the client sends one and its body is read", async () => {
    const user = `${probe}-login`;
    const login = await fetch(`${inject('baseUrl')}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-switchboard-peer': '203.0.113.9:1' },
      body: JSON.stringify({ user, password: 'not-the-password' }),
    });
    expect(login.status).toBe(401);
    const audit = await call('GET', `/api/v1/audit?user=${encodeURIComponent(user)}&action=login`, { token: inject('token') });
    const items = (JSON.parse(audit.text) as { events: { peer: string }[] }).events;
    expect(items.length, audit.text).toBeGreaterThan(0);
    for (const item of items) expect(item.peer).toMatch(/^127\.0\.0\.1:\d+$/);
  });
});

