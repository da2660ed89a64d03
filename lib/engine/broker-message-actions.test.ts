import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settle, startEngine, type EngineFixture } from '../../tests/support/engine-fixture';
import { bodies, counts, drain, newQueue, receiveAll, send, settleAll, unique } from '../../tests/support/engine-helpers';
import type { Broker } from './broker';

let engine: EngineFixture;
beforeEach(async () => {
  engine = await startEngine({ headLimit: 4 });
});
afterEach(async () => {
  await engine.cleanup();
});

async function fill(broker: Broker, queue: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await send(broker, queue, `body-${i}`, { messageId: `m-${i}`, headers: { n: i } });
  await settleAll();
}

async function ids(broker: Broker, queue: string): Promise<string[]> {
  return (await broker.peek(queue, { limit: 500 })).items.map((m) => m.messageId);
}

const codeOf = (promise: Promise<unknown>) => promise.then(() => 'ok', (error: { code?: string }) => error.code ?? String(error));

describe('single-message actions on ready messages', () => {
  it('deletes one ready message from memory or from the store, and the others keep their order', async () => {
    const { broker } = engine;
    const queue = await newQueue(broker, 'del');
    await fill(broker, queue, 10);
    await broker.deleteMessage(queue, 'm-1');
    await broker.deleteMessage(queue, 'm-8'); // beyond the 4 kept in memory: paged in the store
    expect(await ids(broker, queue)).toEqual(['m-0', 'm-2', 'm-3', 'm-4', 'm-5', 'm-6', 'm-7', 'm-9']);
    expect(counts(broker, queue)).toEqual({ ready: 8, unacked: 0, messages: 8 });
    expect(bodies(await drain(broker, queue, 8))).toEqual([0, 2, 3, 4, 5, 6, 7, 9].map((i) => `body-${i}`));
  });

  it('a deletion is durable: the message does not come back after a restart', async () => {
    const queue = await newQueue(engine.broker, 'del-durable');
    await fill(engine.broker, queue, 10);
    await engine.broker.deleteMessage(queue, 'm-0');
    await engine.broker.deleteMessage(queue, 'm-9');
    const broker = await engine.restart();
    await settleAll();
    expect(counts(broker, queue).ready).toBe(8);
    expect(await ids(broker, queue)).toEqual(['m-1', 'm-2', 'm-3', 'm-4', 'm-5', 'm-6', 'm-7', 'm-8']);
  });

  it('answers not_found for an unknown message or queue, precondition_failed for a leased one', async () => {
    const { broker } = engine;
    const queue = await newQueue(broker, 'codes');
    await fill(broker, queue, 2);
    const [leased] = await broker.receive(queue, { max: 1 });
    expect(leased.messageId).toBe('m-0');
    expect(await codeOf(broker.deleteMessage(queue, 'nope'))).toBe('not_found');
    expect(await codeOf(broker.deleteMessage(unique('missing'), 'm-1'))).toBe('not_found');
    expect(await codeOf(broker.deleteMessage(queue, 'm-0'))).toBe('precondition_failed');
    expect(await codeOf(broker.moveMessage(queue, 'm-0', { queue }))).toBe('precondition_failed');
    expect(await codeOf(broker.requeueMessage(queue, 'm-0'))).toBe('precondition_failed');
    expect(counts(broker, queue)).toEqual({ ready: 1, unacked: 1, messages: 2 });
  });

  it('moves a message to another queue with its headers and properties; it is in exactly one place after a restart', async () => {
    const queue = await newQueue(engine.broker, 'src');
    const target = await newQueue(engine.broker, 'dst');
    await fill(engine.broker, queue, 8);
    const result = await engine.broker.moveMessage(queue, 'm-2', { queue: target });
    expect(result).toEqual({ messageId: 'm-2', queues: [target] });
    const paged = await engine.broker.moveMessage(queue, 'm-7', { queue: target });
    expect(paged.queues).toEqual([target]);
    const broker = await engine.restart();
    await settleAll();
    expect(await ids(broker, queue)).toEqual(['m-0', 'm-1', 'm-3', 'm-4', 'm-5', 'm-6']);
    const moved = await receiveAll(broker, target);
    expect(moved.map((d) => d.messageId)).toEqual(['m-2', 'm-7']);
    expect(moved[0]).toMatchObject({ payload: Buffer.from('body-2'), properties: { messageId: 'm-2', headers: { n: 2 }, persistent: true }, redelivered: false });
  });

  it('moves through an exchange by routing key; nowhere to go or no room leaves the message where it is', async () => {
    const { broker } = engine;
    const queue = await newQueue(broker, 'src');
    const a = await newQueue(broker, 'a');
    const b = await newQueue(broker, 'b');
    const full = await newQueue(broker, 'full', { arguments: { maxLength: 0, overflow: 'reject-publish' } });
    const exchange = unique('ex');
    await broker.declareExchange(exchange, { type: 'topic' });
    await broker.bind({ source: exchange, destination: a, routingKey: 'order.*' });
    await broker.bind({ source: exchange, destination: b, routingKey: '#' });
    await fill(broker, queue, 3);

    expect(await broker.moveMessage(queue, 'm-0', { exchange, routingKey: 'order.created' })).toEqual({ messageId: 'm-0', queues: [a, b] });
    const [copy] = await receiveAll(broker, a);
    expect(copy).toMatchObject({ messageId: 'm-0', exchange, routingKey: 'order.created', properties: { headers: { n: 0 } } });

    const empty = unique('empty');
    await broker.declareExchange(empty, { type: 'direct' });
    expect(await codeOf(broker.moveMessage(queue, 'm-1', { exchange: empty, routingKey: 'x' }))).toBe('precondition_failed');
    expect(await codeOf(broker.moveMessage(queue, 'm-1', { exchange: unique('none'), routingKey: 'x' }))).toBe('not_found');
    expect(await codeOf(broker.moveMessage(queue, 'm-1', { queue: unique('none') }))).toBe('not_found');
    expect(await codeOf(broker.moveMessage(queue, 'm-1', { queue: full }))).toBe('queue_full');
    expect(await ids(broker, queue)).toEqual(['m-1', 'm-2']);
    expect(counts(broker, full).ready).toBe(0);
  });

  it('requeues a message at the tail of its own queue, durably', async () => {
    const queue = await newQueue(engine.broker, 'requeue');
    await fill(engine.broker, queue, 6);
    await engine.broker.requeueMessage(queue, 'm-0');
    await engine.broker.requeueMessage(queue, 'm-5');
    await settle();
    expect(await ids(engine.broker, queue)).toEqual(['m-1', 'm-2', 'm-3', 'm-4', 'm-0', 'm-5']);
    const broker = await engine.restart();
    await settleAll();
    expect(bodies(await drain(broker, queue, 6))).toEqual([1, 2, 3, 4, 0, 5].map((i) => `body-${i}`));
  });

  it('a consumer waiting on the destination gets the moved message at once', async () => {
    const { broker } = engine;
    const queue = await newQueue(broker, 'src');
    const target = await newQueue(broker, 'dst');
    await fill(broker, queue, 1);
    const waiting = broker.receive(target, { max: 1, waitMs: 5000 });
    await broker.moveMessage(queue, 'm-0', { queue: target });
    expect((await waiting).map((d) => d.messageId)).toEqual(['m-0']);
    expect(counts(broker, queue).ready).toBe(0);
  });
});
