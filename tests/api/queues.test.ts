import { describe, expect, inject, it } from 'vitest';
import { api, declareQueue, enc, errorCode, receive, send, unique, url } from './http';

const rates = { publish: expect.any(Number), deliver: expect.any(Number), ack: expect.any(Number), redeliver: expect.any(Number), deadLetter: expect.any(Number) };

describe('queues', () => {
  it('declares: 201 created with stats, 200 identical, 409 different', async () => {
    const name = unique('q');
    const args = { messageTtlMs: 60_000, maxLength: 100, overflow: 'drop-head', maxPriority: 5, deadLetterExchange: '', deadLetterRoutingKey: 'dead' };
    const created = await api('PUT', `/queues/${enc(name)}`, { body: { arguments: args } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      name,
      durable: true,
      autoDelete: false,
      exclusive: false,
      type: 'classic',
      arguments: args,
      messagesReady: 0,
      messagesUnacked: 0,
      messages: 0,
      bytesReady: 0,
      consumers: 0,
      oldestReadyAgeMs: null,
      rates,
    });
    const again = await api('PUT', `/queues/${enc(name)}`, { body: { durable: true, arguments: args } });
    expect(again.status).toBe(200);
    const different = await api('PUT', `/queues/${enc(name)}`, { body: { arguments: { ...args, maxLength: 101 } } });
    expect(different.status).toBe(409);
    expect(errorCode(different)).toBe('precondition_failed');
    const get = await api('GET', `/queues/${enc(name)}`);
    expect(get.body).toEqual({ ...created.body, rates });
  });

  it('accepts amq.default as the dead-letter exchange', async () => {
    const created = await api('PUT', `/queues/${enc(unique('q-dlx'))}`, { body: { arguments: { deadLetterExchange: 'amq.default' } } });
    expect(created.status).toBe(201);
  });

  it('400 for invalid names and arguments, with details', async () => {
    // Names are any UTF-8 of 1–255 bytes (tests/api/names.test.ts): only these are not.
    for (const name of ['amq.reserved', 'ü'.repeat(128), 'x'.repeat(256)]) {
      const answer = await api('PUT', `/queues/${enc(name)}`, { body: {} });
      expect(answer.status, name).toBe(400);
    }
    const name = unique('q-bad');
    for (const args of [
      { maxPriority: 0 },
      { maxPriority: 256 },
      { expiresMs: 0 },
      { maxLength: -1 },
      { messageTtlMs: 1.5 },
      { overflow: 'drop-tail' },
      { deadLetterExchange: 'amq.nope' },
      { 'x-message-ttl': 1000 },
      { maxLength: '10' },
      { deliveryLimit: 0 },
    ]) {
      const answer = await api('PUT', `/queues/${enc(name)}`, { body: { arguments: args } });
      expect(answer.status, JSON.stringify(args)).toBe(400);
      expect(answer.body.error.details[0]).toMatchObject({ in: 'body', path: expect.arrayContaining(['arguments']) });
    }
    expect((await api('PUT', `/queues/${enc(name)}`, { body: { durable: 1 } })).status).toBe(400);
    expect((await api('GET', `/queues/${enc(name)}`)).status).toBe(404);
  });

  it('404 for an unknown queue on every queue route', async () => {
    const name = unique('missing');
    const routes: [string, string, unknown?][] = [
      ['GET', `/queues/${name}`],
      ['DELETE', `/queues/${name}`],
      ['DELETE', `/queues/${name}/contents`],
      ['GET', `/queues/${name}/messages`],
      ['POST', `/queues/${name}/messages`, { payload: 'x' }],
      ['POST', `/queues/${name}/receive`, {}],
      ['POST', `/queues/${name}/ack`, { deliveryTags: ['t'] }],
      ['POST', `/queues/${name}/nack`, { deliveryTags: ['t'] }],
    ];
    for (const [method, path, body] of routes) {
      const answer = await api(method, path, { body });
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(errorCode(answer)).toBe('not_found');
    }
    const sse = await fetch(url(`/queues/${name}/subscribe`), { headers: { authorization: `Bearer ${inject('token')}` } });
    expect(sse.status).toBe(404);
    expect(await sse.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('lists with search, sort and cursor pages', async () => {
    const tag = unique('list');
    const names = ['c', 'a', 'b', 'd'].map((suffix) => `${tag}-${suffix}`);
    for (const name of names) await declareQueue(name);
    await send(`${tag}-d`, 'one');
    await send(`${tag}-d`, 'two');
    await send(`${tag}-a`, 'one');

    const first = await api('GET', `/queues?search=${tag.toUpperCase()}&limit=3`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((q: { name: string }) => q.name)).toEqual([`${tag}-a`, `${tag}-b`, `${tag}-c`]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api('GET', `/queues?search=${tag}&limit=3&cursor=${enc(first.body.nextCursor)}`);
    expect(second.body.items.map((q: { name: string }) => q.name)).toEqual([`${tag}-d`]);
    expect(second.body.nextCursor).toBeUndefined();

    const byMessages = await api('GET', `/queues?search=${tag}&sort=-messages`);
    expect(byMessages.body.items.map((q: { name: string; messages: number }) => [q.name, q.messages])).toEqual([
      [`${tag}-d`, 2],
      [`${tag}-a`, 1],
      [`${tag}-b`, 0],
      [`${tag}-c`, 0],
    ]);
    const empty = await api('GET', `/queues?search=&sort=&limit=&cursor=`);
    expect(empty.status).toBe(200);
    for (const query of ['sort=size', 'limit=0', 'limit=abc', 'cursor=garbage']) {
      const answer = await api('GET', `/queues?${query}`);
      expect(answer.status, query).toBe(400);
    }
  });

  it('deletes: 409 with ifEmpty while it holds messages, 204 otherwise', async () => {
    const name = unique('q-del');
    await declareQueue(name);
    await send(name, 'still here');
    const refused = await api('DELETE', `/queues/${enc(name)}?ifEmpty=true`);
    expect(refused.status).toBe(409);
    expect(errorCode(refused)).toBe('precondition_failed');
    const deleted = await api('DELETE', `/queues/${enc(name)}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await api('GET', `/queues/${enc(name)}`)).status).toBe(404);
  });

  it('purges ready messages only; delivered ones stay', async () => {
    const name = unique('q-purge');
    await declareQueue(name);
    for (const payload of ['1', '2', '3']) await send(name, payload);
    const [leased] = await receive(name, { max: 1 });
    const purge = await api('DELETE', `/queues/${enc(name)}/contents`);
    expect(purge.status).toBe(200);
    expect(purge.body).toEqual({ purged: 2 });
    const stats = (await api('GET', `/queues/${enc(name)}`)).body;
    expect(stats).toMatchObject({ messagesReady: 0, messagesUnacked: 1, messages: 1 });
    const acked = await api('POST', `/queues/${enc(name)}/ack`, { body: { deliveryTags: [leased.deliveryTag] } });
    expect(acked.body).toEqual({ acked: 1 });
  });
});
