import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEngine, text, type EngineFixture } from '../../tests/support/engine-fixture';
import { BUILT_IN_EXCHANGES } from './built-in-exchanges';
import type { FieldTable } from './types';

let engine: EngineFixture;
beforeEach(async () => {
  engine = await startEngine();
});
afterEach(async () => {
  await engine.cleanup();
});

const uid = () => randomUUID().slice(0, 8);
const name = (prefix: string) => `${prefix}-${uid()}`;

async function codeOf(run: () => unknown): Promise<string | undefined> {
  try {
    await run();
  } catch (error) {
    return (error as { code?: string }).code ?? 'no code';
  }
  return undefined;
}

const noop = () => undefined;

describe('declaring exchanges', () => {
  it('creates, finds an identical one, and refuses different settings', async () => {
    const { broker } = engine;
    const x = name('x');
    const first = await broker.declareExchange(x, { type: 'topic', arguments: { a: 1, b: 'two' } });
    expect(first).toMatchObject({ created: true, exchange: { name: x, type: 'topic', durable: true, autoDelete: false, internal: false } });

    const again = await broker.declareExchange(x, { type: 'topic', durable: true, arguments: { b: 'two', a: 1 } });
    expect(again.created).toBe(false);
    expect(again.exchange).toEqual(first.exchange);

    const differing = [
      { type: 'direct' as const, arguments: { a: 1, b: 'two' } },
      { type: 'topic' as const, durable: false, arguments: { a: 1, b: 'two' } },
      { type: 'topic' as const, autoDelete: true, arguments: { a: 1, b: 'two' } },
      { type: 'topic' as const, internal: true, arguments: { a: 1, b: 'two' } },
      { type: 'topic' as const, alternateExchange: 'ae', arguments: { a: 1, b: 'two' } },
      { type: 'topic' as const, arguments: { a: 2, b: 'two' } },
      { type: 'topic' as const },
    ];
    for (const declaration of differing) {
      expect(await codeOf(() => broker.declareExchange(x, declaration))).toBe('precondition_failed');
    }
    expect(broker.getExchange(x)).toEqual(first.exchange);
  });

  it('reserves amq.* names, but an identical redeclare of a built-in is fine', async () => {
    const { broker } = engine;
    expect(await codeOf(() => broker.declareExchange(`amq.${uid()}`, { type: 'direct' }))).toBe('forbidden');
    expect(await codeOf(() => broker.declareExchange('amq.direct2', { type: 'direct' }))).toBe('forbidden');
    for (const builtIn of BUILT_IN_EXCHANGES) {
      expect(await broker.declareExchange(builtIn.name, { type: builtIn.type })).toMatchObject({ created: false });
    }
    expect(await broker.declareExchange('amq.default', { type: 'direct' })).toMatchObject({ created: false, exchange: { name: '' } });
    // RabbitMQ checks an existing exchange for equivalence before it looks at the name: 406, not 403.
    expect(await codeOf(() => broker.declareExchange('amq.direct', { type: 'fanout' }))).toBe('precondition_failed');
    expect(await codeOf(() => broker.declareExchange('amq.topic', { type: 'topic', durable: false }))).toBe('precondition_failed');
  });

  it('built-in exchanges cannot be deleted', async () => {
    for (const builtIn of ['', 'amq.default', 'amq.direct', 'amq.fanout', 'amq.topic', 'amq.headers']) {
      expect(await codeOf(() => engine.broker.deleteExchange(builtIn))).toBe('forbidden');
    }
    expect(engine.broker.listExchanges().map((x) => x.name)).toEqual(expect.arrayContaining(BUILT_IN_EXCHANGES.map((x) => x.name)));
  });
});

describe('deleting exchanges', () => {
  it('not_found for an unknown exchange', async () => {
    expect(await codeOf(() => engine.broker.deleteExchange(name('missing')))).toBe('not_found');
  });

  it('ifUnused refuses while the exchange has outgoing bindings', async () => {
    const { broker } = engine;
    const x = name('x');
    const q = name('q');
    await broker.declareExchange(x, { type: 'fanout' });
    await broker.declareQueue(q);
    const { binding } = await broker.bind({ source: x, destination: q });

    expect(await codeOf(() => broker.deleteExchange(x, { ifUnused: true }))).toBe('precondition_failed');
    expect(broker.findExchange(x)).toBeDefined();
    await broker.unbind(binding.id);
    await broker.deleteExchange(x, { ifUnused: true });
    expect(broker.findExchange(x)).toBeUndefined();
  });

  it('ifUnused looks at bindings as source only; deleting removes bindings both ways', async () => {
    const { broker } = engine;
    const upstream = name('up');
    const x = name('x');
    const q = name('q');
    await broker.declareExchange(upstream, { type: 'fanout' });
    await broker.declareExchange(x, { type: 'fanout' });
    await broker.declareQueue(q);
    await broker.bind({ source: upstream, destination: x, destinationType: 'exchange' });
    await broker.bind({ source: upstream, destination: q });

    await broker.deleteExchange(x, { ifUnused: true });
    expect(broker.findExchange(x)).toBeUndefined();
    expect(broker.listBindings({ source: upstream }).map((b) => b.destination)).toEqual([q]);
    expect(broker.incomingBindings('exchange', x)).toEqual([]);
  });

  it('without ifUnused the exchange goes with its bindings', async () => {
    const { broker } = engine;
    const x = name('x');
    const q = name('q');
    await broker.declareExchange(x, { type: 'direct' });
    await broker.declareQueue(q);
    await broker.bind({ source: x, destination: q, routingKey: 'k' });
    await broker.deleteExchange(x);
    expect(broker.findExchange(x)).toBeUndefined();
    expect(broker.listBindings({ destination: q }).map((b) => b.source)).toEqual(['']);
    expect(await codeOf(() => broker.publish({ exchange: x, routingKey: 'k', payload: text('m') }))).toBe('not_found');
  });
});

describe('declaring queues', () => {
  it('creates, finds an identical one, and refuses different settings', async () => {
    const { broker } = engine;
    const q = name('q');
    const args = { maxLength: 10, messageTtlMs: 5000, deadLetterExchange: 'dlx' };
    const first = await broker.declareQueue(q, { arguments: args });
    expect(first).toMatchObject({ created: true, queue: { name: q, durable: true, autoDelete: false, arguments: args, messages: 0 } });
    const again = await broker.declareQueue(q, { durable: true, arguments: { deadLetterExchange: 'dlx', messageTtlMs: 5000, maxLength: 10 } });
    expect(again).toMatchObject({ created: false, queue: { name: q, arguments: args } });

    for (const declaration of [
      { durable: false, arguments: args },
      { autoDelete: true, arguments: args },
      { arguments: { ...args, maxLength: 11 } },
      { arguments: { maxLength: 10, messageTtlMs: 5000 } },
      {},
    ]) {
      expect(await codeOf(() => broker.declareQueue(q, declaration))).toBe('precondition_failed');
    }
    expect(broker.getQueue(q).arguments).toEqual(args);
  });

  it('reserves amq.* queue names; the empty name gets a server-generated one', async () => {
    const { broker } = engine;
    expect(await codeOf(() => broker.declareQueue(`amq.${uid()}`))).toBe('forbidden');
    const generated = await broker.declareQueue('', { durable: false });
    expect(generated.created).toBe(true);
    expect(generated.queue.name).toMatch(/^amq\.gen-/);
    // The generated name can be redeclared like any existing queue.
    expect(await broker.declareQueue(generated.queue.name, { durable: false })).toMatchObject({ created: false });
  });

  it('refuses queue arguments RabbitMQ would refuse', async () => {
    const { broker } = engine;
    expect(await codeOf(() => broker.declareQueue(name('q'), { arguments: { maxPriority: 0 } }))).toBe('bad_request');
    expect(await codeOf(() => broker.declareQueue(name('q'), { arguments: { maxPriority: 256 } }))).toBe('bad_request');
    expect(await codeOf(() => broker.declareQueue(name('q'), { arguments: { expiresMs: 0 } }))).toBe('bad_request');
    expect(await codeOf(() => broker.declareQueue(name('q'), { arguments: { messageTtlMs: -1 } }))).toBe('bad_request');
    expect(await codeOf(() => broker.declareQueue(name('q'), { arguments: { overflow: 'drop-tail' as never } }))).toBe('bad_request');
  });
});

describe('deleting queues', () => {
  it('ifEmpty refuses a queue with ready messages; otherwise it answers how many went', async () => {
    const { broker } = engine;
    const q = name('q');
    await broker.declareQueue(q);
    await broker.publish({ exchange: '', routingKey: q, payload: text('1') });
    await broker.publish({ exchange: '', routingKey: q, payload: text('2') });
    expect(await codeOf(() => broker.deleteQueue(q, { ifEmpty: true }))).toBe('precondition_failed');
    expect(broker.getQueue(q).messages).toBe(2);
    expect(await broker.deleteQueue(q)).toBe(2);
    expect(await codeOf(() => broker.getQueue(q))).toBe('not_found');
    expect(await codeOf(() => broker.deleteQueue(q))).toBe('not_found');
  });

  it('ifEmpty deletes an empty queue', async () => {
    const q = name('q');
    await engine.broker.declareQueue(q);
    expect(await engine.broker.deleteQueue(q, { ifEmpty: true })).toBe(0);
    expect(engine.broker.findQueueInfo(q)).toBeUndefined();
  });

  it('ifUnused refuses a queue with consumers', async () => {
    const { broker } = engine;
    const q = name('q');
    await broker.declareQueue(q);
    const consumer = broker.subscribe(q, { prefetch: 1, onDelivery: noop });
    expect(await codeOf(() => broker.deleteQueue(q, { ifUnused: true }))).toBe('precondition_failed');
    consumer.cancel();
    await broker.deleteQueue(q, { ifUnused: true });
    expect(broker.findQueueInfo(q)).toBeUndefined();
  });

  it('removes its bindings, ends its consumers, and does not dead-letter its messages', async () => {
    const { broker } = engine;
    const dlx = name('dlx');
    const dead = name('dead');
    const q = name('q');
    const x = name('x');
    await broker.declareExchange(dlx, { type: 'fanout' });
    await broker.declareQueue(dead);
    await broker.bind({ source: dlx, destination: dead });
    await broker.declareQueue(q, { arguments: { deadLetterExchange: dlx } });
    await broker.declareExchange(x, { type: 'direct' });
    await broker.bind({ source: x, destination: q, routingKey: 'a' });
    await broker.bind({ source: x, destination: q, routingKey: 'b' });
    await broker.publish({ exchange: x, routingKey: 'a', payload: text('ready') });
    await broker.publish({ exchange: x, routingKey: 'b', payload: text('unacked') });
    await broker.receive(q, { max: 1 });
    const ended: string[] = [];
    broker.subscribe(q, { prefetch: 1, onDelivery: noop, onEnd: (reason) => ended.push(reason) });

    expect(await broker.deleteQueue(q)).toBe(2);
    expect(ended).toHaveLength(1);
    expect(broker.listBindings({ destination: q })).toEqual([]);
    expect(broker.outgoingBindings(x)).toEqual([]);
    expect(broker.getQueue(dead).messages).toBe(0);

    // A queue of the same name starts empty and unbound.
    await broker.declareQueue(q);
    expect(broker.getQueue(q).messages).toBe(0);
    expect(await broker.publish({ exchange: x, routingKey: 'a', payload: text('m') })).toMatchObject({ routed: false });
  });
});

describe('purging', () => {
  it('removes ready messages only and answers their count', async () => {
    const { broker } = engine;
    const q = name('q');
    await broker.declareQueue(q);
    for (const n of [1, 2, 3]) await broker.publish({ exchange: '', routingKey: q, payload: text(`${n}`) });
    const [out] = await broker.receive(q, { max: 1 });
    expect(await broker.purgeQueue(q)).toBe(2);
    expect(broker.getQueue(q)).toMatchObject({ messagesReady: 0, messagesUnacked: 1, bytesReady: 0 });
    expect(await broker.ack(q, [out.deliveryTag])).toBe(1);
  });
});

describe('auto-delete', () => {
  it('an auto-delete exchange goes when its last outgoing binding goes', async () => {
    const { broker } = engine;
    const x = name('x');
    const [q1, q2] = [name('q'), name('q')];
    await broker.declareExchange(x, { type: 'fanout', autoDelete: true });
    await broker.declareQueue(q1);
    await broker.declareQueue(q2);
    const b1 = await broker.bind({ source: x, destination: q1 });
    const b2 = await broker.bind({ source: x, destination: q2 });

    await broker.unbind(b1.binding.id);
    expect(broker.findExchange(x)).toBeDefined();
    await broker.unbind(b2.binding.id);
    expect(broker.findExchange(x)).toBeUndefined();
  });

  it('an auto-delete exchange that never had a binding stays', async () => {
    const x = name('x');
    await engine.broker.declareExchange(x, { type: 'fanout', autoDelete: true });
    await engine.advance(60_000);
    expect(engine.broker.findExchange(x)).toBeDefined();
  });

  it('an auto-delete exchange goes when the queue of its last binding is deleted, and not for incoming bindings', async () => {
    const { broker } = engine;
    const upstream = name('up');
    const x = name('x');
    const q = name('q');
    await broker.declareExchange(upstream, { type: 'fanout' });
    await broker.declareExchange(x, { type: 'fanout', autoDelete: true });
    await broker.declareQueue(q);
    const incoming = await broker.bind({ source: upstream, destination: x, destinationType: 'exchange' });
    await broker.bind({ source: x, destination: q });

    await broker.unbind(incoming.binding.id);
    expect(broker.findExchange(x)).toBeDefined();
    await broker.deleteQueue(q);
    expect(broker.findExchange(x)).toBeUndefined();
  });

  it('auto-delete cascades through exchange-to-exchange bindings', async () => {
    const { broker } = engine;
    const outer = name('outer');
    const inner = name('inner');
    const q = name('q');
    await broker.declareExchange(outer, { type: 'fanout', autoDelete: true });
    await broker.declareExchange(inner, { type: 'fanout', autoDelete: true });
    await broker.declareQueue(q);
    await broker.bind({ source: outer, destination: inner, destinationType: 'exchange' });
    await broker.bind({ source: inner, destination: q });

    await broker.deleteQueue(q);
    expect(broker.findExchange(inner)).toBeUndefined();
    expect(broker.findExchange(outer)).toBeUndefined();
  });

  it('an auto-delete queue goes when its last consumer cancels, only if it ever had one', async () => {
    const { broker } = engine;
    const q = name('q');
    await broker.declareQueue(q, { autoDelete: true });
    await engine.advance(60_000);
    expect(broker.findQueueInfo(q)).toBeDefined();

    const a = broker.subscribe(q, { prefetch: 1, onDelivery: noop });
    const b = broker.subscribe(q, { prefetch: 1, onDelivery: noop });
    a.cancel();
    expect(broker.findQueueInfo(q)).toBeDefined();
    b.cancel();
    expect(broker.findQueueInfo(q)).toBeUndefined();
  });

  it('an auto-delete queue that is deleted takes its bindings (and an auto-delete source) with it', async () => {
    const { broker } = engine;
    const x = name('x');
    const q = name('q');
    await broker.declareExchange(x, { type: 'direct', autoDelete: true });
    await broker.declareQueue(q, { autoDelete: true });
    await broker.bind({ source: x, destination: q, routingKey: 'k' });
    broker.subscribe(q, { prefetch: 1, onDelivery: noop }).cancel();
    expect(broker.findQueueInfo(q)).toBeUndefined();
    expect(broker.findExchange(x)).toBeUndefined();
  });
});

describe('queue expiry (expiresMs)', () => {
  it('deletes an unused queue after that long, without dead-lettering its messages', async () => {
    const { broker } = engine;
    const dlx = name('dlx');
    const dead = name('dead');
    const q = name('q');
    await broker.declareExchange(dlx, { type: 'fanout' });
    await broker.declareQueue(dead);
    await broker.bind({ source: dlx, destination: dead });
    await broker.declareQueue(q, { arguments: { expiresMs: 1000, deadLetterExchange: dlx } });
    await broker.publish({ exchange: '', routingKey: q, payload: text('m') });

    await engine.advance(999);
    expect(broker.findQueueInfo(q)).toBeDefined();
    await engine.advance(1);
    expect(broker.findQueueInfo(q)).toBeUndefined();
    expect(broker.getQueue(dead).messages).toBe(0);
  });

  it('a redeclare counts as use', async () => {
    const { broker } = engine;
    const q = name('q');
    await broker.declareQueue(q, { arguments: { expiresMs: 1000 } });
    await engine.advance(600);
    await broker.declareQueue(q, { arguments: { expiresMs: 1000 } });
    await engine.advance(600);
    expect(broker.findQueueInfo(q)).toBeDefined();
    await engine.advance(400);
    expect(broker.findQueueInfo(q)).toBeUndefined();
  });

  it('a receive counts as use, even when it finds nothing', async () => {
    const { broker } = engine;
    const q = name('q');
    await broker.declareQueue(q, { arguments: { expiresMs: 1000 } });
    await engine.advance(600);
    expect(await broker.receive(q, { max: 1 })).toEqual([]);
    await engine.advance(600);
    expect(broker.findQueueInfo(q)).toBeDefined();
    await engine.advance(400);
    expect(broker.findQueueInfo(q)).toBeUndefined();
  });

  it('a queue with a consumer does not expire; the clock restarts when the consumer goes', async () => {
    const { broker } = engine;
    const q = name('q');
    await broker.declareQueue(q, { arguments: { expiresMs: 1000 } });
    const consumer = broker.subscribe(q, { prefetch: 1, onDelivery: noop });
    await engine.advance(5000);
    expect(broker.findQueueInfo(q)).toBeDefined();
    consumer.cancel();
    await engine.advance(999);
    expect(broker.findQueueInfo(q)).toBeDefined();
    await engine.advance(1);
    expect(broker.findQueueInfo(q)).toBeUndefined();
  });

  it('publishing does not count as use', async () => {
    const { broker } = engine;
    const q = name('q');
    await broker.declareQueue(q, { arguments: { expiresMs: 1000 } });
    await engine.advance(600);
    await broker.publish({ exchange: '', routingKey: q, payload: text('m') });
    await engine.advance(400);
    expect(broker.findQueueInfo(q)).toBeUndefined();
  });
});

describe('publishing', () => {
  it('not_found for an unknown exchange', async () => {
    expect(await codeOf(() => engine.broker.publish({ exchange: name('missing'), routingKey: '', payload: text('m') }))).toBe('not_found');
  });

  it('payload_too_large past maxMessageBytes; exactly the limit is fine', async () => {
    const small = await startEngine({ maxMessageBytes: 16 });
    try {
      const q = name('q');
      await small.broker.declareQueue(q);
      expect(await small.broker.publish({ exchange: '', routingKey: q, payload: Buffer.alloc(16) })).toMatchObject({ routed: true });
      expect(await codeOf(() => small.broker.publish({ exchange: '', routingKey: q, payload: Buffer.alloc(17) }))).toBe('payload_too_large');
      // A batch with one oversized message publishes nothing.
      expect(
        await codeOf(() =>
          small.broker.publishBatch([
            { exchange: '', routingKey: q, payload: Buffer.alloc(1) },
            { exchange: '', routingKey: q, payload: Buffer.alloc(17) },
          ]),
        ),
      ).toBe('payload_too_large');
      expect(small.broker.getQueue(q).messages).toBe(1);
    } finally {
      await small.cleanup();
    }
  });

  it('mandatory and unroutable answers routed false and stores nothing', async () => {
    const { broker } = engine;
    const x = name('x');
    await broker.declareExchange(x, { type: 'direct' });
    expect(await broker.publish({ exchange: x, routingKey: 'k', payload: text('m'), mandatory: true })).toMatchObject({
      routed: false,
      queues: 0,
    });
    expect(await broker.publish({ exchange: x, routingKey: 'k', payload: text('m') })).toMatchObject({ routed: false, queues: 0 });
  });

  it('CC adds routing keys and stays in the headers; BCC routes and is removed', async () => {
    const { broker } = engine;
    const x = name('x');
    const [main, cc, bcc] = [name('main'), name('cc'), name('bcc')];
    await broker.declareExchange(x, { type: 'direct' });
    for (const [q, key] of [
      [main, 'main'],
      [cc, 'cc'],
      [bcc, 'bcc'],
    ]) {
      await broker.declareQueue(q);
      await broker.bind({ source: x, destination: q, routingKey: key });
    }
    const headers: FieldTable = { CC: ['cc'], BCC: ['bcc'], other: 'kept' };
    const result = await broker.publish({ exchange: x, routingKey: 'main', payload: text('m'), properties: { headers } });
    expect(result).toMatchObject({ routed: true, queues: 3 });
    expect(headers).toEqual({ CC: ['cc'], BCC: ['bcc'], other: 'kept' }); // the caller's object is not changed

    for (const q of [main, cc, bcc]) {
      const [delivery] = await broker.receive(q, { max: 1 });
      expect(delivery.routingKey).toBe('main');
      expect(delivery.properties.headers).toEqual({ CC: ['cc'], other: 'kept' });
    }
  });

  it('non-string CC entries are ignored', async () => {
    const { broker } = engine;
    const q = name('q');
    await broker.declareQueue(q);
    const result = await broker.publish({ exchange: '', routingKey: 'nothing', payload: text('m'), properties: { headers: { CC: [1, q] as never } } });
    expect(result).toMatchObject({ routed: true, queues: 1 });
  });
});

describe('bindings', () => {
  it('an identical binding answers the same id with created false', async () => {
    const { broker } = engine;
    const x = name('x');
    const q = name('q');
    await broker.declareExchange(x, { type: 'headers' });
    await broker.declareQueue(q);
    const first = await broker.bind({ source: x, destination: q, arguments: { 'x-match': 'any', a: 1, b: [1, { c: 2, d: 3 }] } });
    expect(first.created).toBe(true);
    const again = await broker.bind({ source: x, destination: q, destinationType: 'queue', routingKey: '', arguments: { b: [1, { d: 3, c: 2 }], a: 1, 'x-match': 'any' } });
    expect(again).toEqual({ created: false, binding: first.binding });

    const other = await broker.bind({ source: x, destination: q, routingKey: 'k', arguments: { 'x-match': 'any', a: 1, b: [1, { c: 2, d: 3 }] } });
    expect(other.created).toBe(true);
    expect(other.binding.id).not.toBe(first.binding.id);
    expect(broker.listBindings({ source: x })).toHaveLength(2);
  });

  it('a headers binding with an invalid x-match is a bad request', async () => {
    const { broker } = engine;
    const x = name('x');
    const q = name('q');
    await broker.declareExchange(x, { type: 'headers' });
    await broker.declareQueue(q);
    for (const xMatch of ['some', 'ALL', 'Any', '', 1, true, null]) {
      expect(await codeOf(() => broker.bind({ source: x, destination: q, arguments: { 'x-match': xMatch } }))).toBe('bad_request');
    }
    expect(broker.listBindings({ source: x })).toEqual([]);
    for (const xMatch of ['all', 'any', 'all-with-x', 'any-with-x']) {
      expect((await broker.bind({ source: x, destination: q, arguments: { 'x-match': xMatch } })).created).toBe(true);
    }
  });

  it('not_found for an unknown source, destination or binding id', async () => {
    const { broker } = engine;
    const x = name('x');
    const q = name('q');
    await broker.declareExchange(x, { type: 'direct' });
    await broker.declareQueue(q);
    expect(await codeOf(() => broker.bind({ source: name('nope'), destination: q }))).toBe('not_found');
    expect(await codeOf(() => broker.bind({ source: x, destination: name('nope') }))).toBe('not_found');
    expect(await codeOf(() => broker.bind({ source: x, destination: name('nope'), destinationType: 'exchange' }))).toBe('not_found');
    expect(await codeOf(() => broker.unbind('b-unknown'))).toBe('not_found');
  });

  it('unbinding stops the routing', async () => {
    const { broker } = engine;
    const x = name('x');
    const q = name('q');
    await broker.declareExchange(x, { type: 'direct' });
    await broker.declareQueue(q);
    const { binding } = await broker.bind({ source: x, destination: q, routingKey: 'k' });
    await broker.unbind(binding.id);
    expect(await broker.publish({ exchange: x, routingKey: 'k', payload: text('m') })).toMatchObject({ routed: false });
    expect(await codeOf(() => broker.unbind(binding.id))).toBe('not_found');
  });

  it('lists a queue`s default binding with the others, and counts bindings in the overview', async () => {
    const { broker } = engine;
    const x = name('x');
    const q = name('q');
    await broker.declareExchange(x, { type: 'direct' });
    await broker.declareQueue(q);
    const before = broker.overview().bindings;
    await broker.bind({ source: x, destination: q, routingKey: 'k' });
    expect(broker.incomingBindings('queue', q).map((b) => b.source)).toEqual(['', x]);
    expect(broker.overview().bindings).toBe(before + 1);
  });
});
