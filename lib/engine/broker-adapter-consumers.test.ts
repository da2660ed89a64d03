/** What the AMQP listener needs of the engine: no-ack consumers, a shared prefetch, cancel keeping unacked, publishNow. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settle, startEngine, text, type EngineFixture } from '../../tests/support/engine-fixture';
import { bodies, counts, newQueue, send } from '../../tests/support/engine-helpers';
import type { Delivery } from './types';

let engine: EngineFixture;
beforeEach(async () => {
  engine = await startEngine();
});
afterEach(async () => {
  await engine.cleanup();
});

describe('consumers for AMQP', () => {
  it('a no-ack consumer gets every message settled as it is delivered', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'noack');
    for (const body of ['a', 'b', 'c']) await send(broker, q, body);
    const got: Delivery[] = [];
    broker.subscribe(q, { prefetch: 0, noAck: true, onDelivery: (d) => got.push(d) });
    expect(bodies(got)).toEqual(['a', 'b', 'c']);
    expect(counts(broker, q)).toEqual({ ready: 0, unacked: 0, messages: 0 });
    await settle();
    await engine.restart();
    expect(counts(engine.broker, q).messages).toBe(0);
  });

  it('a shared capacity holds consumers of several queues to one limit; resume delivers once it frees', async () => {
    const { broker } = engine;
    const [q1, q2] = [await newQueue(broker, 'shared1'), await newQueue(broker, 'shared2')];
    for (const body of ['1a', '1b']) await send(broker, q1, body);
    for (const body of ['2a', '2b']) await send(broker, q2, body);
    const limit = 2;
    const held: Delivery[] = [];
    const sharedCapacity = () => held.length < limit;
    const onDelivery = (d: Delivery) => held.push(d);
    const first = broker.subscribe(q1, { prefetch: 0, sharedCapacity, onDelivery });
    const second = broker.subscribe(q2, { prefetch: 0, sharedCapacity, onDelivery });
    expect(bodies(held)).toEqual(['1a', '1b']);
    // Freeing room in q1's consumer: q2's consumer waits until told to resume.
    const [done] = held.splice(0, 1);
    await broker.ack(q1, [done.deliveryTag]);
    expect(bodies(held)).toEqual(['1b']);
    second.resume();
    expect(bodies(held)).toEqual(['1b', '2a']);
    first.resume();
    expect(held).toHaveLength(2);
  });

  it('cancel with keepUnacked leaves deliveries out until settled by tag; plain cancel gives them back', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'keep');
    for (const body of ['k1', 'k2']) await send(broker, q, body);
    const got: Delivery[] = [];
    const kept = broker.subscribe(q, { prefetch: 1, onDelivery: (d) => got.push(d) });
    kept.cancel(true);
    expect(counts(broker, q)).toEqual({ ready: 1, unacked: 1, messages: 2 });
    expect(broker.ackNow(q, [got[0].deliveryTag])).toBe(1);
    expect(counts(broker, q)).toEqual({ ready: 1, unacked: 0, messages: 1 });

    const returned = broker.subscribe(q, { prefetch: 1, onDelivery: (d) => got.push(d) });
    returned.cancel();
    expect(counts(broker, q)).toEqual({ ready: 1, unacked: 0, messages: 1 });
    const again: Delivery[] = [];
    broker.subscribe(q, { prefetch: 1, onDelivery: (d) => again.push(d) });
    expect(again[0]).toMatchObject({ redelivered: true, deliveryCount: 2 });
  });

  it('nackNow requeues (redelivered) or dead-letters at once, without waiting for the commit', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'nacknow');
    await send(broker, q, 'n');
    const [d] = await broker.receive(q, { visibilityTimeoutMs: Infinity });
    await engine.advance(10 * 60_000);
    expect(counts(broker, q).unacked).toBe(1);
    expect(broker.nackNow(q, [d.deliveryTag], true)).toBe(1);
    const [again] = await broker.receive(q, {});
    expect(again).toMatchObject({ redelivered: true });
    expect(broker.nackNow(q, [again.deliveryTag], false)).toBe(1);
    expect(counts(broker, q).messages).toBe(0);
  });
});

describe('publishNow and committed', () => {
  it('routes at once and is durable when committed() resolves', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'now');
    const result = broker.publishNow({ exchange: '', routingKey: q, payload: text('p') });
    expect(result).toMatchObject({ routed: true, queues: 1, rejectedBy: [] });
    expect(counts(broker, q).ready).toBe(1);
    await broker.committed();
    await engine.restart();
    expect(counts(engine.broker, q).ready).toBe(1);
  });

  it('throws synchronously for a missing exchange', async () => {
    expect(() => engine.broker.publishNow({ exchange: 'nope', routingKey: '', payload: text('p') })).toThrow(/nope/);
  });
});

describe('exclusive queues', () => {
  it('do not survive a restart: their connection is gone', async () => {
    const { broker } = engine;
    const exclusive = await newQueue(broker, 'excl', { exclusiveOwner: 'conn-1' });
    const shared = await newQueue(broker, 'shared');
    await send(broker, exclusive, 'x');
    const restarted = await engine.restart();
    expect(restarted.findQueueInfo(exclusive)).toBeUndefined();
    expect(restarted.findQueueInfo(shared)).toBeDefined();
    const again = await engine.restart();
    expect(again.findQueueInfo(exclusive)).toBeUndefined();
  });
});
