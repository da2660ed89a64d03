/**
 * Names as RabbitMQ allows them (any UTF-8 of 1–255 bytes): queues declared over AMQP with names like
 * `celery@host.celery.pidbox`, `a b`, `x/y`, `ünï`, `%41` or `a%2Fb` are fully manageable over HTTP, each path segment
 * percent-encoded once and decoded once, under `/api/v1/...` and `/api/v1/vhosts/%2F/...` alike.
 */
import { randomUUID } from 'node:crypto';
import amqp, { type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, enc, errorCode } from './http';

const NAMES = ['celery@host.celery.pidbox', 'a b', 'x/y', 'ünï', '%41', 'a%2Fb'];
const PREFIXES = ['', '/vhosts/%2F'];

let connection: ChannelModel;
let run: string;
beforeAll(async () => {
  connection = await amqp.connect(inject('amqpUrl'));
  run = randomUUID().slice(0, 8);
});
afterAll(async () => {
  await connection?.close();
});

/** A unique name that keeps the awkward part: `x/y` becomes `x/y~1a2b3c4d`. */
const named = (name: string, suffix = '') => `${name}~${run}${suffix}`;

async function declareOverAmqp(queue: string): Promise<void> {
  const channel = await connection.createChannel();
  await channel.assertQueue(queue, { durable: true });
  await channel.close();
}

describe.each(PREFIXES)('queues declared over AMQP, managed over HTTP under "%s"', (prefix) => {
  it.each(NAMES)('%s: get, publish, browse, receive, bindings, purge, delete', async (base) => {
    const queue = named(base, prefix ? '-v' : '');
    await declareOverAmqp(queue);
    const path = `${prefix}/queues/${enc(queue)}`;

    const got = await api('GET', path);
    expect(got.status, got.text).toBe(200);
    expect(got.body.name).toBe(queue);
    expect(got.body.type).toBe('classic');
    const listed = await api('GET', `${prefix}/queues?search=${enc(queue)}`);
    expect(listed.body.items.map((q: { name: string }) => q.name)).toEqual([queue]);

    for (const payload of ['one', 'two']) {
      const sent = await api('POST', `${path}/messages`, { body: { payload } });
      expect(sent.status, sent.text).toBe(200);
    }
    const viaDefault = await api('POST', `${prefix}/exchanges/amq.default/publish`, { body: { routingKey: queue, payload: 'three' } });
    expect(viaDefault.body).toMatchObject({ routed: true, queues: 1 });

    const browsed = await api('GET', `${path}/messages`);
    expect(browsed.status, browsed.text).toBe(200);
    expect(browsed.body.items.map((m: { payload: string }) => m.payload)).toEqual(['one', 'two', 'three']);

    const first = browsed.body.items[0];
    const removed = await api('DELETE', `${path}/messages/${enc(first.messageId)}`);
    expect(removed.status, removed.text).toBe(204);

    const [delivery] = (await api('POST', `${path}/receive`, { body: { max: 1 } })).body.messages;
    expect(delivery.routingKey).toBe(queue);
    expect((await api('POST', `${path}/ack`, { body: { deliveryTags: [delivery.deliveryTag] } })).body).toEqual({ acked: 1 });

    const bindings = await api('GET', `${prefix}/bindings?destination=${enc(queue)}`);
    expect(bindings.status, bindings.text).toBe(200);
    expect(bindings.body).toEqual([expect.objectContaining({ source: 'amq.default', destination: queue, routingKey: queue })]);

    const metrics = await api('GET', `${path}/metrics?windowMs=60000&stepMs=1000`);
    expect(metrics.status, metrics.text).toBe(200);

    const purged = await api('DELETE', `${path}/contents`);
    expect(purged.body).toEqual({ purged: 1 });
    const deleted = await api('DELETE', path);
    expect(deleted.status, deleted.text).toBe(204);
    expect((await api('GET', path)).status).toBe(404);
  });
});

describe('exchanges and bindings with such names', () => {
  it.each(NAMES)('%s: declare, get, bind (queue and exchange destinations), route-test, publish, unbind, delete', async (base) => {
    const exchange = named(base, '-x');
    const inner = named(base, '-x2');
    const queue = named(base, '-q');
    const exchangePath = `/exchanges/${enc(exchange)}`;
    expect((await api('PUT', exchangePath, { body: { type: 'direct' } })).status).toBe(201);
    expect((await api('PUT', `/exchanges/${enc(inner)}`, { body: { type: 'fanout' } })).status).toBe(201);
    expect((await api('PUT', `/queues/${enc(queue)}`, { body: {} })).status).toBe(201);

    const toQueue = await api('POST', '/bindings', { body: { source: exchange, destination: queue, routingKey: base } });
    expect(toQueue.status, toQueue.text).toBe(201);
    const toExchange = await api('POST', '/bindings', { body: { source: exchange, destination: inner, destinationType: 'exchange', routingKey: 'x' } });
    expect(toExchange.status, toExchange.text).toBe(201);
    const toInnerQueue = await api('POST', '/bindings', { body: { source: inner, destination: queue } });
    expect(toInnerQueue.status, toInnerQueue.text).toBe(201);

    const detail = await api('GET', exchangePath);
    expect(detail.status, detail.text).toBe(200);
    expect(detail.body.bindings.outgoing).toHaveLength(2);
    expect((await api('GET', `/bindings?source=${enc(exchange)}`)).body).toHaveLength(2);

    const route = await api('POST', `${exchangePath}/route-test`, { body: { routingKey: base } });
    expect(route.body.queues).toEqual([queue]);
    const published = await api('POST', `${exchangePath}/publish`, { body: { routingKey: 'x', payload: 'via inner' } });
    expect(published.body).toMatchObject({ routed: true, queues: 1 });
    const batch = await api('POST', `${exchangePath}/publish-batch`, { body: { messages: [{ routingKey: base, payload: 'direct' }] } });
    expect(batch.body.results[0]).toMatchObject({ routed: true, queues: 1 });
    expect((await api('GET', `/queues/${enc(queue)}`)).body.messagesReady).toBe(2);

    expect((await api('DELETE', `/bindings/${enc(toQueue.body.id)}`)).status).toBe(204);
    expect((await api('DELETE', `${exchangePath}?ifUnused=true`)).status).toBe(409);
    expect((await api('DELETE', exchangePath)).status).toBe(204);
    expect((await api('DELETE', `/exchanges/${enc(inner)}`)).status).toBe(204);
    expect((await api('DELETE', `/queues/${enc(queue)}`)).status).toBe(204);
  });

  it('moves a message between such queues and replays nothing harmful', async () => {
    const from = named('a b', '-from');
    const to = named('x/y', '-to');
    await declareOverAmqp(from);
    await declareOverAmqp(to);
    const sent = await api('POST', `/queues/${enc(from)}/messages`, { body: { payload: 'moving' } });
    const moved = await api('POST', `/queues/${enc(from)}/messages/${enc(sent.body.messageId)}/move`, { body: { to: { queue: to } } });
    expect(moved.status, moved.text).toBe(200);
    expect((await api('GET', `/queues/${enc(to)}`)).body.messagesReady).toBe(1);
    const dryRun = await api('POST', `/queues/${enc(to)}/replay`, { body: { to: { queue: from }, dryRun: true } });
    expect(dryRun.body).toEqual({ count: 1 });
    for (const queue of [from, to]) expect((await api('DELETE', `/queues/${enc(queue)}`)).status).toBe(204);
  });
});

describe('name rules on HTTP', () => {
  it('declares the same names over HTTP that AMQP may declare', async () => {
    for (const base of NAMES) {
      const queue = named(base, '-http');
      const created = await api('PUT', `/queues/${enc(queue)}`, { body: {} });
      expect(created.status, created.text).toBe(201);
      expect(created.body.name).toBe(queue);
      expect((await api('DELETE', `/queues/${enc(queue)}`)).status).toBe(204);
    }
  });

  it('refuses names over 255 bytes (bytes, not characters), new amq. names and NUL, with path details', async () => {
    for (const name of ['ü'.repeat(128), 'x'.repeat(256), 'amq.mine', 'nul\u0000inside']) {
      const answer = await api('PUT', `/queues/${enc(name)}`, { body: {} });
      expect(answer.status, name).toBe(400);
      expect(errorCode(answer)).toBe('bad_request');
      expect(answer.body.error.details[0]).toMatchObject({ in: 'path', path: ['name'] });
    }
    expect((await api('PUT', `/queues/${enc('ü'.repeat(127))}`, { body: {} })).status).toBe(201);
    expect((await api('DELETE', `/queues/${enc('ü'.repeat(127))}`)).status).toBe(204);
  });

  it('decodes a segment once: %2541 is the queue "%41", never "A"', async () => {
    const a = named('A');
    const percent = named('%41');
    await declareOverAmqp(percent);
    expect((await api('GET', `/queues/${enc(a)}`)).status).toBe(404);
    expect((await api('GET', `/queues/${enc(percent)}`)).body.name).toBe(percent);
    expect((await api('DELETE', `/queues/${enc(percent)}`)).status).toBe(204);
  });
});
