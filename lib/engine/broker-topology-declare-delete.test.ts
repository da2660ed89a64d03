import { describe, expect, it } from 'vitest';
import { text } from '../../tests/support/engine-fixture';
import { codeOf, engine, name, noop, uid, useFreshEngine } from './broker-topology.fixtures';
import { BUILT_IN_EXCHANGES } from './built-in-exchanges';

useFreshEngine();

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
