import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type EngineFixture } from '../../tests/support/engine-fixture';
import { counts, newQueue, receiveAll, send } from '../../tests/support/engine-helpers';
import type { Broker } from './broker';

let engine: EngineFixture | undefined;
afterEach(async () => {
  await engine?.cleanup();
  engine = undefined;
});

const IDLE_QUEUES = 300;

/** Queues that each hold one message and have no TTL, lease or expiry: nothing for the clock to do. */
async function idleQueues(broker: Broker, count = IDLE_QUEUES): Promise<void> {
  for (let i = 0; i < count; i++) {
    await broker.declareQueue(`idle-${i}`, { durable: true });
    await send(broker, `idle-${i}`, 'resting');
  }
}

describe("the clock tick visits only queues with time work", () => {
  it('visits none of many idle queues once their due times have been read', async () => {
    engine = await startEngine();
    await idleQueues(engine.broker);
    await engine.advance(100);
    const after = engine.broker.tickVisits;
    for (let i = 0; i < 50; i++) await engine.advance(100);
    expect(engine.broker.tickVisits).toBe(after);
  });

  it('visits the queues with a TTL, lease or expiry when due, whatever the number of idle queues', async () => {
    engine = await startEngine();
    const { broker } = engine;
    await idleQueues(broker);
    const ttl = await newQueue(broker, 'ttl', { arguments: { messageTtlMs: 1000 } });
    const leased = await newQueue(broker, 'leased');
    const expiring = await newQueue(broker, 'expiring', { arguments: { expiresMs: 2000 } });
    await send(broker, ttl, 'm');
    await send(broker, leased, 'm');
    expect(await receiveAll(broker, leased, 1500)).toHaveLength(1);
    await engine.advance(100);
    const before = broker.tickVisits;
    for (let i = 0; i < 20; i++) await engine.advance(100); // to 2.1 s after start
    // At most a visit and a re-read for each of the three when due; none of the idle ones.
    expect(broker.tickVisits - before).toBeLessThanOrEqual(3 * 2);
    expect(counts(broker, ttl).messages).toBe(0);
    expect(counts(broker, leased)).toMatchObject({ ready: 1, unacked: 0 });
    expect(broker.findQueueInfo(expiring)).toBeUndefined();
  });

  it('fires each kind of time work at its due instant, not a tick late', async () => {
    engine = await startEngine();
    const { broker } = engine;
    await idleQueues(broker, 20);
    const ttl = await newQueue(broker, 'ttl', { arguments: { messageTtlMs: 1000 } });
    const leased = await newQueue(broker, 'leased');
    const expiring = await newQueue(broker, 'expiring', { arguments: { expiresMs: 1500 } });
    await send(broker, ttl, 'm');
    await send(broker, leased, 'm');
    await receiveAll(broker, leased, 700);
    await engine.advance(699);
    expect(counts(broker, leased)).toMatchObject({ ready: 0, unacked: 1 });
    await engine.advance(1);
    expect(counts(broker, leased)).toMatchObject({ ready: 1, unacked: 0 });
    await engine.advance(299);
    expect(counts(broker, ttl).ready).toBe(1);
    await engine.advance(1);
    expect(counts(broker, ttl).ready).toBe(0);
    await engine.advance(499);
    expect(broker.findQueueInfo(expiring)).toBeDefined();
    await engine.advance(1);
    expect(broker.findQueueInfo(expiring)).toBeUndefined();
  });

  it('a message whose own expiration is earlier than the head\'s waits for the head, as in RabbitMQ', async () => {
    engine = await startEngine();
    const { broker } = engine;
    const q = await newQueue(broker, 'mixed');
    await send(broker, q, 'long', { expirationMs: 5000 });
    await send(broker, q, 'short', { expirationMs: 1000 });
    await engine.advance(1000);
    expect(counts(broker, q).ready).toBe(2);
    await engine.advance(4000);
    expect(counts(broker, q).ready).toBe(0);
  });

  it('a lease settled before its deadline costs one visit at the deadline, then none', async () => {
    engine = await startEngine();
    const { broker } = engine;
    const q = await newQueue(broker, 'acked');
    await send(broker, q, 'm');
    const [delivery] = await receiveAll(broker, q, 500);
    await broker.ack(q, [delivery.deliveryTag]);
    await engine.advance(500);
    const after = broker.tickVisits;
    for (let i = 0; i < 10; i++) await engine.advance(100);
    expect(broker.tickVisits).toBe(after);
  });

  it('TTL messages paged in from the store expire at their due instant', async () => {
    engine = await startEngine({ headLimit: 4 });
    const { broker } = engine;
    const q = await newQueue(broker, 'paged', { durable: true, arguments: { messageTtlMs: 1000 } });
    for (let i = 0; i < 12; i++) await send(broker, q, `m${i}`, { persistent: true });
    await engine.advance(500);
    // Taking the in-memory head pages the next ones in: they reach the head without a transition of their own.
    const taken = await receiveAll(broker, q);
    await broker.ack(q, taken.map((d) => d.deliveryTag));
    await engine.advance(499);
    expect(counts(broker, q).ready).toBe(12 - taken.length);
    await engine.advance(1);
    expect(counts(broker, q).ready).toBe(0);
  });

  it('a queue with an expiry brought back by a restart still expires when unused', async () => {
    engine = await startEngine();
    const q = await newQueue(engine.broker, 'expiring', { durable: true, arguments: { expiresMs: 5000 } });
    await idleQueues(engine.broker, 20);
    const broker = await engine.restart();
    await engine.advance(4900);
    expect(broker.findQueueInfo(q)).toBeDefined();
    await engine.advance(100);
    expect(broker.findQueueInfo(q)).toBeUndefined();
  });
});
