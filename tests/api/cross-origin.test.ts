/**
 * Cross-origin requests (CSRF) against the real server: with the console's session cookie alone, a page on another
 * origin cannot replay dead letters, lease messages, import definitions or purge, and nothing changes; the console's
 * own requests (same origin, JSON) and API keys still do all of it.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { api, bind, declareExchange, declareQueue, enc, send, unique, url } from './http';

let cookie: string;

beforeAll(async () => {
  const login = await api('POST', '/session', { token: null, body: { user: 'admin', password: inject('token') } });
  expect(login.status, login.text).toBe(204);
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
});

const JSON_TYPE = { 'content-type': 'application/json' };
/** What another site's page, a sibling's form, or a script holding only the cookie can make a browser send. */
const hostile = (): Array<[string, Record<string, string>]> => [
  ['a foreign Origin', { cookie, origin: 'http://evil.example', ...JSON_TYPE }],
  ['another port of the same host', { cookie, origin: inject('baseUrl').replace(/:\d+$/, ':1'), ...JSON_TYPE }],
  ['Sec-Fetch-Site cross-site', { cookie, 'sec-fetch-site': 'cross-site', ...JSON_TYPE }],
  ['Sec-Fetch-Site same-site', { cookie, 'sec-fetch-site': 'same-site', origin: inject('baseUrl'), ...JSON_TYPE }],
  ['text/plain from its own origin', { cookie, origin: inject('baseUrl'), 'content-type': 'text/plain' }],
  ['no content type from its own origin', { cookie, origin: inject('baseUrl') }],
  ['nothing that shows where it comes from', { cookie, ...JSON_TYPE }],
];
/** The console's own requests: browsers send Origin (and, over HTTPS or on localhost, Sec-Fetch-Site). */
const consoleLike = () => [
  { cookie, origin: inject('baseUrl'), ...JSON_TYPE },
  { cookie, 'sec-fetch-site': 'same-origin', origin: inject('baseUrl'), ...JSON_TYPE },
];

async function refusedEach(method: string, path: string, body?: unknown) {
  for (const [what, headers] of hostile()) {
    const answer = await api(method, path, { token: null, headers, ...(body !== undefined && headers['content-type'] ? { raw: JSON.stringify(body) } : {}) });
    expect(answer.status, `${what}: ${answer.text}`).toBe(403);
    expect(answer.body.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('session cookie'), details: { reason: expect.any(String) } });
  }
}

const queueOf = async (name: string) => (await api('GET', `/queues/${enc(name)}`)).body;

async function deadLetterQueue(count: number) {
  const dlx = unique('xo-dlx');
  const work = unique('xo-work');
  const dlq = unique('xo-dlq');
  await declareExchange(dlx, 'fanout');
  await declareQueue(dlq);
  await bind(dlx, dlq);
  await declareQueue(work, { arguments: { deadLetterExchange: dlx } });
  for (let i = 0; i < count; i++) await send(work, `p-${i}`);
  const leased = await api('POST', `/queues/${enc(work)}/receive`, { body: { max: count } });
  const tags = leased.body.messages.map((m: { deliveryTag: string }) => m.deliveryTag);
  expect((await api('POST', `/queues/${enc(work)}/nack`, { body: { deliveryTags: tags, requeue: false } })).body).toEqual({ nacked: count });
  return { work, dlq };
}

describe('cross-origin requests with the session cookie', () => {
  it('replay: refused from elsewhere, nothing moves; works from the console and with an API key', async () => {
    const { work, dlq } = await deadLetterQueue(3);
    await refusedEach('POST', `/queues/${enc(dlq)}/replay`, {});
    expect((await queueOf(dlq)).messagesReady).toBe(3);
    expect((await api('GET', `/jobs?queue=${enc(dlq)}`)).body).toEqual([]);

    const fromConsole = await api('POST', `/queues/${enc(dlq)}/replay`, { token: null, headers: consoleLike()[0], body: { dryRun: true } });
    expect(fromConsole.status, fromConsole.text).toBe(200);
    expect(fromConsole.body).toEqual({ count: 3 });
    const started = await api('POST', `/queues/${enc(dlq)}/replay`, { token: null, headers: consoleLike()[1], body: {} });
    expect(started.status, started.text).toBe(202);
    const job = (await api('GET', `/jobs/${enc(started.body.jobId)}`)).body;
    expect(job).toMatchObject({ id: started.body.jobId });
    const withKey = await api('POST', `/queues/${enc(dlq)}/replay`, { headers: { origin: 'http://evil.example' }, body: { dryRun: true } });
    expect(withKey.status, withKey.text).toBe(200);
    for (let i = 0; i < 100 && (await queueOf(work)).messagesReady < 3; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await queueOf(work)).messagesReady).toBe(3);
  });

  it('lease (receive and the event stream): refused from elsewhere, nothing leased; works from the console and with an API key', async () => {
    const queue = unique('xo-lease');
    await declareQueue(queue);
    await send(queue, 'one');
    await send(queue, 'two');
    await refusedEach('POST', `/queues/${enc(queue)}/receive`, { max: 1 });
    // The event stream is a GET that leases: an <img> or EventSource elsewhere must not open it with the cookie.
    const elsewhere: Array<Record<string, string>> = [{ cookie }, { cookie, 'sec-fetch-site': 'cross-site' }, { cookie, origin: 'http://evil.example' }];
    for (const headers of elsewhere) {
      const stream = await fetch(url(`/queues/${enc(queue)}/subscribe`), { headers: { ...headers, accept: 'text/event-stream' } });
      expect(stream.status, JSON.stringify(headers)).toBe(403);
      expect((await stream.json()).error.code).toBe('forbidden');
    }
    expect(await queueOf(queue)).toMatchObject({ messagesReady: 2, messagesUnacked: 0 });

    const fromConsole = await api('POST', `/queues/${enc(queue)}/receive`, { token: null, headers: consoleLike()[0], body: { max: 1 } });
    expect(fromConsole.status, fromConsole.text).toBe(200);
    expect(fromConsole.body.messages).toHaveLength(1);
    const stream = await fetch(url(`/queues/${enc(queue)}/subscribe`), { headers: { cookie, 'sec-fetch-site': 'same-origin', accept: 'text/event-stream' } });
    expect(stream.status).toBe(200);
    await stream.body?.cancel();
    const withKey = await api('POST', `/queues/${enc(queue)}/receive`, { headers: { 'sec-fetch-site': 'cross-site' }, body: { max: 1 } });
    expect(withKey.status, withKey.text).toBe(200);
  });

  it('definitions import: refused from elsewhere, nothing declared; works from the console and with an API key', async () => {
    const [a, b, c] = [unique('xo-def'), unique('xo-def'), unique('xo-def')];
    const definitions = (name: string) => ({ queues: [{ name, vhost: '/', durable: true, auto_delete: false, arguments: {} }] });
    await refusedEach('POST', '/definitions', definitions(a));
    expect((await api('GET', `/queues/${enc(a)}`)).status).toBe(404);

    const fromConsole = await api('POST', '/definitions', { token: null, headers: consoleLike()[1], body: definitions(b) });
    expect(fromConsole.status, fromConsole.text).toBe(200);
    expect((await api('GET', `/queues/${enc(b)}`)).status).toBe(200);
    const withKey = await api('POST', '/definitions', { headers: { origin: 'http://evil.example' }, body: definitions(c) });
    expect(withKey.status, withKey.text).toBe(200);
    expect((await api('GET', `/queues/${enc(c)}`)).status).toBe(200);
  });

  it('purge: refused from elsewhere, nothing purged; works from the console (body-less DELETE as JSON) and with an API key', async () => {
    const queue = unique('xo-purge');
    await declareQueue(queue);
    await send(queue, 'one');
    await refusedEach('DELETE', `/queues/${enc(queue)}/contents`);
    expect((await queueOf(queue)).messagesReady).toBe(1);

    const fromConsole = await api('DELETE', `/queues/${enc(queue)}/contents`, { token: null, headers: consoleLike()[0] });
    expect(fromConsole.status, fromConsole.text).toBe(200);
    expect(fromConsole.body).toEqual({ purged: 1 });
    await send(queue, 'two');
    const withKey = await api('DELETE', `/queues/${enc(queue)}/contents`, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(withKey.body).toEqual({ purged: 1 });
  });

  it('a login from another site is refused (login CSRF); from a script or the console it works', async () => {
    const body = { user: 'admin', password: inject('token') };
    const foreign = await api('POST', '/session', { token: null, headers: { origin: 'http://evil.example' }, body });
    expect(foreign.status, foreign.text).toBe(403);
    expect(foreign.headers.get('set-cookie')).toBeNull();
    expect((await api('POST', '/session', { token: null, headers: { origin: inject('baseUrl') }, body })).status).toBe(204);
  });

  it('reads stay open to the cookie alone (a cross-origin page cannot read the answer without CORS)', async () => {
    const answer = await api('GET', '/whoami', { token: null, headers: { cookie, 'sec-fetch-site': 'cross-site' } });
    expect(answer.status).toBe(200);
  });
});
