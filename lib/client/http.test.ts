import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { errorIssues } from './error-issues';
import { createHttp } from './http';
import { createSwitchboardClient } from './switchboard-client';

type Call = { url: string; init: RequestInit };

function fakeFetch(status: number, body?: unknown, contentType = 'application/json') {
  const calls: Call[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({ url: String(input), init });
    const text = body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(text, { status, headers: text === null ? {} : { 'content-type': contentType } });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

describe('createHttp', () => {
  it('sends JSON with the session cookie and a bearer token when given', async () => {
    const { fetch, calls } = fakeFetch(200, { ok: true });
    const http = createHttp({ baseUrl: 'http://sb.test/', token: 't0k', fetch });
    const response = await http<{ ok: boolean }>('/api/v1/x', { method: 'POST', body: { a: 1 }, query: { q: 'a b', skip: undefined } });
    expect(response).toEqual({ status: 200, body: { ok: true } });
    expect(calls[0]!.url).toBe('http://sb.test/api/v1/x?q=a+b');
    expect(calls[0]!.init.credentials).toBe('same-origin');
    expect(calls[0]!.init.body).toBe('{"a":1}');
    expect(calls[0]!.init.headers).toMatchObject({ authorization: 'Bearer t0k', 'content-type': 'application/json' });
  });

  it('sends every change as JSON, with no body too (the server refuses cookie changes of another type), and reads plainly', async () => {
    const { fetch, calls } = fakeFetch(204);
    const http = createHttp({ fetch });
    await http('/api/v1/queues/a/contents', { method: 'DELETE' });
    await http('/api/v1/jobs/j/pause', { method: 'POST' });
    await http('/api/v1/queues');
    expect(calls.map((call) => (call.init.headers as Record<string, string>)['content-type'])).toEqual(['application/json', 'application/json', undefined]);
    expect(calls[0]!.init.body).toBeUndefined();
  });

  it('throws ApiError with the code and message of the error body', async () => {
    const { fetch } = fakeFetch(409, { error: { code: 'precondition_failed', message: 'queue exists with other settings' } });
    const error = await createHttp({ fetch })('/api/v1/queues/a', { method: 'PUT', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'precondition_failed', message: 'queue exists with other settings' });
  });

  it('still gives a usable error when the body is not the contract shape', async () => {
    const { fetch } = fakeFetch(502, '<html>Bad gateway</html>', 'text/html');
    const error = await createHttp({ fetch })('/api/v1/health').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 502, code: 'http_error' });
    expect((error as ApiError).message).toContain('502');
  });

  it('reports an unreachable server as status 0', async () => {
    const fetch = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof globalThis.fetch;
    await expect(createHttp({ fetch })('/api/v1/health')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });
});

describe('createSwitchboardClient', () => {
  it('percent-encodes names and tells a new declaration from an identical one', async () => {
    const created = fakeFetch(201, { name: 'a b' });
    expect(await createSwitchboardClient({ fetch: created.fetch }).declareQueue('orders:eu/1', { durable: true })).toEqual({ created: true });
    expect(created.calls[0]!.url).toBe('/api/v1/queues/orders%3Aeu%2F1');
    expect(created.calls[0]!.init.method).toBe('PUT');

    const same = fakeFetch(200, {});
    expect(await createSwitchboardClient({ fetch: same.fetch }).declareQueue('a')).toEqual({ created: false });
  });

  it('accepts 204 answers without a body', async () => {
    const { fetch, calls } = fakeFetch(204);
    await createSwitchboardClient({ fetch }).createSession('ann', 'secret');
    expect(calls[0]!.init.body).toBe('{"user":"ann","password":"secret"}');
  });

  it('puts the resources of a vhost under /vhosts/{vhost}, asking for the vhost at each call', async () => {
    const { fetch, calls } = fakeFetch(200, []);
    let vhost = '/';
    const client = createSwitchboardClient({ fetch, vhost: () => vhost });
    await client.listExchanges();
    vhost = 'shop eu';
    await client.listBindings({ source: 'orders' });
    await client.getJob('j1');
    await client.listConnections();
    await client.whoami();
    expect(calls.map((c) => c.url)).toEqual([
      '/api/v1/vhosts/%2F/exchanges',
      '/api/v1/vhosts/shop%20eu/bindings?source=orders',
      '/api/v1/vhosts/shop%20eu/jobs/j1',
      '/api/v1/connections',
      '/api/v1/whoami',
    ]);
    expect(client.eventsPath()).toBe('/api/v1/vhosts/shop%20eu/events');
    expect(createSwitchboardClient({ fetch }).eventsPath()).toBe('/api/v1/events');
  });

  it("addresses an attached cluster's vhost when the broker switch chose one, its connections included", async () => {
    const { fetch, calls } = fakeFetch(200, []);
    let cluster: string | undefined = 'c1';
    const client = createSwitchboardClient({ fetch, vhost: () => 'shop', cluster: () => cluster });
    await client.listConnections();
    await client.getConnection('127.0.0.1:5000 -> 127.0.0.1:5672');
    cluster = undefined;
    await client.listConnections();
    expect(calls.map((c) => c.url)).toEqual([
      '/api/v1/clusters/c1/vhosts/shop/connections',
      '/api/v1/clusters/c1/vhosts/shop/connections/127.0.0.1%3A5000%20-%3E%20127.0.0.1%3A5672',
      '/api/v1/connections',
    ]);
  });

  it('asks for get-and-requeue only when told to, on the cluster in scope', async () => {
    const { fetch, calls } = fakeFetch(200, { items: [], scanned: 0, ready: 0 });
    const client = createSwitchboardClient({ fetch, vhost: () => '/', cluster: () => 'c1' });
    await client.peekMessages('orders', { limit: 100, search: 'eu', getAndRequeue: true });
    await client.peekMessages('orders', { cursor: 'abc', getAndRequeue: false });
    await client.peekMessages('orders');
    expect(calls.map((c) => c.url)).toEqual([
      '/api/v1/clusters/c1/vhosts/%2F/queues/orders/messages?limit=100&search=eu&getAndRequeue=true',
      '/api/v1/clusters/c1/vhosts/%2F/queues/orders/messages?cursor=abc',
      '/api/v1/clusters/c1/vhosts/%2F/queues/orders/messages',
    ]);
  });

  it('links audit downloads with the filters and the format, never a cursor', () => {
    const client = createSwitchboardClient();
    expect(client.auditDownloadPath({ user: 'ann', outcome: 'denied', since: 1000 }, 'csv')).toBe('/api/v1/audit?user=ann&outcome=denied&since=1000&format=csv');
  });
});

describe('errorIssues', () => {
  it('reads zod-style issue lists and flattened field errors', () => {
    const issues = new ApiError({
      status: 400,
      code: 'bad_request',
      message: 'Invalid body',
      details: [{ path: ['arguments', 'messageTtlMs'], message: 'Too small' }, 'plain'],
    });
    expect(errorIssues(issues)).toEqual(['arguments.messageTtlMs: Too small', 'plain']);
    const flat = new ApiError({ status: 400, code: 'bad_request', message: 'x', details: { fieldErrors: { name: ['Required'] } } });
    expect(errorIssues(flat)).toEqual(['name: Required']);
    expect(errorIssues(new Error('x'))).toEqual([]);
  });
});
