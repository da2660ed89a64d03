import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settle, startEngine, type EngineFixture } from '../../tests/support/engine-fixture';
import type { Broker } from './broker';
import { messageBytes } from './message-limits';
import type { Queue } from './queue/queue';
import type { MessageProperties } from './types';

const HEAD_LIMIT = 100;
const TOTAL = 5000;
const MAX_PRIORITY = 9;

let engine: EngineFixture;
beforeEach(async () => {
  engine = await startEngine({ headLimit: HEAD_LIMIT });
});
afterEach(async () => {
  await engine.cleanup();
});

const uid = () => randomUUID().slice(0, 8);

/** How many ready messages the queue holds in memory; the facade does not expose it, so the test reaches in. */
function memoryCount(broker: Broker, queue: string): number {
  return (broker as unknown as { queues: Map<string, Queue> }).queues.get(queue)!.ready.memoryCount;
}

interface Sent {
  index: number;
  /** The priority the queue files it under: absent → 0, above the maximum → the maximum. */
  effectivePriority: number;
  size: number;
}

/** A deterministic mix: every priority 0..11 (10 and 11 clamp to 9), and some messages without one. */
function priorityOf(index: number): number | undefined {
  const p = (index * 7) % 13;
  return p === 12 ? undefined : p;
}

const payloadOf = (index: number) => Buffer.from(`message ${index} ${'x'.repeat(index % 17)}`);

/** Publishes `total` messages in group-committed chunks, checking memory and counts after each chunk. */
async function publishMany(
  queue: string,
  total: number,
  options: { priorities: boolean; onChunk?: () => void },
): Promise<Sent[]> {
  const { broker } = engine;
  const sent: Sent[] = [];
  for (let start = 0; start < total; start += 250) {
    const chunk = [];
    for (let index = start; index < Math.min(total, start + 250); index++) {
      const priority = options.priorities ? priorityOf(index) : undefined;
      const properties: MessageProperties = { messageId: `m-${index}`, ...(priority !== undefined ? { priority } : {}) };
      const payload = payloadOf(index);
      // A queue's bytes count properties too (message-limits), so a message weighs what messageBytes says.
      sent.push({ index, effectivePriority: Math.min(priority ?? 0, MAX_PRIORITY), size: messageBytes({ payload, properties }) });
      chunk.push(broker.publish({ exchange: '', routingKey: queue, payload, properties }));
    }
    await Promise.all(chunk);
    options.onChunk?.();
  }
  return sent;
}

/** Delivery order: higher priority first, FIFO within a priority. */
const deliveryOrder = (sent: Sent[]) =>
  [...sent].sort((a, b) => b.effectivePriority - a.effectivePriority || a.index - b.index).map((m) => `m-${m.index}`);

const sumBytes = (sent: Iterable<Sent>) => [...sent].reduce((sum, m) => sum + m.size, 0);

/**
 * Receives and acks `count` messages, `max` at a time; `check` runs after every step.
 * Returns their message ids in the order received.
 */
async function consume(queue: string, count: number, check: () => void, max = 37): Promise<string[]> {
  const ids: string[] = [];
  let idle = 0;
  while (ids.length < count) {
    const deliveries = await engine.broker.receive(queue, { max: Math.min(max, count - ids.length), waitMs: 1000 });
    if (deliveries.length === 0) {
      // Paging in is asynchronous: let it finish (bounded, so a stuck queue fails instead of hanging).
      if (++idle > 20) throw new Error(`queue ${queue} stopped delivering after ${ids.length} of ${count}`);
      await settle();
      continue;
    }
    idle = 0;
    for (const delivery of deliveries) {
      expect(delivery.redelivered).toBe(false);
      ids.push(delivery.messageId);
    }
    expect(await engine.broker.ack(queue, deliveries.map((d) => d.deliveryTag))).toBe(deliveries.length);
    check();
  }
  return ids;
}

describe('paging a deep queue', () => {
  it('keeps at most headLimit ready messages in memory, counts exactly, and delivers each once in FIFO order', async () => {
    const { broker } = engine;
    const q = `paged-${uid()}`;
    await broker.declareQueue(q);
    let maxMemory = 0;
    const observe = () => {
      maxMemory = Math.max(maxMemory, memoryCount(engine.broker, q));
    };

    const sent = await publishMany(q, TOTAL, { priorities: false, onChunk: observe });
    expect(broker.getQueue(q)).toMatchObject({ messagesReady: TOTAL, messages: TOTAL, bytesReady: sumBytes(sent) });

    const received = await consume(q, TOTAL, observe);

    expect(received).toEqual(deliveryOrder(sent));
    expect(new Set(received).size).toBe(TOTAL);
    expect(maxMemory).toBeLessThanOrEqual(HEAD_LIMIT);
    expect(broker.getQueue(q)).toMatchObject({ messagesReady: 0, messagesUnacked: 0, bytesReady: 0 });
    expect(await broker.receive(q, { max: 10 })).toEqual([]);
  });

  it('counts and bytes stay exact while a paged queue drains', async () => {
    const { broker } = engine;
    const q = `paged-${uid()}`;
    await broker.declareQueue(q);
    const sent = await publishMany(q, 1000, { priorities: false });
    const model = new Map(sent.map((m) => [`m-${m.index}`, m]));
    while (model.size > 0) {
      const deliveries = await broker.receive(q, { max: 61, waitMs: 1000 });
      if (deliveries.length === 0) {
        await settle();
        continue;
      }
      for (const d of deliveries) model.delete(d.messageId);
      expect(broker.getQueue(q)).toMatchObject({
        messagesReady: model.size,
        messagesUnacked: deliveries.length,
        bytesReady: sumBytes(model.values()),
      });
      await broker.ack(q, deliveries.map((d) => d.deliveryTag));
      expect(broker.getQueue(q)).toMatchObject({ messagesReady: model.size, messagesUnacked: 0, messages: model.size });
    }
  });

  it('delivers a paged priority queue by priority, then FIFO, exactly once, across a restart in the middle', async () => {
    const q = `prio-${uid()}`;
    await engine.broker.declareQueue(q, { arguments: { maxPriority: MAX_PRIORITY } });
    let maxMemory = 0;
    const observe = () => {
      maxMemory = Math.max(maxMemory, memoryCount(engine.broker, q));
    };

    const sent = await publishMany(q, TOTAL, { priorities: true, onChunk: observe });
    const expected = deliveryOrder(sent);
    expect(engine.broker.getQueue(q)).toMatchObject({ messagesReady: TOTAL, bytesReady: sumBytes(sent) });

    const before = await consume(q, 2000, observe);
    expect(before).toEqual(expected.slice(0, 2000));

    await engine.restart();
    const left = sent.filter((m) => !before.includes(`m-${m.index}`));
    // The store counts stored payloads only: messages from before the restart weigh their payload (message-limits).
    const payloads = left.reduce((sum, m) => sum + payloadOf(m.index).length, 0);
    expect(engine.broker.getQueue(q)).toMatchObject({ messagesReady: TOTAL - 2000, messagesUnacked: 0, bytesReady: payloads });
    await settle();
    observe();

    const after = await consume(q, TOTAL - 2000, observe);
    expect([...before, ...after]).toEqual(expected);
    expect(new Set([...before, ...after]).size).toBe(TOTAL);
    expect(engine.broker.getQueue(q)).toMatchObject({ messagesReady: 0, bytesReady: 0 });
    expect(maxMemory).toBeLessThan((MAX_PRIORITY + 1) * HEAD_LIMIT);
  });

  it('keeps a paged priority queue within about headLimit messages in memory, all priorities together', async () => {
    const q = `prio-${uid()}`;
    await engine.broker.declareQueue(q, { arguments: { maxPriority: MAX_PRIORITY } });
    let maxMemory = 0;
    const observe = () => {
      maxMemory = Math.max(maxMemory, memoryCount(engine.broker, q));
    };
    await publishMany(q, 2000, { priorities: true, onChunk: observe });
    await consume(q, 2000, observe);
    expect(maxMemory).toBeLessThanOrEqual(HEAD_LIMIT + HEAD_LIMIT / 4);
  });

  it('peek pages through every message with cursors, in delivery order, without changing anything', async () => {
    const { broker } = engine;
    const q = `peek-${uid()}`;
    await broker.declareQueue(q, { arguments: { maxPriority: MAX_PRIORITY } });
    const sent = await publishMany(q, TOTAL, { priorities: true });
    await settle();
    const stats = broker.getQueue(q);
    const memory = memoryCount(broker, q);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await broker.peek(q, { limit: 333, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(333);
      for (const item of page.items) {
        expect(item).toMatchObject({ redelivered: false, deliveryCount: 0 });
        seen.push(item.messageId);
      }
      cursor = page.nextCursor;
      pages++;
    } while (cursor);

    expect(pages).toBe(Math.ceil(TOTAL / 333));
    expect(seen).toEqual(deliveryOrder(sent));
    expect(broker.getQueue(q)).toEqual(stats);
    expect(memoryCount(broker, q)).toBe(memory);

    // Delivery is unaffected and starts at the head.
    const [first] = await broker.receive(q, { max: 1, waitMs: 1000 });
    expect(first.messageId).toBe(seen[0]);
    expect(first.deliveryCount).toBe(1);
  });

  it('peek with search finds messages in the paged part', async () => {
    const { broker } = engine;
    const q = `peek-${uid()}`;
    await broker.declareQueue(q);
    await publishMany(q, 1000, { priorities: false });
    const page = await broker.peek(q, { limit: 10, search: 'message 987 ' });
    expect(page.items.map((m) => m.messageId)).toEqual(['m-987']);
    expect(page.nextCursor).toBeUndefined();
  });

  it('purge of a deep paged queue leaves no message behind, also after a restart', async () => {
    const q = `purge-${uid()}`;
    await engine.broker.declareQueue(q, { arguments: { maxPriority: MAX_PRIORITY } });
    await publishMany(q, TOTAL, { priorities: true });
    const out = await engine.broker.receive(q, { max: 3, waitMs: 1000 });
    expect(out).toHaveLength(3);

    expect(await engine.broker.purgeQueue(q)).toBe(TOTAL - 3);
    expect(engine.broker.getQueue(q)).toMatchObject({ messagesReady: 0, messagesUnacked: 3, bytesReady: 0 });
    expect(memoryCount(engine.broker, q)).toBe(0);
    expect((await engine.broker.peek(q, { limit: 10 })).items).toEqual([]);

    // Messages published after the purge are kept.
    const later = [];
    for (let i = 0; i < 5; i++) {
      later.push(`later-${i}`);
      await engine.broker.publish({ exchange: '', routingKey: q, payload: Buffer.from(`later ${i}`), properties: { messageId: `later-${i}` } });
    }
    await settle();
    expect(await engine.broker.receive(q, { max: 100 })).toHaveLength(5);

    await engine.restart();
    // The 3 + 5 leased messages were never acked: they come back, and nothing else does.
    expect(engine.broker.getQueue(q)).toMatchObject({ messagesReady: 8, messagesUnacked: 0 });
    const back = await engine.broker.receive(q, { max: 100, waitMs: 1000 });
    expect(back.map((d) => d.messageId).sort()).toEqual([...out.map((d) => d.messageId), ...later].sort());
    expect(back.every((d) => d.redelivered)).toBe(true);
  });
});
