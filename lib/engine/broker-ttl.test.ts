import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settle, startEngine, type EngineFixture } from '../../tests/support/engine-fixture';
import { bodies, counts, deathsOf, newDeadLetterTarget, newQueue, receiveAll, send, settleAll, drain } from '../../tests/support/engine-helpers';

let engine: EngineFixture;
beforeEach(async () => {
  engine = await startEngine();
});
afterEach(async () => {
  await engine.cleanup();
});

describe('queue TTL (messageTtlMs)', () => {
  it('a message stays ready until its TTL has passed, then is gone', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'ttl', { arguments: { messageTtlMs: 1000 } });
    await send(broker, q, 'm');
    await engine.advance(999);
    expect(counts(broker, q)).toMatchObject({ ready: 1 });
    await engine.advance(1);
    expect(counts(broker, q)).toEqual({ ready: 0, unacked: 0, messages: 0 });
    expect(await receiveAll(broker, q)).toEqual([]);
  });

  it('an expired message is never delivered, even before the clock work has run', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'ttl', { arguments: { messageTtlMs: 1000 } });
    await send(broker, q, 'old');
    engine.clock.advance(1500); // no tick: receive itself must notice
    await send(broker, q, 'new');
    expect(bodies(await receiveAll(broker, q))).toEqual(['new']);
  });

  it('a message is expired at exactly its expiry time (RabbitMQ: now >= expiry)', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'ttl', { arguments: { messageTtlMs: 1000 } });
    await send(broker, q, 'm');
    engine.clock.advance(1000); // no tick
    expect(await receiveAll(broker, q)).toEqual([]);
  });

  it('an expired message is dead-lettered with reason expired when the queue has a dead-letter exchange', async () => {
    const { broker } = engine;
    const dl = await newDeadLetterTarget(broker);
    const q = await newQueue(broker, 'ttl', { arguments: { messageTtlMs: 1000, deadLetterExchange: dl.exchange } });
    await send(broker, q, 'm');
    await engine.advance(1000);
    expect(counts(broker, q).messages).toBe(0);
    const [dead] = await receiveAll(broker, dl.queue);
    expect(dead.payload.toString()).toBe('m');
    expect(deathsOf(dead)).toEqual([
      expect.objectContaining({ queue: q, reason: 'expired', count: 1, exchange: '', 'routing-keys': [q] }),
    ]);
  });

  it('an expired message is dead-lettered when a receive finds it, before any clock work', async () => {
    const { broker } = engine;
    const dl = await newDeadLetterTarget(broker);
    const q = await newQueue(broker, 'ttl', { arguments: { messageTtlMs: 1000, deadLetterExchange: dl.exchange } });
    await send(broker, q, 'm');
    engine.clock.advance(2000);
    expect(await receiveAll(broker, q)).toEqual([]);
    expect(bodies(await receiveAll(broker, dl.queue))).toEqual(['m']);
  });

  it('without a dead-letter exchange an expired message is dropped', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'ttl', { arguments: { messageTtlMs: 500 } });
    await send(broker, q, 'a');
    await send(broker, q, 'b');
    await engine.advance(500);
    expect(counts(broker, q)).toEqual({ ready: 0, unacked: 0, messages: 0 });
  });

  it('the TTL runs from publish time, so later messages outlive earlier ones', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'ttl', { arguments: { messageTtlMs: 1000 } });
    await send(broker, q, 'first');
    await engine.advance(600);
    await send(broker, q, 'second');
    await engine.advance(400);
    expect(bodies(await receiveAll(broker, q))).toEqual(['second']);
  });

  it('the expiry survives a restart', async () => {
    const q = await newQueue(engine.broker, 'ttl', { arguments: { messageTtlMs: 1000 } });
    await send(engine.broker, q, 'm');
    await engine.advance(500);
    const broker = await engine.restart();
    await settle();
    expect(counts(broker, q).ready).toBe(1);
    await engine.advance(500);
    expect(counts(broker, q).ready).toBe(0);
  });
});

describe('per-message TTL (expirationMs)', () => {
  it('expires a message after its own expiration', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'msg-ttl');
    await send(broker, q, 'short', { expirationMs: 300 });
    await send(broker, q, 'forever');
    await engine.advance(300);
    expect(bodies(await receiveAll(broker, q))).toEqual(['forever']);
  });

  it('the effective TTL is the smaller of queue and message TTL', async () => {
    const { broker } = engine;
    const queueShorter = await newQueue(broker, 'min-q', { arguments: { messageTtlMs: 300 } });
    const messageShorter = await newQueue(broker, 'min-m', { arguments: { messageTtlMs: 1000 } });
    await send(broker, queueShorter, 'a', { expirationMs: 1000 });
    await send(broker, messageShorter, 'b', { expirationMs: 300 });
    await engine.advance(299);
    expect(counts(broker, queueShorter).ready).toBe(1);
    expect(counts(broker, messageShorter).ready).toBe(1);
    await engine.advance(1);
    expect(counts(broker, queueShorter).ready).toBe(0);
    expect(counts(broker, messageShorter).ready).toBe(0);
  });

  it('an expired message behind a live head is never delivered', async () => {
    const { broker } = engine;
    const dl = await newDeadLetterTarget(broker);
    const q = await newQueue(broker, 'msg-ttl', { arguments: { deadLetterExchange: dl.exchange } });
    await send(broker, q, 'head');
    await send(broker, q, 'short', { expirationMs: 100 });
    await send(broker, q, 'tail');
    await engine.advance(200);
    expect(bodies(await receiveAll(broker, q))).toEqual(['head', 'tail']);
    const [dead] = await receiveAll(broker, dl.queue);
    expect(dead.payload.toString()).toBe('short');
    expect(deathsOf(dead)[0]).toMatchObject({ reason: 'expired', 'original-expiration': '100' });
    expect(dead.properties.expirationMs).toBeUndefined();
  });
});

describe('TTL 0', () => {
  it('is delivered when a receiver is already waiting at publish', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'ttl0', { arguments: { messageTtlMs: 0 } });
    const waiting = broker.receive(q, { waitMs: 5000 });
    await send(broker, q, 'now');
    expect(bodies(await waiting)).toEqual(['now']);
  });

  it('is delivered when a subscriber has room at publish', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'ttl0', { arguments: { messageTtlMs: 0 } });
    const got: string[] = [];
    broker.subscribe(q, { prefetch: 1, onDelivery: (d) => got.push(d.payload.toString()) });
    await send(broker, q, 'now');
    expect(got).toEqual(['now']);
  });

  it('expires at once when nobody can take it, and is dead-lettered', async () => {
    const { broker } = engine;
    const dl = await newDeadLetterTarget(broker);
    const q = await newQueue(broker, 'ttl0', { arguments: { messageTtlMs: 0, deadLetterExchange: dl.exchange } });
    await send(broker, q, 'late');
    expect(counts(broker, q).messages).toBe(0);
    const [dead] = await receiveAll(broker, dl.queue);
    expect(deathsOf(dead)[0]).toMatchObject({ queue: q, reason: 'expired' });
  });

  it('expires at once when the only subscriber is at its prefetch limit', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'ttl0', { arguments: { messageTtlMs: 0 } });
    const got: string[] = [];
    broker.subscribe(q, { prefetch: 1, onDelivery: (d) => got.push(d.payload.toString()) });
    await send(broker, q, 'first');
    await send(broker, q, 'second');
    expect(got).toEqual(['first']);
    expect(counts(broker, q)).toEqual({ ready: 0, unacked: 1, messages: 1 });
  });

  it('a per-message expiration of 0 behaves the same', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'ttl0');
    await send(broker, q, 'gone', { expirationMs: 0 });
    expect(counts(broker, q).messages).toBe(0);
    const waiting = broker.receive(q, { waitMs: 5000 });
    await send(broker, q, 'taken', { expirationMs: 0 });
    expect(bodies(await waiting)).toEqual(['taken']);
  });
});

describe('requeue and TTL', () => {
  it('a requeued message keeps its original expiry', async () => {
    const { broker } = engine;
    const dl = await newDeadLetterTarget(broker);
    const q = await newQueue(broker, 'ttl', { arguments: { messageTtlMs: 1000, deadLetterExchange: dl.exchange } });
    await send(broker, q, 'm');
    const [delivery] = await receiveAll(broker, q);
    await engine.advance(600);
    expect(await broker.nack(q, [delivery.deliveryTag], true)).toBe(1);
    await engine.advance(399);
    expect(counts(broker, q).ready).toBe(1);
    await engine.advance(1);
    expect(counts(broker, q).messages).toBe(0);
    expect(deathsOf((await receiveAll(broker, dl.queue))[0])[0]).toMatchObject({ reason: 'expired' });
  });

  it('an unacked message does not expire while out, and may still be acked after its TTL', async () => {
    const { broker } = engine;
    const dl = await newDeadLetterTarget(broker);
    const q = await newQueue(broker, 'ttl', { arguments: { messageTtlMs: 1000, deadLetterExchange: dl.exchange } });
    await send(broker, q, 'm');
    const [delivery] = await receiveAll(broker, q);
    await engine.advance(5000);
    expect(counts(broker, q)).toMatchObject({ unacked: 1 });
    expect(await broker.ack(q, [delivery.deliveryTag])).toBe(1);
    expect(counts(broker, dl.queue).messages).toBe(0);
  });

  it('a message requeued after its expiry is dead-lettered at once (RabbitMQ requeue_and_run drops expired)', async () => {
    const { broker } = engine;
    const dl = await newDeadLetterTarget(broker);
    const q = await newQueue(broker, 'ttl', { arguments: { messageTtlMs: 1000, deadLetterExchange: dl.exchange } });
    await send(broker, q, 'm');
    const [delivery] = await receiveAll(broker, q);
    await engine.advance(2000);
    await broker.nack(q, [delivery.deliveryTag], true);
    expect(counts(broker, q).messages).toBe(0);
    const [dead] = await receiveAll(broker, dl.queue);
    expect(deathsOf(dead)[0]).toMatchObject({ queue: q, reason: 'expired' });
  });

  it('a lease that runs out after the expiry dead-letters the message as expired, not redelivered', async () => {
    const { broker } = engine;
    const dl = await newDeadLetterTarget(broker);
    const q = await newQueue(broker, 'ttl', { arguments: { messageTtlMs: 1000, deadLetterExchange: dl.exchange } });
    await send(broker, q, 'm');
    await broker.receive(q, { visibilityTimeoutMs: 3000 });
    await engine.advance(3000);
    expect(counts(broker, q).messages).toBe(0);
    expect(deathsOf((await receiveAll(broker, dl.queue))[0])[0]).toMatchObject({ reason: 'expired' });
  });

  it('a lease that runs out exactly at the expiry does not hand the message to a waiting receiver', async () => {
    const { broker } = engine;
    const dl = await newDeadLetterTarget(broker);
    const q = await newQueue(broker, 'ttl', { arguments: { messageTtlMs: 1000, deadLetterExchange: dl.exchange } });
    await send(broker, q, 'm');
    await broker.receive(q, { visibilityTimeoutMs: 1000 });
    const waiting = broker.receive(q, { waitMs: 5000 });
    await engine.advance(1000);
    expect(bodies(await receiveAll(broker, dl.queue))).toEqual(['m']);
    await engine.advance(4000);
    expect(await waiting).toEqual([]);
  });
});

describe('TTL with messages paged out to the store', () => {
  it('messages beyond the in-memory head expire on time too, in order, without anyone reading', async () => {
    await engine.cleanup();
    engine = await startEngine({ headLimit: 2 });
    const { broker } = engine;
    const dl = await newDeadLetterTarget(broker);
    const q = await newQueue(broker, 'paged-ttl', { arguments: { messageTtlMs: 1000, deadLetterExchange: dl.exchange } });
    for (let i = 1; i <= 6; i++) await send(broker, q, `m${i}`);
    await engine.advance(1000);
    await settleAll();
    expect(counts(broker, q).messages).toBe(0);
    expect(counts(broker, dl.queue).ready).toBe(6);
    expect(bodies(await drain(broker, dl.queue, 6))).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6']);
  });

  it('paged messages that have not expired yet stay', async () => {
    await engine.cleanup();
    engine = await startEngine({ headLimit: 2 });
    const { broker } = engine;
    const q = await newQueue(broker, 'paged-ttl', { arguments: { messageTtlMs: 1000 } });
    for (let i = 1; i <= 3; i++) await send(broker, q, `old${i}`);
    await engine.advance(500);
    for (let i = 1; i <= 3; i++) await send(broker, q, `new${i}`);
    await engine.advance(500);
    await settleAll();
    expect(counts(broker, q).ready).toBe(3);
    await engine.advance(500);
    await settleAll();
    expect(counts(broker, q).ready).toBe(0);
  });
});
