import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settle, startEngine, text, type EngineFixture } from '../../tests/support/engine-fixture';
import { BUILT_IN_EXCHANGES } from './built-in-exchanges';
import type { Delivery, FieldTable, MessageProperties } from './types';

let engine: EngineFixture;
beforeEach(async () => {
  engine = await startEngine();
});
afterEach(async () => {
  await engine.cleanup();
});

const uid = () => randomUUID().slice(0, 8);
const name = (prefix: string) => `${prefix}-${uid()}`;

function publish(queue: string, id: string, properties: MessageProperties = {}) {
  return engine.broker.publish({ exchange: '', routingKey: queue, payload: text(id), properties: { messageId: id, ...properties } });
}

/** Everything ready in the queue, received in order (and left unacked). */
async function receiveAll(queue: string): Promise<Delivery[]> {
  const all: Delivery[] = [];
  for (let idle = 0; idle < 10; ) {
    const batch = await engine.broker.receive(queue, { max: 1000 });
    if (batch.length === 0) {
      idle++;
      await settle();
    } else {
      all.push(...batch);
    }
  }
  return all;
}

const ids = (deliveries: Delivery[]) => deliveries.map((d) => d.messageId);

describe('recovery after a restart', () => {
  it('brings back durable exchanges, queues and bindings with their settings, and routes as before', async () => {
    let broker = engine.broker;
    const [ae, topic, inner, headers] = [name('ae'), name('topic'), name('inner'), name('headers')];
    const [q1, q2, q3, q4] = [name('q1'), name('q2'), name('q3'), name('q4')];
    await broker.declareExchange(ae, { type: 'fanout' });
    await broker.declareExchange(topic, { type: 'topic', alternateExchange: ae, arguments: { note: 'kept', n: 1 } });
    await broker.declareExchange(inner, { type: 'direct', internal: true, autoDelete: true });
    await broker.declareExchange(headers, { type: 'headers' });
    const queueArgs = { maxLength: 100, messageTtlMs: 600_000, deadLetterExchange: ae, deadLetterRoutingKey: 'dead', maxPriority: 5 };
    await broker.declareQueue(q1, { arguments: queueArgs });
    await broker.declareQueue(q2);
    await broker.declareQueue(q3);
    await broker.declareQueue(q4);
    await broker.bind({ source: topic, destination: q1, routingKey: 'orders.*' });
    await broker.bind({ source: topic, destination: inner, destinationType: 'exchange', routingKey: 'orders.#' });
    await broker.bind({ source: inner, destination: q2, routingKey: 'orders.created' });
    await broker.bind({ source: ae, destination: q3 });
    await broker.bind({ source: headers, destination: q4, arguments: { 'x-match': 'any', kind: 'a', flag: null } });
    const exchangesBefore = broker.listExchanges().sort((a, b) => a.name.localeCompare(b.name));
    const bindingsBefore = broker.listBindings().sort((a, b) => a.id.localeCompare(b.id));
    const queueInfo = [q1, q2, q3, q4].map((q) => broker.findQueueInfo(q));

    broker = await engine.restart();

    expect(broker.listExchanges().sort((a, b) => a.name.localeCompare(b.name))).toEqual(exchangesBefore);
    expect(broker.listBindings().sort((a, b) => a.id.localeCompare(b.id))).toEqual(bindingsBefore);
    expect([q1, q2, q3, q4].map((q) => broker.findQueueInfo(q))).toEqual(queueInfo);

    // Identical redeclares are still identical.
    expect(await broker.declareExchange(topic, { type: 'topic', alternateExchange: ae, arguments: { n: 1, note: 'kept' } })).toMatchObject({
      created: false,
    });
    expect(await broker.declareQueue(q1, { arguments: queueArgs })).toMatchObject({ created: false });

    const route = (exchange: string, routingKey: string, h?: FieldTable) => broker.routeTest(exchange, routingKey, h).queues;
    expect(route(topic, 'orders.created')).toEqual([q1, q2].sort());
    expect(route(topic, 'other')).toEqual([q3]);
    expect(route(headers, '', { flag: 'x' })).toEqual([q4]);
    expect(await broker.publish({ exchange: topic, routingKey: 'orders.created', payload: text('m') })).toMatchObject({ queues: 2 });
    expect(await broker.publish({ exchange: inner, routingKey: 'orders.created', payload: text('m') }).catch((e) => e.code)).toBe('forbidden');
  });

  it('creates the built-in exchanges once, and they stay built-in', async () => {
    let broker = await engine.restart();
    broker = await engine.restart();
    const builtIns = broker.listExchanges().filter((x) => x.name === '' || x.name.startsWith('amq.'));
    expect(builtIns.map((x) => [x.name, x.type]).sort()).toEqual(BUILT_IN_EXCHANGES.map((x) => [x.name, x.type]).sort());
    for (const x of builtIns) expect(x).toMatchObject({ durable: true, autoDelete: false, internal: false });
    expect(await broker.deleteExchange('amq.topic').catch((e) => e.code)).toBe('forbidden');
    const q = name('q');
    await broker.declareQueue(q);
    expect(await broker.publish({ exchange: '', routingKey: q, payload: text('m') })).toMatchObject({ routed: true });
  });

  it('brings back every persistent message not yet acked, in order', async () => {
    const q = name('q');
    await engine.broker.declareQueue(q);
    for (let i = 0; i < 30; i++) await publish(q, `m-${i}`);
    const taken = await engine.broker.receive(q, { max: 10 });
    // Ack every other one of the first ten; the rest stay out on leases.
    await engine.broker.ack(
      q,
      taken.filter((_, i) => i % 2 === 0).map((d) => d.deliveryTag),
    );

    const broker = await engine.restart();
    const expected = [1, 3, 5, 7, 9, ...Array.from({ length: 20 }, (_, i) => i + 10)].map((i) => `m-${i}`);
    expect(broker.getQueue(q)).toMatchObject({ messagesReady: 25, messagesUnacked: 0, messages: 25 });
    expect(ids(await receiveAll(q))).toEqual(expected);
  });

  it('brings back delivered-unacked messages as ready, redelivered, with their delivery count', async () => {
    const q = name('q');
    await engine.broker.declareQueue(q);
    await publish(q, 'once');
    await publish(q, 'twice');
    await publish(q, 'never');
    const [once] = await engine.broker.receive(q, { max: 1 });
    const [twice] = await engine.broker.receive(q, { max: 1 });
    await engine.broker.nack(q, [twice.deliveryTag], true);
    // 'twice' is back at its place, after the leased 'once'.
    const [twiceAgain] = await engine.broker.receive(q, { max: 1 });
    expect(twiceAgain).toMatchObject({ messageId: 'twice', redelivered: true, deliveryCount: 2 });
    expect(once).toMatchObject({ messageId: 'once', redelivered: false, deliveryCount: 1 });

    const broker = await engine.restart();
    expect(broker.getQueue(q)).toMatchObject({ messagesReady: 3, messagesUnacked: 0 });
    const peeked = await broker.peek(q, { limit: 10 });
    expect(peeked.items.map((m) => [m.messageId, m.redelivered, m.deliveryCount])).toEqual([
      ['once', true, 1],
      ['twice', true, 2],
      ['never', false, 0],
    ]);
    const back = await broker.receive(q, { max: 10 });
    expect(back.map((d) => [d.messageId, d.redelivered, d.deliveryCount])).toEqual([
      ['once', true, 2],
      ['twice', true, 3],
      ['never', false, 1],
    ]);
  });

  it('acked messages never come back, also when acked in the turn they were published', async () => {
    const q = name('q');
    await engine.broker.declareQueue(q);
    await publish(q, 'acked');
    const [d] = await engine.broker.receive(q, { max: 1 });
    await engine.broker.ack(q, [d.deliveryTag]);

    // Published, delivered to a consumer that acks at once, all before any commit.
    const acks: Promise<number>[] = [];
    const consumer = engine.broker.subscribe(q, {
      prefetch: 0,
      onDelivery: (delivery) => acks.push(engine.broker.ack(q, [delivery.deliveryTag])),
    });
    await publish(q, 'fast');
    await Promise.all(acks);
    expect(acks).toHaveLength(1);
    consumer.cancel();

    let broker = await engine.restart();
    expect(broker.getQueue(q).messages).toBe(0);
    broker = await engine.restart();
    expect(await broker.receive(q, { max: 10 })).toEqual([]);
  });

  it('drops transient messages, transient queues and their bindings, and transient exchanges', async () => {
    let broker = engine.broker;
    const [durableX, transientX] = [name('dx'), name('tx')];
    const [durableQ, transientQ] = [name('dq'), name('tq')];
    await broker.declareExchange(durableX, { type: 'fanout' });
    await broker.declareExchange(transientX, { type: 'fanout', durable: false });
    await broker.declareQueue(durableQ);
    await broker.declareQueue(transientQ, { durable: false });
    await broker.bind({ source: durableX, destination: durableQ });
    await broker.bind({ source: durableX, destination: transientQ });
    await broker.bind({ source: transientX, destination: durableQ });
    await broker.bind({ source: durableX, destination: transientX, destinationType: 'exchange' });

    await broker.publish({ exchange: durableX, routingKey: '', payload: text('p1'), properties: { messageId: 'p1' } });
    await broker.publish({ exchange: durableX, routingKey: '', payload: text('t1'), properties: { messageId: 't1', persistent: false } });
    await broker.publish({ exchange: durableX, routingKey: '', payload: text('p2'), properties: { messageId: 'p2', persistent: true } });
    // A persistent message in a durable queue survives, whatever exchange it came through.
    await broker.publish({ exchange: transientX, routingKey: '', payload: text('p3'), properties: { messageId: 'p3' } });
    expect(broker.getQueue(durableQ).messages).toBe(4); // one copy each, though two paths lead from durableX
    expect(broker.getQueue(transientQ).messages).toBe(3);

    broker = await engine.restart();
    expect(broker.findQueueInfo(transientQ)).toBeUndefined();
    expect(broker.findExchange(transientX)).toBeUndefined();
    expect(broker.findExchange(durableX)).toBeDefined();
    expect(broker.listBindings({ source: durableX })).toEqual([expect.objectContaining({ destination: durableQ })]);
    expect(broker.listBindings({ destination: durableQ }).map((b) => b.source).sort()).toEqual(['', durableX].sort());
    expect(ids(await receiveAll(durableQ))).toEqual(['p1', 'p2', 'p3']);

    // A transient queue declared again under the same name starts empty.
    await broker.declareQueue(transientQ, { durable: false });
    expect(broker.getQueue(transientQ).messages).toBe(0);
  });

  it('drops exclusive queues', async () => {
    const q = name('excl');
    await engine.broker.declareQueue(q, { exclusiveOwner: 'conn-1' });
    await publish(q, 'm');
    const broker = await engine.restart();
    expect(broker.findQueueInfo(q)).toBeUndefined();
  });

  it('keeps deletions: deleted exchanges, queues, bindings and auto-deleted exchanges stay gone', async () => {
    let broker = engine.broker;
    const [x, auto, keep] = [name('x'), name('auto'), name('keep')];
    const [q, gone] = [name('q'), name('gone')];
    await broker.declareExchange(x, { type: 'direct' });
    await broker.declareExchange(auto, { type: 'fanout', autoDelete: true });
    await broker.declareExchange(keep, { type: 'direct' });
    await broker.declareQueue(q);
    await broker.declareQueue(gone);
    await broker.bind({ source: x, destination: q, routingKey: 'k' });
    await broker.bind({ source: auto, destination: gone });
    const { binding } = await broker.bind({ source: keep, destination: q, routingKey: 'unbound' });
    await broker.bind({ source: keep, destination: gone, routingKey: 'g' });
    await publish(gone, 'lost');
    await broker.deleteExchange(x);
    await broker.unbind(binding.id);
    await broker.deleteQueue(gone); // auto goes with its last binding

    broker = await engine.restart();
    expect(broker.findExchange(x)).toBeUndefined();
    expect(broker.findExchange(auto)).toBeUndefined();
    expect(broker.findQueueInfo(gone)).toBeUndefined();
    expect(broker.listBindings({ destination: q }).map((b) => b.source)).toEqual(['']);
    expect(broker.listBindings({ source: keep })).toEqual([]);

    // A queue of the same name does not find the old messages or bindings.
    await broker.declareQueue(gone);
    expect(broker.getQueue(gone).messages).toBe(0);
    expect(await broker.publish({ exchange: keep, routingKey: 'g', payload: text('m') })).toMatchObject({ routed: false });
  });

  it('round-trips message properties, headers and payload bytes exactly', async () => {
    const q = name('q');
    await engine.broker.declareQueue(q, { arguments: { maxPriority: 10 } });
    const binary = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 131) % 256));
    const headers: FieldTable = {
      str: 'ünïcødé ✓ \u0000 end',
      int: 42,
      neg: -7,
      float: 3.25,
      big: 2 ** 53 - 1,
      yes: true,
      no: false,
      nothing: null,
      list: [1, 'two', [3], { four: 4 }, null],
      table: { nested: { deeper: ['x'] }, empty: {} },
      emptyList: [],
      emptyString: '',
      CC: ['elsewhere'],
    };
    const properties: MessageProperties = {
      headers,
      messageId: 'rich',
      correlationId: 'corr-1',
      replyTo: 'reply.queue',
      contentType: 'application/octet-stream',
      contentEncoding: 'gzip',
      type: 'order.created',
      appId: 'billing',
      userId: 'admin',
      priority: 7,
      expirationMs: 3_600_000,
      persistent: true,
      timestamp: 1_700_000_123,
      clusterId: 'cluster-a',
    };
    await engine.broker.publish({ exchange: '', routingKey: q, payload: binary, properties });
    await engine.broker.publish({ exchange: '', routingKey: q, payload: Buffer.alloc(0), properties: { messageId: 'empty' } });
    const [before] = await engine.broker.peek(q, { limit: 1 }).then((p) => p.items);

    const broker = await engine.restart();
    const [rich, empty] = await broker.receive(q, { max: 2 });
    expect(rich.payload.equals(binary)).toBe(true);
    expect(rich.properties).toEqual(properties);
    expect(rich).toMatchObject({ messageId: 'rich', exchange: '', routingKey: q, publishedAt: before.publishedAt, redelivered: false });
    expect(empty.payload.length).toBe(0);
    expect(empty.properties).toEqual({ messageId: 'empty', persistent: true });
    expect(Buffer.isBuffer(rich.payload)).toBe(true);
  });

  it('keeps priorities and per-priority order', async () => {
    const q = name('q');
    await engine.broker.declareQueue(q, { arguments: { maxPriority: 3 } });
    const order: [string, number | undefined][] = [
      ['a', 1],
      ['b', undefined],
      ['c', 3],
      ['d', 1],
      ['e', 9],
      ['f', 0],
    ];
    for (const [id, priority] of order) await publish(q, id, priority === undefined ? {} : { priority });
    await engine.restart();
    expect(ids(await receiveAll(q))).toEqual(['c', 'e', 'a', 'd', 'b', 'f']);
  });

  it('keeps seqs increasing after a restart: new messages queue behind recovered ones, and delivery tags are never reused', async () => {
    const [q, other] = [name('q'), name('other')];
    await engine.broker.declareQueue(q);
    await engine.broker.declareQueue(other);
    await publish(q, 'old-1');
    await publish(q, 'old-2');
    // The newest message of all is acked (so no longer stored) before the restart.
    await publish(other, 'newest');
    const [newest] = await engine.broker.receive(other, { max: 1 });
    await engine.broker.ack(other, [newest.deliveryTag]);
    await publish(other, 'transient', { persistent: false });
    const tagsBefore = new Set([newest.deliveryTag]);

    let broker = await engine.restart();
    await publish(q, 'new-1');
    await publish(other, 'after');
    await publish(q, 'new-2');
    const fromQ = await receiveAll(q);
    expect(ids(fromQ)).toEqual(['old-1', 'old-2', 'new-1', 'new-2']);
    const [after] = await broker.receive(other, { max: 5 });
    expect(after.messageId).toBe('after');
    for (const d of [...fromQ, after]) expect(tagsBefore.has(d.deliveryTag)).toBe(false);
    expect(new Set([...fromQ, after].map((d) => d.deliveryTag)).size).toBe(5);

    // What was published after the restart is stored like anything else.
    broker = await engine.restart();
    expect(ids(await receiveAll(q))).toEqual(['old-1', 'old-2', 'new-1', 'new-2']);
    expect(broker.getQueue(other).messagesReady).toBe(1);
  });

  it('survives several restarts with work in between', async () => {
    const q = name('q');
    await engine.broker.declareQueue(q);
    const expected: string[] = [];
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 5; i++) {
        await publish(q, `r${round}-${i}`);
        expected.push(`r${round}-${i}`);
      }
      const [first] = await engine.broker.receive(q, { max: 1 });
      expect(first.messageId).toBe(expected[0]);
      await engine.broker.ack(q, [first.deliveryTag]);
      expected.shift();
      await engine.restart();
      expect(engine.broker.getQueue(q).messagesReady).toBe(expected.length);
    }
    expect(ids(await receiveAll(q))).toEqual(expected);
  });
});
