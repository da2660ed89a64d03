import { describe, expect, it } from 'vitest';
import { text } from '../../tests/support/engine-fixture';
import { engine, name, noop, useFreshEngine } from './broker-topology.fixtures';

useFreshEngine();

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
