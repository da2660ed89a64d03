/**
 * @module The management client against local HTTP servers that play good, bad and partial management APIs (refused,
 * silent, HTML, 401, 503). Against a real three-node cluster, with one node stopped: scripts/rabbitmq-cluster.test.mjs.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManagementClient, ManagementError, vhostPath } from './management-client';

const USERNAME = 'opérateur';
const PASSWORD = 'pässwörd-Zq7-not-in-messages';
const EXPECTED_AUTH = `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`, 'utf8').toString('base64')}`;

interface Fixture {
  url: string;
  requests: Array<{ method: string; url: string; body: string }>;
  server: Server;
}

const servers: Server[] = [];

async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<Fixture> {
  const requests: Fixture['requests'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A management API as RabbitMQ 3.x answers it, optionally under a path prefix. */
function goodApi(req: IncomingMessage, res: ServerResponse) {
  if (req.headers.authorization !== EXPECTED_AUTH) return json(res, 401, { error: 'not_authorized', reason: 'Login failed' });
  const path = (req.url ?? '').replace(/^\/rabbit(?=\/)/, '');
  const route = `${req.method} ${path}`;
  if (route === 'GET /api/overview') return json(res, 200, { rabbitmq_version: '3.13.7', cluster_name: 'rabbit@one', management_version: '3.13.7' });
  if (route === 'GET /api/whoami') return json(res, 200, { name: USERNAME, tags: ['administrator'] });
  if (route === 'GET /api/nodes') {
    return json(res, 200, [
      {
        name: 'rabbit@one', running: true, mem_alarm: false, disk_free_alarm: true, partitions: ['rabbit@two'], uptime: 123_456,
        applications: [{ name: 'rabbit_common', version: '3.13.7' }, { name: 'rabbit', description: 'RabbitMQ', version: '3.13.7' }],
        mem_used: 90_000_000, mem_limit: 800_000_000, disk_free: 4_000_000, disk_free_limit: 50_000_000, fd_used: 40, fd_total: 1024,
      },
      { name: 'rabbit@two', running: false, partitions: [] },
    ]);
  }
  if (route === 'PUT /api/queues/%2F/orders') return res.writeHead(201).end();
  if (route === 'DELETE /api/queues/%2F/orders') return res.writeHead(204).end();
  if (route === 'POST /api/exchanges/%2F/amq.default/publish') return json(res, 200, { routed: true });
  if (route === 'PUT /api/queues/%2F/bad') return json(res, 400, { error: 'bad_request', reason: 'inequivalent arg durable' });
  if (route === 'GET /api/health/checks/alarms') return json(res, 503, { status: 'failed', reason: 'resource alarm(s) in effect' });
  return json(res, 404, { error: 'Object Not Found', reason: 'Not Found' });
}

let good: Fixture;
let unauthorized: Fixture;
let html: Fixture;
let silent: Fixture;
let unavailable: Fixture;
let notJson: Fixture;
let refusedUrl: string;

beforeAll(async () => {
  good = await serve(goodApi);
  unauthorized = await serve((_req, res) => {
    res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="RabbitMQ Management"' });
    res.end(JSON.stringify({ error: 'not_authorized', reason: 'Login failed' }));
  });
  html = await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Welcome to nginx!</title>'));
  silent = await serve(() => {}); // accepts, reads the request, never answers
  unavailable = await serve((_req, res) => res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>503 Service Unavailable</h1>'));
  notJson = await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('hello'));
  const closed = await serve(() => {});
  refusedUrl = closed.url;
  servers.splice(servers.indexOf(closed.server), 1);
  await new Promise((resolve) => closed.server.close(resolve));
});

afterAll(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

beforeEach(() => {
  for (const fixture of [good, unauthorized, html, silent, unavailable, notJson]) fixture.requests.length = 0;
});

function client(urls: string[], timeoutMs = 200) {
  return new ManagementClient({ urls, username: USERNAME, password: PASSWORD, timeoutMs });
}

async function failure(promise: Promise<unknown>): Promise<ManagementError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ManagementError);
  const managementError = error as ManagementError;
  seenErrors.push(managementError);
  return managementError;
}

/** Every error the tests saw, checked at the end for the password. */
const seenErrors: ManagementError[] = [];

describe('ManagementClient, failover', () => {
  it('goes past a refused port and a silent one to the good URL, and tries the good one first next time', async () => {
    const c = client([refusedUrl, silent.url, good.url]);
    expect(c.currentUrl).toBe(refusedUrl);
    const overview = await c.overview();
    expect(overview).toEqual({ rabbitmqVersion: '3.13.7', clusterName: 'rabbit@one', managementVersion: '3.13.7' });
    expect(silent.requests).toHaveLength(1);
    expect(c.currentUrl).toBe(good.url);

    await c.whoami();
    expect(silent.requests).toHaveLength(1); // did not wait on the silent one again
    expect(good.requests.map((r) => r.url)).toEqual(['/api/overview', '/api/whoami']);
  });

  it('moves on past a 503 from a proxy', async () => {
    const c = client([unavailable.url, good.url]);
    expect((await c.whoami()).name).toBe(USERNAME);
    expect(unavailable.requests).toHaveLength(1);
    expect(c.currentUrl).toBe(good.url);
  });

  it('reports every URL when none answers', async () => {
    const error = await failure(client([refusedUrl, silent.url]).overview());
    expect(error.code).toBe('unreachable');
    expect(error.message).toBe(`no management URL answered: ${refusedUrl}: ECONNREFUSED; ${silent.url}: timed out after 200 ms`);
    expect(error.details?.failures).toHaveLength(2);
  });

  it('does not retry a 401 on the other URLs', async () => {
    const c = client([unauthorized.url, good.url]);
    const error = await failure(c.overview());
    expect(error).toMatchObject({ code: 'unauthorized', status: 401, url: unauthorized.url });
    expect(error.message).toBe(`The management API at ${unauthorized.url} refused the credentials (401): Login failed`);
    expect(good.requests).toHaveLength(0);
    expect(c.currentUrl).toBe(unauthorized.url);
  });

  it('does not send a POST elsewhere after a timeout, since RabbitMQ may have acted on it', async () => {
    const c = client([silent.url, good.url]);
    const error = await failure(c.post('/api/exchanges/%2F/amq.default/publish', { routing_key: 'q', payload: 'x' }));
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain('the POST may have been applied');
    expect(good.requests).toHaveLength(0);
    // ...but does after a refused connection.
    expect(await client([refusedUrl, good.url]).post('/api/exchanges/%2F/amq.default/publish', { routing_key: 'q' })).toEqual({ routed: true });
  });
});

describe('ManagementClient, answers that are not the management API', () => {
  it('calls HTML not_management_api', async () => {
    const c = client([html.url, good.url]);
    const error = await failure(c.overview());
    expect(error).toMatchObject({ code: 'not_management_api', status: 200, url: html.url });
    expect(error.message).toBe(`${html.url} answered HTML, not RabbitMQ's management API`);
    expect(good.requests).toHaveLength(0);
  });

  it('calls a 200 that is not JSON not_management_api', async () => {
    const error = await failure(client([notJson.url]).get('/api/overview'));
    expect(error.code).toBe('not_management_api');
  });

  it('calls JSON without rabbitmq_version not_management_api', async () => {
    const other = await serve((_req, res) => json(res, 200, { hello: 'world' }));
    const error = await failure(client([other.url]).overview());
    expect(error.code).toBe('not_management_api');
    expect(error.message).toContain('rabbitmq_version');
  });
});

describe('ManagementClient, timeouts and aborts', () => {
  it("stops at once on the caller's abort, without trying the other URLs", async () => {
    const c = client([silent.url, good.url], 10_000);
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    await expect(c.get('/api/overview', controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(good.requests).toHaveLength(0);
  });

  it('does not start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(client([good.url]).get('/api/overview', controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(good.requests).toHaveLength(0);
  });

  it('bounds a body that never ends', async () => {
    const stalling = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"rabbitmq_version":');
    });
    const c = client([stalling.url, good.url]);
    expect((await c.overview()).rabbitmqVersion).toBe('3.13.7');
  });
});

describe('ManagementClient, requests', () => {
  it('sends UTF-8 basic auth, keeps a path prefix and tolerates a trailing slash', async () => {
    const c = client([`${good.url}/rabbit/`]);
    expect(c.currentUrl).toBe(`${good.url}/rabbit`);
    expect((await c.whoami()).tags).toEqual(['administrator']);
    expect(good.requests[0].url).toBe('/rabbit/api/whoami');
  });

  it('maps /api/nodes', async () => {
    expect(await client([good.url]).nodes()).toEqual([
      {
        name: 'rabbit@one', running: true, memoryAlarm: false, diskAlarm: true, partitions: ['rabbit@two'], version: '3.13.7', uptimeMs: 123_456,
        memoryUsedBytes: 90_000_000, memoryLimitBytes: 800_000_000, diskFreeBytes: 4_000_000, diskFreeLimitBytes: 50_000_000, fdUsed: 40, fdTotal: 1024,
      },
      {
        name: 'rabbit@two', running: false, memoryAlarm: false, diskAlarm: false, partitions: [], version: null, uptimeMs: null,
        memoryUsedBytes: null, memoryLimitBytes: null, diskFreeBytes: null, diskFreeLimitBytes: null, fdUsed: null, fdTotal: null,
      },
    ]);
  });

  it('puts and deletes with the vhost encoded, sending JSON', async () => {
    const c = client([good.url]);
    await c.put(`/api/queues/${vhostPath('/')}/orders`, { durable: true });
    await c.delete(`/api/queues/${vhostPath('/')}/orders`);
    expect(good.requests.map((r) => `${r.method} ${r.url} ${r.body}`)).toEqual([
      'PUT /api/queues/%2F/orders {"durable":true}',
      'DELETE /api/queues/%2F/orders ',
    ]);
  });

  it("puts RabbitMQ's reason in the message of a rejection, and calls a 404 not_found", async () => {
    const c = client([good.url]);
    const rejected = await failure(c.put('/api/queues/%2F/bad', { durable: false }));
    expect(rejected).toMatchObject({ code: 'rejected', status: 400, details: { reason: 'inequivalent arg durable' } });
    expect(rejected.message).toContain('inequivalent arg durable');
    const missing = await failure(c.get('/api/queues/%2F/nope'));
    expect(missing).toMatchObject({ code: 'not_found', status: 404 });
  });

  it('keeps a failed health check on the node that failed it', async () => {
    const other = await serve(goodApi);
    const error = await failure(client([good.url, other.url]).get('/api/health/checks/alarms'));
    expect(error).toMatchObject({ code: 'rejected', status: 503, url: good.url });
    expect(other.requests).toHaveLength(0);
  });

  it('accepts only http and https URLs, without credentials', () => {
    const make = (url: string) => () => new ManagementClient({ urls: [url], username: 'u', password: 'hunter2' });
    expect(make('amqp://127.0.0.1:5672')).toThrow(/must use http: or https:, not amqp:/);
    expect(make('ftp://127.0.0.1')).toThrow(/must use http: or https:/);
    expect(make('not a url')).toThrow(/not a URL/);
    expect(make('http://u:hunter2@127.0.0.1:15672')).toThrow(/must not carry credentials/);
    expect(make('http://u:hunter2@127.0.0.1:15672')).not.toThrow(/hunter2/);
    expect(() => new ManagementClient({ urls: [], username: 'u', password: 'p' })).toThrow(/at least one/);
  });

  it("encodes vhosts as one path segment, '/' as %2F", () => {
    expect(vhostPath('/')).toBe('%2F');
    expect(vhostPath('a/b c')).toBe('a%2Fb%20c');
  });

  it('never puts the password in an error', () => {
    expect(seenErrors.length).toBeGreaterThan(8);
    for (const error of seenErrors) {
      expect(`${error.message} ${String(error)} ${JSON.stringify(error.details)} ${error.url}`).not.toContain(PASSWORD);
      expect(error.message).not.toContain(Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64'));
    }
  });
});
