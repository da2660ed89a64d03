/**
 * The BrokerBackend contract over HTTP: the same requests, the same answers, whether the path addresses the embedded
 * broker (`/vhosts/%2F/...`) or an attached three-node RabbitMQ cluster (`/clusters/{id}/vhosts/%2F/...`, with
 * TEST_RABBITMQ_CLUSTER; npm test starts one when RABBITMQ_CLUSTER_TESTS=1).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { backendTargets, testCluster } from './backend-targets';
import { api, enc, errorCode, sleep, unique } from './http';

const cluster = testCluster;
const targets = backendTargets('contract');

describe.each(targets)('queues on $name', (target) => {
  const path = (rest: string) => `${target.prefix}${rest}`;
  const names: string[] = [];
  const fresh = (label: string) => {
    const name = unique(`contract-${label}`);
    names.push(name);
    return name;
  };

  beforeAll(async () => target.setUp?.(), 60_000);
  afterAll(async () => {
    for (const name of names) await api('DELETE', path(`/queues/${enc(name)}`));
    await target.tearDown?.();
  });

  it('declares a queue: 201, then 200 for the same declaration, 409 for another', async () => {
    const name = fresh('declare');
    const body = { durable: true, arguments: { maxLength: 10, deadLetterExchange: 'amq.direct' } };
    const created = await api('PUT', path(`/queues/${enc(name)}`), { body });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ name, durable: true, autoDelete: false, exclusive: false, type: 'classic', arguments: { maxLength: 10, deadLetterExchange: 'amq.direct' } });
    const again = await api('PUT', path(`/queues/${enc(name)}`), { body });
    expect(again.status, again.text).toBe(200);
    const other = await api('PUT', path(`/queues/${enc(name)}`), { body: { ...body, durable: false } });
    expect(other.status, other.text).toBe(409);
    expect(errorCode(other)).toBe('precondition_failed');
  });

  it('publishes, counts what a purge removed exactly, and deletes on its conditions', async () => {
    const name = fresh('purge');
    expect((await api('PUT', path(`/queues/${enc(name)}`), { body: {} })).status).toBe(201);
    for (let i = 0; i < 3; i++) {
      const published = await api('POST', path(`/queues/${enc(name)}/messages`), { body: { payload: `message ${i}`, properties: { persistent: true } } });
      expect(published.status, published.text).toBe(200);
      expect(published.body).toMatchObject({ routed: true, queues: 1, messageId: expect.any(String) });
    }
    const notEmpty = await api('DELETE', path(`/queues/${enc(name)}?ifEmpty=true`));
    expect(notEmpty.status, notEmpty.text).toBe(409);
    const purged = await api('DELETE', path(`/queues/${enc(name)}/contents`));
    expect(purged.status, purged.text).toBe(200);
    expect(purged.body).toEqual({ purged: 3 });
    expect((await api('DELETE', path(`/queues/${enc(name)}?ifEmpty=true`))).status).toBe(204);
    expect(errorCode(await api('GET', path(`/queues/${enc(name)}`)))).toBe('not_found');
  });

  it('refuses a message a full reject-publish queue will not take, with 429 queue_full', async () => {
    const name = fresh('full');
    expect((await api('PUT', path(`/queues/${enc(name)}`), { body: { arguments: { maxLength: 1, overflow: 'reject-publish' } } })).status).toBe(201);
    expect((await api('POST', path(`/queues/${enc(name)}/messages`), { body: { payload: 'fits' } })).status).toBe(200);
    const refused = await api('POST', path(`/queues/${enc(name)}/messages`), { body: { payload: 'does not' } });
    expect(refused.status, refused.text).toBe(429);
    expect(errorCode(refused)).toBe('queue_full');
  });

  it('answers 404 for a queue that does not exist, whatever the verb', async () => {
    const name = unique('contract-missing');
    expect(errorCode(await api('GET', path(`/queues/${enc(name)}`)))).toBe('not_found');
    expect(errorCode(await api('DELETE', path(`/queues/${enc(name)}/contents`)))).toBe('not_found');
    expect(errorCode(await api('DELETE', path(`/queues/${enc(name)}`)))).toBe('not_found');
    expect(errorCode(await api('POST', path(`/queues/${enc(name)}/messages`), { body: { payload: 'x' } }))).toBe('not_found');
  });

  it('browses ready messages in order, and finds them by search', async () => {
    const name = fresh('browse');
    expect((await api('PUT', path(`/queues/${enc(name)}`), { body: {} })).status).toBe(201);
    for (const [id, payload] of [['m-1', 'first order'], ['m-2', 'second invoice']]) {
      const published = await api('POST', path(`/queues/${enc(name)}/messages`), { body: { payload, properties: { messageId: id, contentType: 'text/plain' } } });
      expect(published.body.messageId).toBe(id);
    }
    const page = await api('GET', path(`/queues/${enc(name)}/messages?limit=10${target.browse}`));
    expect(page.status, page.text).toBe(200);
    expect(page.body.items.map((m: { messageId: string; payload: string }) => [m.messageId, m.payload])).toEqual([['m-1', 'first order'], ['m-2', 'second invoice']]);
    expect(page.body.items[0]).toMatchObject({ exchange: '', routingKey: name, payloadEncoding: 'utf8', properties: { contentType: 'text/plain' } });
    const found = await api('GET', path(`/queues/${enc(name)}/messages?limit=10&search=INVOICE${target.browse}`));
    expect(found.body.items.map((m: { messageId: string }) => m.messageId)).toEqual(['m-2']);
    expect(found.body.scanned).toBe(2);
  });

  it('lists exchanges with the default one as amq.default, and bindings by destination and source', async () => {
    const exchanges = await api('GET', path('/exchanges'));
    expect(exchanges.status, exchanges.text).toBe(200);
    const byName = new Map(exchanges.body.map((exchange: { name: string }) => [exchange.name, exchange]));
    expect(byName.get('amq.default')).toMatchObject({ type: 'direct', durable: true });
    expect(byName.get('amq.topic')).toMatchObject({ type: 'topic', durable: true, internal: false, arguments: {} });
    const name = fresh('bound');
    expect((await api('PUT', path(`/queues/${enc(name)}`), { body: {} })).status).toBe(201);
    const toQueue = await api('GET', path(`/bindings?destination=${enc(name)}`));
    expect(toQueue.status, toQueue.text).toBe(200);
    expect(toQueue.body).toEqual([{ id: expect.any(String), source: 'amq.default', destination: name, destinationType: 'queue', routingKey: name, arguments: {} }]);
    expect((await api('GET', path('/bindings?source=amq.headers'))).body).toEqual([]);
    expect((await api('GET', path(`/bindings?source=${enc(unique('no-such-exchange'))}`))).body).toEqual([]);
  });

  it("answers a queue's chart series over a window, same-length arrays with consumer lag and time to drain", async () => {
    const name = fresh('charted');
    expect((await api('PUT', path(`/queues/${enc(name)}`), { body: {} })).status).toBe(201);
    const series = await api('GET', path(`/queues/${enc(name)}/metrics?windowMs=3600000`));
    expect(series.status, series.text).toBe(200);
    expect(series.body).toMatchObject({ source: '10s', windowMs: 3_600_000, stepMs: 10_000 });
    for (const field of ['ready', 'unacked', 'publish', 'deliver', 'ack', 'consumerLag', 'timeToDrainMs']) expect(series.body[field], field).toHaveLength(series.body.t.length);
    expect(series.body.t.length).toBe(360);
    expect(errorCode(await api('GET', path(`/queues/${enc(unique('no-such-queue'))}/metrics`)))).toBe('not_found');
  });

  it('lists queues by search, sorted by name, in pages that the server cuts', async () => {
    const prefix = unique('contract-page');
    for (const suffix of ['a', 'b', 'c']) {
      const name = `${prefix}-${suffix}`;
      names.push(name);
      expect((await api('PUT', path(`/queues/${enc(name)}`), { body: {} })).status).toBe(201);
    }
    const first = await api('GET', path(`/queues?search=${enc(prefix)}&sort=name&limit=2`));
    expect(first.status, first.text).toBe(200);
    expect(first.body.items.map((queue: { name: string }) => queue.name)).toEqual([`${prefix}-a`, `${prefix}-b`]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api('GET', path(`/queues?search=${enc(prefix)}&sort=name&limit=2&cursor=${enc(first.body.nextCursor)}`));
    expect(second.body.items.map((queue: { name: string }) => queue.name)).toEqual([`${prefix}-c`]);
    expect(second.body.nextCursor).toBeUndefined();
    const descending = await api('GET', path(`/queues?search=${enc(prefix)}&sort=-name&limit=10`));
    expect(descending.body.items.map((queue: { name: string }) => queue.name)).toEqual([`${prefix}-c`, `${prefix}-b`, `${prefix}-a`]);
  });
});

describe.runIf(cluster)('what an attached cluster cannot do yet', () => {
  let id: string;
  beforeAll(async () => {
    const attached = await api('POST', '/clusters', { body: { name: unique('unsupported'), ...cluster } });
    expect(attached.status, attached.text).toBe(201);
    id = attached.body.id;
  }, 60_000);
  afterAll(async () => {
    await api('DELETE', `/clusters/${id}`);
  });

  it('answers 409 not_supported with the reason, never 500 or 404', async () => {
    const answer = await api('POST', `/clusters/${id}/vhosts/%2F/queues/q/receive`, { body: {} });
    expect(answer.status, answer.text).toBe(409);
    expect(answer.body.error).toMatchObject({ code: 'not_supported', details: { operation: 'receive', reason: expect.any(String) } });
    const sorted = await api('GET', `/clusters/${id}/vhosts/%2F/queues?sort=oldestReadyAgeMs`);
    expect(sorted.status, sorted.text).toBe(409);
    expect(sorted.body.error.details.reason).toContain('oldest ready message');
  });

  it('browses a classic queue only when get-and-requeue is asked for, and says what it did', async () => {
    const name = unique('requeue');
    const queue = `/clusters/${id}/vhosts/%2F/queues/${enc(name)}`;
    expect((await api('PUT', queue, { body: {} })).status).toBe(201);
    try {
      expect((await api('POST', `${queue}/messages`, { body: { payload: 'one' } })).status).toBe(200);
      const refused = await api('GET', `${queue}/messages`);
      expect(refused.status, refused.text).toBe(409);
      expect(refused.body.error.details.reason).toContain('redelivered');
      const first = await api('GET', `${queue}/messages?getAndRequeue=true`);
      expect(first.body.items).toMatchObject([{ payload: 'one', redelivered: false }]);
      // What it says it does: the message came back, marked redelivered.
      const second = await api('GET', `${queue}/messages?getAndRequeue=true`);
      expect(second.body.items).toMatchObject([{ payload: 'one', redelivered: true }]);
      expect(errorCode(await api('GET', `${queue}/messages?getAndRequeue=true&cursor=2`))).toBe('bad_request');
      // Taking and requeueing changes the messages: a read-only key may not, nor count a replay that way.
      const created = await api('POST', '/api-keys', { body: { name: unique('read-only'), readOnly: true } });
      expect(created.status, created.text).toBe(201);
      expect((await api('GET', `${queue}/messages?getAndRequeue=true`, { token: created.body.key })).status).toBe(403);
      const preview = await api('POST', `${queue}/replay`, { body: { dryRun: true, to: { queue: name } }, token: created.body.key });
      expect(preview.status, preview.text).toBe(403);
      expect((await api('POST', `${queue}/replay`, { body: { dryRun: true, to: { queue: name } } })).body).toEqual({ count: 1 });
      await api('DELETE', `/api-keys/${created.body.id}`);
    } finally {
      await api('DELETE', queue);
    }
  });

  /** A new stream's API path on the attached cluster. */
  async function declaredStream(label: string): Promise<string> {
    const name = unique(label);
    const auth = { authorization: `Basic ${Buffer.from(`${cluster.username}:${cluster.password}`).toString('base64')}`, 'content-type': 'application/json' };
    // A stream is declared on RabbitMQ itself: the API's declarations are of the queue types both brokers have.
    const declared = await fetch(`${cluster.managementUrls[0]}/api/queues/%2F/${enc(name)}`, { method: 'PUT', headers: auth, body: JSON.stringify({ durable: true, arguments: { 'x-queue-type': 'stream' } }) });
    expect(declared.status).toBe(201);
    return `/clusters/${id}/vhosts/%2F/queues/${enc(name)}`;
  }

  it('reads a stream by offset, in pages, without taking anything', async () => {
    const queue = await declaredStream('stream');
    try {
      for (const payload of ['s-0', 's-1', 's-2']) expect((await api('POST', `${queue}/messages`, { body: { payload } })).status).toBe(200);
      const first = await api('GET', `${queue}/messages?limit=2`);
      expect(first.status, first.text).toBe(200);
      expect(first.body.items.map((m: { payload: string }) => m.payload)).toEqual(['s-0', 's-1']);
      const rest = await api('GET', `${queue}/messages?limit=2&cursor=${enc(first.body.nextCursor)}`);
      expect(rest.body.items.map((m: { payload: string }) => m.payload)).toEqual(['s-2']);
      expect(rest.body.nextCursor).toBeUndefined();
      const again = await api('GET', `${queue}/messages?limit=10`);
      expect(again.body.items).toMatchObject([{ payload: 's-0', redelivered: false }, { payload: 's-1' }, { payload: 's-2' }]);
    } finally {
      await api('DELETE', queue);
    }
  });

  it('reads a stream from a time, from the first chunk written since, without taking anything', async () => {
    const queue = await declaredStream('stream-since');
    try {
      expect((await api('POST', `${queue}/messages`, { body: { payload: 'earlier' } })).status).toBe(200);
      // A stream's chunks carry their time to the second: the time asked for is the next whole second after the first.
      const since = Math.ceil((Date.now() + 1) / 1000) * 1000;
      await sleep(since - Date.now() + 50);
      expect((await api('POST', `${queue}/messages`, { body: { payload: 'later' } })).status).toBe(200);
      const page = await api('GET', `${queue}/messages?since=${enc(new Date(since).toISOString())}`);
      expect(page.status, page.text).toBe(200);
      expect(page.body.items.map((m: { payload: string }) => m.payload)).toEqual(['later']);
      const all = await api('GET', `${queue}/messages`);
      expect(all.body.items).toMatchObject([{ payload: 'earlier', redelivered: false }, { payload: 'later', redelivered: false }]);
    } finally {
      await api('DELETE', queue);
    }
  });

  it('refuses to read a classic queue from a time: RabbitMQ does not record when a message entered it', async () => {
    const name = unique('classic-since');
    const queue = `/clusters/${id}/vhosts/%2F/queues/${enc(name)}`;
    expect((await api('PUT', queue, { body: {} })).status).toBe(201);
    try {
      const refused = await api('GET', `${queue}/messages?getAndRequeue=true&since=${enc(new Date().toISOString())}`);
      expect(refused.status, refused.text).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'not_supported', details: { field: 'since' } });
    } finally {
      await api('DELETE', queue);
    }
  });

  it("reads a quorum dead-letter queue once for a replay's preview, and not at all for a destination that does not exist", async () => {
    const base = `/clusters/${id}/vhosts/%2F/queues`;
    const dlq = unique('once-dlq');
    const work = unique('once-work');
    expect((await api('PUT', `${base}/${enc(dlq)}`, { body: { type: 'quorum' } })).status).toBe(201);
    expect((await api('PUT', `${base}/${enc(work)}`, { body: { arguments: { deadLetterExchange: '', deadLetterRoutingKey: dlq } } })).status).toBe(201);
    try {
      expect((await api('POST', `${base}/${enc(work)}/messages`, { body: { payload: 'late', properties: { expirationMs: 1 } } })).status).toBe(200);
      /** The times the message was given back, as the quorum queue counts them; this read is one more. */
      const returns = async () => {
        const page = await api('GET', `${base}/${enc(dlq)}/messages?getAndRequeue=true`);
        expect(page.body.items, page.text).toHaveLength(1);
        return Number(page.body.items[0].properties.headers?.['x-delivery-count'] ?? 0);
      };
      await vi.waitFor(async () => expect((await api('GET', `${base}/${enc(dlq)}`)).body.messagesReady).toBe(1), { timeout: 20_000, interval: 250 });
      const before = await returns();
      const preview = await api('POST', `${base}/${enc(dlq)}/replay`, { body: { dryRun: true } });
      expect(preview.body, preview.text).toEqual({ count: 1 });
      // Given back once by the read before, once by the preview: its plan serves the permission check and the count.
      const after = await returns();
      expect(after).toBe(before + 2);
      // A destination that does not exist is refused before the queue is read at all.
      const nowhere = await api('POST', `${base}/${enc(dlq)}/replay`, { body: { dryRun: true, to: { queue: unique('nowhere') } } });
      expect(nowhere.status, nowhere.text).toBe(404);
      expect(await returns()).toBe(after + 1);
    } finally {
      await api('DELETE', `${base}/${enc(dlq)}`);
      await api('DELETE', `${base}/${enc(work)}`);
    }
  });

  it('answers 404 for a cluster that is not attached and a vhost it does not have', async () => {
    expect(errorCode(await api('GET', '/clusters/c000000000000/vhosts/%2F/queues'))).toBe('not_found');
    expect(errorCode(await api('GET', `/clusters/${id}/vhosts/no-such-vhost/queues`))).toBe('not_found');
  });
});
