import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEngine, text, type EngineFixture } from '../../tests/support/engine-fixture';
import { bodies, counts, deathsOf, newDeadLetterTarget, newQueue, receiveAll, send, settleAll, unique, drain } from '../../tests/support/engine-helpers';
import type { Delivery } from './types';

let engine: EngineFixture;
beforeEach(async () => {
  engine = await startEngine();
});
afterEach(async () => {
  await engine.cleanup();
});

describe('drop-head overflow (the default)', () => {
  it('maxLength drops the oldest ready message', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'maxlen', { arguments: { maxLength: 2 } });
    for (const body of ['m1', 'm2', 'm3']) expect(await send(broker, q, body)).toMatchObject({ routed: true, queues: 1, rejectedBy: [] });
    expect(counts(broker, q).ready).toBe(2);
    expect(bodies(await receiveAll(broker, q))).toEqual(['m2', 'm3']);
  });

  it('dead-letters the dropped message with reason maxlen', async () => {
    const { broker } = engine;
    const dl = await newDeadLetterTarget(broker);
    const q = await newQueue(broker, 'maxlen', { arguments: { maxLength: 1, deadLetterExchange: dl.exchange } });
    await send(broker, q, 'm1');
    await send(broker, q, 'm2');
    const [dead] = await receiveAll(broker, dl.queue);
    expect(dead.payload.toString()).toBe('m1');
    expect(deathsOf(dead)).toEqual([expect.objectContaining({ queue: q, reason: 'maxlen', count: 1 })]);
    expect(bodies(await receiveAll(broker, q))).toEqual(['m2']);
  });

  it('maxLengthBytes drops from the head until the ready bytes fit', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'maxbytes', { arguments: { maxLengthBytes: 10 } });
    await send(broker, q, 'aaaa');
    await send(broker, q, 'bbbb');
    expect(broker.getQueue(q).bytesReady).toBe(8);
    await send(broker, q, 'cccc');
    expect(broker.getQueue(q)).toMatchObject({ messagesReady: 2, bytesReady: 8 });
    expect(bodies(await receiveAll(broker, q))).toEqual(['bbbb', 'cccc']);
  });

  it('drops the oldest even when most messages are paged out to the store', async () => {
    await engine.cleanup();
    engine = await startEngine({ headLimit: 2 });
    const { broker } = engine;
    const q = await newQueue(broker, 'maxlen-paged', { arguments: { maxLength: 3 } });
    for (let i = 1; i <= 6; i++) await send(broker, q, `m${i}`);
    await settleAll();
    expect(counts(broker, q).ready).toBe(3);
    expect(bodies(await drain(broker, q, 3))).toEqual(['m4', 'm5', 'm6']);
  });

  it('a message larger than maxLengthBytes pushes everything out, itself included', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'maxbytes', { arguments: { maxLengthBytes: 4 } });
    await send(broker, q, 'ab');
    await send(broker, q, 'too-large');
    expect(broker.getQueue(q)).toMatchObject({ messagesReady: 0, bytesReady: 0 });
  });

  it('both limits apply', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'both', { arguments: { maxLength: 3, maxLengthBytes: 5 } });
    for (const body of ['11', '22', '33']) await send(broker, q, body);
    expect(bodies(await receiveAll(broker, q))).toEqual(['22', '33']);
    for (const body of ['a', 'b', 'c', 'd']) await send(broker, q, body);
    expect(bodies(await receiveAll(broker, q))).toEqual(['b', 'c', 'd']);
  });

  it('a subscriber with room takes the message even at maxLength 0', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'zero', { arguments: { maxLength: 0 } });
    await send(broker, q, 'dropped');
    expect(counts(broker, q).messages).toBe(0);
    const got: string[] = [];
    broker.subscribe(q, { prefetch: 1, onDelivery: (d) => got.push(d.payload.toString()) });
    await send(broker, q, 'taken');
    expect(got).toEqual(['taken']);
  });
});

describe('reject-publish overflow', () => {
  it('refuses the new message and keeps the old ones; it is not dead-lettered', async () => {
    const { broker } = engine;
    const dl = await newDeadLetterTarget(broker);
    const q = await newQueue(broker, 'reject', { arguments: { maxLength: 1, overflow: 'reject-publish', deadLetterExchange: dl.exchange } });
    expect(await send(broker, q, 'm1')).toMatchObject({ routed: true, queues: 1, rejectedBy: [] });
    expect(await send(broker, q, 'm2')).toMatchObject({ routed: true, queues: 0, rejectedBy: [q] });
    expect(bodies(await receiveAll(broker, q))).toEqual(['m1']);
    expect(counts(broker, dl.queue).messages).toBe(0);
  });

  it('applies to maxLengthBytes too', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'reject', { arguments: { maxLengthBytes: 5, overflow: 'reject-publish' } });
    expect((await send(broker, q, 'abc')).rejectedBy).toEqual([]);
    expect((await send(broker, q, 'def')).rejectedBy).toEqual([q]);
    expect((await send(broker, q, 'gh')).rejectedBy).toEqual([]);
    expect(broker.getQueue(q)).toMatchObject({ messagesReady: 2, bytesReady: 5 });
  });

  it('only the full queue refuses; the other queues keep their copy', async () => {
    const { broker } = engine;
    const exchange = unique('fan');
    await broker.declareExchange(exchange, { type: 'fanout' });
    const full = await newQueue(broker, 'full', { arguments: { maxLength: 1, overflow: 'reject-publish' } });
    const open = await newQueue(broker, 'open');
    for (const q of [full, open]) await broker.bind({ source: exchange, destination: q });
    const publish = (body: string) => broker.publish({ exchange, routingKey: '', payload: text(body) });
    expect(await publish('m1')).toMatchObject({ routed: true, queues: 2, rejectedBy: [] });
    expect(await publish('m2')).toMatchObject({ routed: true, queues: 1, rejectedBy: [full] });
    expect(bodies(await receiveAll(broker, full))).toEqual(['m1']);
    expect(bodies(await receiveAll(broker, open))).toEqual(['m1', 'm2']);
  });
});

describe('reject-publish-dlx overflow', () => {
  it('refuses the new message and dead-letters it with reason maxlen', async () => {
    const { broker } = engine;
    const dl = await newDeadLetterTarget(broker);
    const q = await newQueue(broker, 'reject-dlx', { arguments: { maxLength: 1, overflow: 'reject-publish-dlx', deadLetterExchange: dl.exchange } });
    await send(broker, q, 'm1');
    expect(await send(broker, q, 'm2')).toMatchObject({ routed: true, queues: 0, rejectedBy: [q] });
    expect(bodies(await receiveAll(broker, q))).toEqual(['m1']);
    const [dead] = await receiveAll(broker, dl.queue);
    expect(dead.payload.toString()).toBe('m2');
    expect(deathsOf(dead)).toEqual([expect.objectContaining({ queue: q, reason: 'maxlen', count: 1, exchange: '', 'routing-keys': [q] })]);
  });

  it('without a dead-letter exchange it only refuses', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'reject-dlx', { arguments: { maxLength: 1, overflow: 'reject-publish-dlx' } });
    await send(broker, q, 'm1');
    expect((await send(broker, q, 'm2')).rejectedBy).toEqual([q]);
    expect(counts(broker, q)).toMatchObject({ ready: 1, messages: 1 });
  });
});

describe('limits count ready messages only', () => {
  it('unacked messages do not count towards maxLength (reject-publish)', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'ready-only', { arguments: { maxLength: 1, overflow: 'reject-publish' } });
    await send(broker, q, 'm1');
    const [out] = await receiveAll(broker, q);
    expect((await send(broker, q, 'm2')).rejectedBy).toEqual([]);
    expect(counts(broker, q)).toEqual({ ready: 1, unacked: 1, messages: 2 });
    expect((await send(broker, q, 'm3')).rejectedBy).toEqual([q]);
    expect(await broker.ack(q, [out.deliveryTag])).toBe(1);
  });

  it('unacked messages do not count towards maxLength or maxLengthBytes (drop-head)', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'ready-only', { arguments: { maxLength: 1, maxLengthBytes: 2 } });
    await send(broker, q, 'm1');
    const [out] = await receiveAll(broker, q);
    await send(broker, q, 'm2');
    expect(counts(broker, q)).toEqual({ ready: 1, unacked: 1, messages: 2 });
    expect(await broker.ack(q, [out.deliveryTag])).toBe(1);
    expect(bodies(await receiveAll(broker, q))).toEqual(['m2']);
  });

  it('a requeue that brings the queue over its limit drops the head (RabbitMQ requeue_and_run)', async () => {
    const { broker } = engine;
    const dl = await newDeadLetterTarget(broker);
    const q = await newQueue(broker, 'requeue-over', { arguments: { maxLength: 2, deadLetterExchange: dl.exchange } });
    await send(broker, q, 'm1');
    const [out] = await receiveAll(broker, q);
    await send(broker, q, 'm2');
    await send(broker, q, 'm3');
    await broker.nack(q, [out.deliveryTag], true);
    expect(bodies(await receiveAll(broker, q))).toEqual(['m2', 'm3']);
    const [dead] = await receiveAll(broker, dl.queue);
    expect(dead.payload.toString()).toBe('m1');
    expect(deathsOf(dead)[0]).toMatchObject({ reason: 'maxlen' });
  });

  it('the limit is enforced before the requeued message is delivered again to a subscriber', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'requeue-over', { arguments: { maxLength: 2 } });
    const got: Delivery[] = [];
    broker.subscribe(q, { prefetch: 1, onDelivery: (d) => got.push(d) });
    for (const body of ['m1', 'm2', 'm3']) await send(broker, q, body);
    expect(bodies(got)).toEqual(['m1']);
    await broker.nack(q, [got[0].deliveryTag], true);
    // m1 went back to the head, the queue was over its limit, so m1 was dropped and m2 delivered.
    expect(bodies(got)).toEqual(['m1', 'm2']);
    expect(counts(broker, q)).toEqual({ ready: 1, unacked: 1, messages: 2 });
  });
});

describe('purge', () => {
  it('removes ready messages only, returns how many, and dead-letters nothing', async () => {
    const { broker } = engine;
    const dl = await newDeadLetterTarget(broker);
    const q = await newQueue(broker, 'purge', { arguments: { deadLetterExchange: dl.exchange } });
    for (const body of ['m1', 'm2', 'm3']) await send(broker, q, body);
    const [out] = await broker.receive(q, { max: 1 });
    expect(await broker.purgeQueue(q)).toBe(2);
    expect(counts(broker, q)).toEqual({ ready: 0, unacked: 1, messages: 1 });
    expect(counts(broker, dl.queue).messages).toBe(0);
    expect(await broker.ack(q, [out.deliveryTag])).toBe(1);
    expect(counts(broker, q).messages).toBe(0);
  });

  it('an empty queue purges 0', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'purge');
    expect(await broker.purgeQueue(q)).toBe(0);
  });

  it('purged messages do not come back after a restart; the unacked one does', async () => {
    const q = await newQueue(engine.broker, 'purge');
    for (const body of ['m1', 'm2', 'm3']) await send(engine.broker, q, body);
    await engine.broker.receive(q, { max: 1 });
    expect(await engine.broker.purgeQueue(q)).toBe(2);
    const broker = await engine.restart();
    await engine.advance(0);
    const again = await receiveAll(broker, q);
    expect(bodies(again)).toEqual(['m1']);
    expect(again[0].redelivered).toBe(true);
  });
});
