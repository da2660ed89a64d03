import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type EngineFixture } from '../../tests/support/engine-fixture';
import { bodies, counts, newQueue, receiveAll, send } from '../../tests/support/engine-helpers';
import type { Delivery } from './types';

let engine: EngineFixture | undefined;
afterEach(async () => {
  await engine?.cleanup();
  engine = undefined;
});

describe('after a restart, heads page in when asked (or when they may expire)', () => {
  it('a stored message reaches a receive, a subscriber and a browse though nothing paged it in at start', async () => {
    engine = await startEngine();
    const queues = ['a', 'b', 'c'];
    for (const q of queues) {
      await engine.broker.declareQueue(q, { durable: true });
      await send(engine.broker, q, `${q}1`, { persistent: true });
      await send(engine.broker, q, `${q}2`, { persistent: true });
    }
    const broker = await engine.restart();
    expect(counts(broker, 'a')).toMatchObject({ ready: 2 });
    expect(bodies(await receiveAll(broker, 'a'))).toEqual(['a1', 'a2']);
    const got: Delivery[] = [];
    broker.subscribe('b', { prefetch: 10, onDelivery: (d) => got.push(d) });
    for (let i = 0; i < 10 && got.length < 2; i++) await engine.advance(10);
    expect(bodies(got)).toEqual(['b1', 'b2']);
    const page = await broker.peek('c', { limit: 10 });
    expect(page.items.map((m) => m.payload.toString())).toEqual(['c1', 'c2']);
  });

  it('stored messages with a per-message or queue TTL expire on time with no reader', async () => {
    engine = await startEngine();
    const own = await newQueue(engine.broker, 'own-ttl', { durable: true });
    const queueTtl = await newQueue(engine.broker, 'queue-ttl', { durable: true, arguments: { messageTtlMs: 3000 } });
    await send(engine.broker, own, 'short', { persistent: true, expirationMs: 2000 });
    await send(engine.broker, queueTtl, 'm', { persistent: true });
    const broker = await engine.restart();
    await engine.advance(1999);
    expect(counts(broker, own).ready).toBe(1);
    await engine.advance(1);
    expect(counts(broker, own).ready).toBe(0);
    await engine.advance(999);
    expect(counts(broker, queueTtl).ready).toBe(1);
    await engine.advance(1);
    expect(counts(broker, queueTtl).ready).toBe(0);
  });
});
