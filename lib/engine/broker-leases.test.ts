import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settle, startEngine, text, type EngineFixture } from '../../tests/support/engine-fixture';
import { bodies, counts, deathsOf, newDeadLetterTarget, newQueue, receiveAll, send } from '../../tests/support/engine-helpers';
import type { Delivery } from './types';

let engine: EngineFixture;
beforeEach(async () => {
  engine = await startEngine();
});
afterEach(async () => {
  await engine.cleanup();
});

describe('receive leases', () => {
  it('a lease that runs out makes the message ready again, redelivered, with a higher deliveryCount', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'lease');
    await send(broker, q, 'm');
    const [first] = await broker.receive(q, { visibilityTimeoutMs: 1000 });
    expect(first).toMatchObject({ redelivered: false, deliveryCount: 1 });
    await engine.advance(999);
    expect(counts(broker, q)).toEqual({ ready: 0, unacked: 1, messages: 1 });
    await engine.advance(1);
    expect(counts(broker, q)).toEqual({ ready: 1, unacked: 0, messages: 1 });
    const [second] = await broker.receive(q, { visibilityTimeoutMs: 1000 });
    expect(second).toMatchObject({ messageId: first.messageId, redelivered: true, deliveryCount: 2 });
    await engine.advance(1000);
    const [third] = await receiveAll(broker, q);
    expect(third).toMatchObject({ redelivered: true, deliveryCount: 3 });
  });

  it('uses the default visibility timeout of 30 s', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'lease');
    await send(broker, q, 'm');
    await broker.receive(q, {});
    await engine.advance(29_999);
    expect(counts(broker, q).unacked).toBe(1);
    await engine.advance(1);
    expect(counts(broker, q).ready).toBe(1);
  });

  it('each message of one receive has its own tag', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'lease');
    for (const body of ['a', 'b', 'c']) await send(broker, q, body);
    const got = await broker.receive(q, { max: 2 });
    expect(bodies(got)).toEqual(['a', 'b']);
    expect(new Set(got.map((d) => d.deliveryTag)).size).toBe(2);
    expect(counts(broker, q)).toEqual({ ready: 1, unacked: 2, messages: 3 });
  });
});

describe('ack', () => {
  it('removes the message for good', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'ack');
    await send(broker, q, 'm');
    const [delivery] = await broker.receive(q, { visibilityTimeoutMs: 1000 });
    expect(await broker.ack(q, [delivery.deliveryTag])).toBe(1);
    expect(counts(broker, q).messages).toBe(0);
    await engine.advance(5000);
    expect(await receiveAll(broker, q)).toEqual([]);
  });

  it('acked messages do not come back after a restart; unacked ones do, redelivered', async () => {
    const q = await newQueue(engine.broker, 'ack');
    for (const body of ['acked', 'unacked', 'ready']) await send(engine.broker, q, body);
    const [acked, unacked] = await engine.broker.receive(q, { max: 2 });
    expect(unacked.payload.toString()).toBe('unacked');
    await engine.broker.ack(q, [acked.deliveryTag]);
    const broker = await engine.restart();
    await settle();
    expect(counts(broker, q)).toEqual({ ready: 2, unacked: 0, messages: 2 });
    const again = await receiveAll(broker, q);
    expect(again.map((d) => [d.payload.toString(), d.redelivered, d.deliveryCount])).toEqual([
      ['unacked', true, 2],
      ['ready', false, 1],
    ]);
  });

  it('stale, unknown and repeated delivery tags do nothing', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'stale');
    await send(broker, q, 'm');
    const [first] = await broker.receive(q, { visibilityTimeoutMs: 1000 });
    await engine.advance(1000);
    const [second] = await broker.receive(q, { visibilityTimeoutMs: 1000 });
    expect(second.deliveryTag).not.toBe(first.deliveryTag);
    expect(await broker.ack(q, [first.deliveryTag])).toBe(0);
    expect(await broker.nack(q, [first.deliveryTag], false)).toBe(0);
    expect(await broker.ack(q, ['no-such-tag'])).toBe(0);
    expect(counts(broker, q)).toEqual({ ready: 0, unacked: 1, messages: 1 });
    expect(await broker.ack(q, [second.deliveryTag, second.deliveryTag])).toBe(1);
    expect(await broker.ack(q, [second.deliveryTag])).toBe(0);
    expect(counts(broker, q).messages).toBe(0);
  });

  it('a tag of one queue does not settle a delivery of another', async () => {
    const { broker } = engine;
    const a = await newQueue(broker, 'a');
    const b = await newQueue(broker, 'b');
    await send(broker, a, 'm');
    const [delivery] = await receiveAll(broker, a);
    expect(await broker.ack(b, [delivery.deliveryTag])).toBe(0);
    expect(counts(broker, a).unacked).toBe(1);
  });

  it('a tag from before a restart is stale after it', async () => {
    const q = await newQueue(engine.broker, 'stale');
    await send(engine.broker, q, 'm');
    const [before] = await receiveAll(engine.broker, q);
    const broker = await engine.restart();
    await settle();
    const [after] = await receiveAll(broker, q);
    expect(after.deliveryTag).not.toBe(before.deliveryTag);
    expect(await broker.ack(q, [before.deliveryTag])).toBe(0);
    expect(await broker.ack(q, [after.deliveryTag])).toBe(1);
  });
});

describe('nack', () => {
  it('with requeue puts the message back at its place, redelivered', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'nack');
    await send(broker, q, 'a');
    await send(broker, q, 'b');
    const [a] = await broker.receive(q, { max: 1 });
    expect(await broker.nack(q, [a.deliveryTag], true)).toBe(1);
    const again = await receiveAll(broker, q);
    expect(again.map((d) => [d.payload.toString(), d.redelivered, d.deliveryCount])).toEqual([
      ['a', true, 2],
      ['b', false, 1],
    ]);
  });

  it('without requeue dead-letters with reason rejected', async () => {
    const { broker } = engine;
    const dl = await newDeadLetterTarget(broker);
    const q = await newQueue(broker, 'nack', { arguments: { deadLetterExchange: dl.exchange } });
    await send(broker, q, 'm');
    const [delivery] = await receiveAll(broker, q);
    expect(await broker.nack(q, [delivery.deliveryTag], false)).toBe(1);
    expect(counts(broker, q).messages).toBe(0);
    const [dead] = await receiveAll(broker, dl.queue);
    expect(dead).toMatchObject({ messageId: delivery.messageId, redelivered: false, deliveryCount: 1 });
    expect(deathsOf(dead)).toEqual([expect.objectContaining({ queue: q, reason: 'rejected', count: 1 })]);
  });

  it('without requeue and without a dead-letter exchange drops the message', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'nack');
    await send(broker, q, 'm');
    const [delivery] = await receiveAll(broker, q);
    await broker.nack(q, [delivery.deliveryTag], false);
    expect(counts(broker, q).messages).toBe(0);
    await engine.advance(60_000);
    expect(await receiveAll(broker, q)).toEqual([]);
  });
});

describe('deliveryLimit', () => {
  it('dead-letters with reason delivery_limit when a message delivered that many times is nacked with requeue', async () => {
    const { broker } = engine;
    const dl = await newDeadLetterTarget(broker);
    const q = await newQueue(broker, 'limit', { arguments: { deliveryLimit: 2, deadLetterExchange: dl.exchange } });
    await send(broker, q, 'm');
    const [first] = await receiveAll(broker, q);
    await broker.nack(q, [first.deliveryTag], true);
    expect(counts(broker, q).ready).toBe(1);
    const [second] = await receiveAll(broker, q);
    expect(second.deliveryCount).toBe(2);
    await broker.nack(q, [second.deliveryTag], true);
    expect(counts(broker, q).messages).toBe(0);
    const [dead] = await receiveAll(broker, dl.queue);
    expect(deathsOf(dead)).toEqual([expect.objectContaining({ queue: q, reason: 'delivery_limit', count: 1 })]);
  });

  it('dead-letters with reason delivery_limit when the last allowed lease runs out', async () => {
    const { broker } = engine;
    const dl = await newDeadLetterTarget(broker);
    const q = await newQueue(broker, 'limit', { arguments: { deliveryLimit: 1, deadLetterExchange: dl.exchange } });
    await send(broker, q, 'm');
    await broker.receive(q, { visibilityTimeoutMs: 1000 });
    await engine.advance(1000);
    expect(counts(broker, q).messages).toBe(0);
    const [dead] = await receiveAll(broker, dl.queue);
    expect(deathsOf(dead)[0]).toMatchObject({ reason: 'delivery_limit' });
  });

  it('without a dead-letter exchange the message is dropped', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'limit', { arguments: { deliveryLimit: 1 } });
    await send(broker, q, 'm');
    const [delivery] = await receiveAll(broker, q);
    await broker.nack(q, [delivery.deliveryTag], true);
    expect(counts(broker, q).messages).toBe(0);
  });

  it('a nack without requeue before the limit is rejected, not delivery_limit', async () => {
    const { broker } = engine;
    const dl = await newDeadLetterTarget(broker);
    const q = await newQueue(broker, 'limit', { arguments: { deliveryLimit: 5, deadLetterExchange: dl.exchange } });
    await send(broker, q, 'm');
    const [delivery] = await receiveAll(broker, q);
    await broker.nack(q, [delivery.deliveryTag], false);
    expect(deathsOf((await receiveAll(broker, dl.queue))[0])[0]).toMatchObject({ reason: 'rejected' });
  });
});

describe('long-poll receive', () => {
  it('waits for a later publish and answers with it', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'poll');
    let answered = false;
    const waiting = broker.receive(q, { waitMs: 5000 }).finally(() => (answered = true));
    await settle();
    expect(answered).toBe(false);
    await send(broker, q, 'late');
    const [delivery] = await waiting;
    expect(delivery).toMatchObject({ redelivered: false, deliveryCount: 1 });
    expect(delivery.payload.toString()).toBe('late');
    expect(counts(broker, q).unacked).toBe(1);
  });

  it('answers empty when its timer fires', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'poll');
    let answered = false;
    const waiting = broker.receive(q, { waitMs: 5000 }).finally(() => (answered = true));
    await engine.advance(4999);
    expect(answered).toBe(false);
    await engine.advance(1);
    expect(await waiting).toEqual([]);
  });

  it('answers at once when a message is ready', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'poll');
    await send(broker, q, 'ready');
    expect(bodies(await broker.receive(q, { waitMs: 20_000 }))).toEqual(['ready']);
  });

  it('gets a batch published at once in one answer, up to max', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'poll');
    const waiting = broker.receive(q, { max: 3, waitMs: 5000 });
    await broker.publishBatch(['a', 'b', 'c', 'd'].map((body) => ({ exchange: '', routingKey: q, payload: text(body) })));
    expect(bodies(await waiting)).toEqual(['a', 'b', 'c']);
    expect(counts(broker, q)).toEqual({ ready: 1, unacked: 3, messages: 4 });
  });

  it('a message it got has the lease asked for', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'poll');
    const waiting = broker.receive(q, { waitMs: 5000, visibilityTimeoutMs: 2000 });
    await send(broker, q, 'm');
    await waiting;
    await engine.advance(1999);
    expect(counts(broker, q).unacked).toBe(1);
    await engine.advance(1);
    expect(counts(broker, q).ready).toBe(1);
  });

  it('is answered by a message that a nack requeues', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'poll');
    await send(broker, q, 'm');
    const [out] = await receiveAll(broker, q);
    const waiting = broker.receive(q, { waitMs: 5000 });
    await broker.nack(q, [out.deliveryTag], true);
    const [again] = await waiting;
    expect(again).toMatchObject({ redelivered: true, deliveryCount: 2 });
  });
});

describe('subscribe', () => {
  it('never has more than prefetch unacked deliveries', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'sub');
    const got: Delivery[] = [];
    let most = 0;
    broker.subscribe(q, {
      prefetch: 2,
      onDelivery: (d) => {
        got.push(d);
        most = Math.max(most, broker.getQueue(q).messagesUnacked);
      },
    });
    for (const body of ['a', 'b', 'c', 'd', 'e']) await send(broker, q, body);
    expect(bodies(got)).toEqual(['a', 'b']);
    expect(counts(broker, q)).toEqual({ ready: 3, unacked: 2, messages: 5 });
    await broker.ack(q, [got[0].deliveryTag]);
    expect(bodies(got)).toEqual(['a', 'b', 'c']);
    await broker.ack(q, got.slice(1).map((d) => d.deliveryTag));
    expect(bodies(got)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(most).toBe(2);
  });

  it('prefetch 0 is unlimited', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'sub');
    for (const body of ['a', 'b', 'c']) await send(broker, q, body);
    const got: Delivery[] = [];
    broker.subscribe(q, { prefetch: 0, onDelivery: (d) => got.push(d) });
    expect(bodies(got)).toEqual(['a', 'b', 'c']);
  });

  it('subscribe deliveries do not run out like leases', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'sub');
    broker.subscribe(q, { prefetch: 1, onDelivery: () => undefined });
    await send(broker, q, 'm');
    await engine.advance(24 * 60 * 60 * 1000);
    expect(counts(broker, q)).toEqual({ ready: 0, unacked: 1, messages: 1 });
  });

  it('round-robins messages published one at a time between consumers', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'sub');
    const one: string[] = [];
    const two: string[] = [];
    broker.subscribe(q, { prefetch: 10, onDelivery: (d) => one.push(d.payload.toString()) });
    broker.subscribe(q, { prefetch: 10, onDelivery: (d) => two.push(d.payload.toString()) });
    for (const body of ['m1', 'm2', 'm3', 'm4']) await send(broker, q, body);
    expect(one).toEqual(['m1', 'm3']);
    expect(two).toEqual(['m2', 'm4']);
  });

  it('round-robins a batch between consumers', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'sub');
    const one: string[] = [];
    const two: string[] = [];
    broker.subscribe(q, { prefetch: 10, onDelivery: (d) => one.push(d.payload.toString()) });
    broker.subscribe(q, { prefetch: 10, onDelivery: (d) => two.push(d.payload.toString()) });
    await broker.publishBatch(['m1', 'm2', 'm3', 'm4'].map((body) => ({ exchange: '', routingKey: q, payload: text(body) })));
    expect(one).toEqual(['m1', 'm3']);
    expect(two).toEqual(['m2', 'm4']);
  });

  it('skips a consumer at its prefetch limit', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'sub');
    const one: string[] = [];
    const two: string[] = [];
    broker.subscribe(q, { prefetch: 1, onDelivery: (d) => one.push(d.payload.toString()) });
    broker.subscribe(q, { prefetch: 10, onDelivery: (d) => two.push(d.payload.toString()) });
    for (const body of ['m1', 'm2', 'm3', 'm4']) await send(broker, q, body);
    expect(one).toEqual(['m1']);
    expect(two).toEqual(['m2', 'm3', 'm4']);
  });

  it('cancel returns the unacked messages as ready, redelivered, in their places', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'sub');
    const got: Delivery[] = [];
    const consumer = broker.subscribe(q, { prefetch: 3, onDelivery: (d) => got.push(d) });
    for (const body of ['a', 'b', 'c', 'd']) await send(broker, q, body);
    await broker.ack(q, [got[1].deliveryTag]);
    expect(bodies(got)).toEqual(['a', 'b', 'c', 'd']);
    consumer.cancel();
    expect(counts(broker, q)).toEqual({ ready: 3, unacked: 0, messages: 3 });
    expect(broker.getQueue(q).consumers).toBe(0);
    expect(await broker.ack(q, [got[0].deliveryTag])).toBe(0);
    const again = await receiveAll(broker, q);
    expect(again.map((d) => [d.payload.toString(), d.redelivered])).toEqual([
      ['a', true],
      ['c', true],
      ['d', true],
    ]);
  });

  it('cancel hands the unacked messages to the remaining consumer', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'sub');
    const one: Delivery[] = [];
    const two: Delivery[] = [];
    const first = broker.subscribe(q, { prefetch: 10, onDelivery: (d) => one.push(d) });
    broker.subscribe(q, { prefetch: 10, onDelivery: (d) => two.push(d) });
    for (const body of ['m1', 'm2']) await send(broker, q, body);
    first.cancel();
    expect(bodies(two)).toEqual(['m2', 'm1']);
    expect(two[1]).toMatchObject({ redelivered: true, deliveryCount: 2 });
  });

  it('a nack with requeue from a subscriber redelivers it', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'sub');
    const got: Delivery[] = [];
    broker.subscribe(q, { prefetch: 1, onDelivery: (d) => got.push(d) });
    await send(broker, q, 'm');
    await broker.nack(q, [got[0].deliveryTag], true);
    expect(got.map((d) => [d.payload.toString(), d.redelivered])).toEqual([
      ['m', false],
      ['m', true],
    ]);
  });
});
