import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEngine, type EngineFixture } from '../../tests/support/engine-fixture';
import { bodies, drain, newQueue, receiveAll, send } from '../../tests/support/engine-helpers';
import type { Delivery } from './types';

let engine: EngineFixture;
beforeEach(async () => {
  engine = await startEngine();
});
afterEach(async () => {
  await engine.cleanup();
});

describe('priority queues (maxPriority)', () => {
  it('delivers higher priorities first', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'prio', { arguments: { maxPriority: 10 } });
    await send(broker, q, 'p1', { priority: 1 });
    await send(broker, q, 'p5', { priority: 5 });
    await send(broker, q, 'p3', { priority: 3 });
    await send(broker, q, 'p10', { priority: 10 });
    expect(bodies(await receiveAll(broker, q))).toEqual(['p10', 'p5', 'p3', 'p1']);
  });

  it('is FIFO within a priority', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'prio', { arguments: { maxPriority: 5 } });
    await send(broker, q, 'a2', { priority: 2 });
    await send(broker, q, 'x1', { priority: 1 });
    await send(broker, q, 'b2', { priority: 2 });
    await send(broker, q, 'y1', { priority: 1 });
    await send(broker, q, 'c2', { priority: 2 });
    expect(bodies(await receiveAll(broker, q))).toEqual(['a2', 'b2', 'c2', 'x1', 'y1']);
  });

  it('a message without priority counts as priority 0', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'prio', { arguments: { maxPriority: 5 } });
    await send(broker, q, 'none-1');
    await send(broker, q, 'zero', { priority: 0 });
    await send(broker, q, 'one', { priority: 1 });
    await send(broker, q, 'none-2');
    expect(bodies(await receiveAll(broker, q))).toEqual(['one', 'none-1', 'zero', 'none-2']);
  });

  it('a priority above the maximum counts as the maximum', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'prio', { arguments: { maxPriority: 3 } });
    await send(broker, q, 'two', { priority: 2 });
    await send(broker, q, 'three', { priority: 3 });
    await send(broker, q, 'two-hundred', { priority: 200 });
    await send(broker, q, 'four', { priority: 4 });
    expect(bodies(await receiveAll(broker, q))).toEqual(['three', 'two-hundred', 'four', 'two']);
  });

  it('a queue without maxPriority ignores message priorities', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'plain');
    await send(broker, q, 'low', { priority: 1 });
    await send(broker, q, 'high', { priority: 9 });
    expect(bodies(await receiveAll(broker, q))).toEqual(['low', 'high']);
  });

  it('a requeued message returns to its original position', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'prio', { arguments: { maxPriority: 5 } });
    await send(broker, q, 'a', { priority: 2 });
    await send(broker, q, 'b', { priority: 2 });
    await send(broker, q, 'c', { priority: 2 });
    await send(broker, q, 'low', { priority: 1 });
    const [a, b] = await broker.receive(q, { max: 2 });
    expect(bodies([a, b])).toEqual(['a', 'b']);
    await broker.nack(q, [b.deliveryTag], true);
    await broker.nack(q, [a.deliveryTag], true);
    const again = await receiveAll(broker, q);
    expect(bodies(again)).toEqual(['a', 'b', 'c', 'low']);
    expect(again.map((d) => d.redelivered)).toEqual([true, true, false, false]);
  });

  it('a requeued message goes ahead of lower priorities published meanwhile, behind higher ones', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'prio', { arguments: { maxPriority: 9 } });
    await send(broker, q, 'mid', { priority: 5 });
    const [mid] = await receiveAll(broker, q);
    await send(broker, q, 'low', { priority: 1 });
    await send(broker, q, 'mid-later', { priority: 5 });
    await send(broker, q, 'high', { priority: 9 });
    await broker.nack(q, [mid.deliveryTag], true);
    expect(bodies(await receiveAll(broker, q))).toEqual(['high', 'mid', 'mid-later', 'low']);
  });

  it('a lease running out also puts the message back in its place', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'prio', { arguments: { maxPriority: 3 } });
    await send(broker, q, 'first', { priority: 3 });
    await broker.receive(q, { visibilityTimeoutMs: 1000 });
    await send(broker, q, 'second', { priority: 3 });
    await send(broker, q, 'low', { priority: 0 });
    await engine.advance(1000);
    expect(bodies(await receiveAll(broker, q))).toEqual(['first', 'second', 'low']);
  });

  it('a subscriber gets the backlog in priority order', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'prio', { arguments: { maxPriority: 3 } });
    await send(broker, q, 'l', { priority: 1 });
    await send(broker, q, 'h', { priority: 3 });
    await send(broker, q, 'm', { priority: 2 });
    const got: Delivery[] = [];
    broker.subscribe(q, { prefetch: 0, onDelivery: (d) => got.push(d) });
    expect(bodies(got)).toEqual(['h', 'm', 'l']);
  });

  it('the delivered message keeps the priority it was published with', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'prio', { arguments: { maxPriority: 3 } });
    await send(broker, q, 'm', { priority: 7 });
    const [delivery] = await receiveAll(broker, q);
    expect(delivery.properties.priority).toBe(7);
  });

  it('keeps priority order when most messages are paged out to the store', async () => {
    await engine.cleanup();
    engine = await startEngine({ headLimit: 2 });
    const { broker } = engine;
    const q = await newQueue(broker, 'prio-paged', { arguments: { maxPriority: 5 } });
    await send(broker, q, 'l1', { priority: 1 });
    await send(broker, q, 'l2', { priority: 1 });
    await send(broker, q, 'h1', { priority: 5 });
    await send(broker, q, 'l3', { priority: 1 });
    await send(broker, q, 'h2', { priority: 5 });
    expect(bodies(await drain(broker, q, 5))).toEqual(['h1', 'h2', 'l1', 'l2', 'l3']);
  });
});
