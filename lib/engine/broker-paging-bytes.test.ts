/** Queue heads are bounded in payload bytes as well as in count: big messages page out early and come back in order. */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settle, startEngine, type EngineFixture } from '../../tests/support/engine-fixture';
import type { Broker } from './broker';
import { messageBytes } from './message-limits';
import type { Queue } from './queue/queue';

const HEAD_BYTES = 1024 * 1024;
const MESSAGE_BYTES = 100 * 1024;
const TOTAL = 120;

let engine: EngineFixture;
beforeEach(async () => {
  // The count bound (10,000) is never reached here: only the byte bound can keep the head small.
  engine = await startEngine({ headBytes: HEAD_BYTES });
});
afterEach(async () => {
  await engine.cleanup();
});

/** Payload bytes the queue holds in memory; the facade does not expose it, so the test reaches in. */
function memoryBytes(broker: Broker, queue: string): number {
  return (broker as unknown as { queues: Map<string, Queue> }).queues.get(queue)!.ready.memoryBytes;
}

const payloadOf = (index: number) => Buffer.alloc(MESSAGE_BYTES, index % 256);

describe('a queue head bounded in bytes', () => {
  it('keeps at most headBytes (plus one message) of ready payloads in memory and delivers every message once, in order', async () => {
    const { broker } = engine;
    const q = `big-${randomUUID()}`;
    await broker.declareQueue(q);
    let most = 0;
    const observe = () => (most = Math.max(most, memoryBytes(engine.broker, q)));
    for (let i = 0; i < TOTAL; i += 10) {
      await broker.publishBatch(
        Array.from({ length: 10 }, (_, k) => ({ exchange: '', routingKey: q, payload: payloadOf(i + k), properties: { messageId: `m-${i + k}` } })),
      );
      observe();
    }
    // A queue's bytes count properties too (message-limits): each message weighs what messageBytes says.
    const bytesReady = Array.from({ length: TOTAL }, (_, i) => messageBytes({ payload: payloadOf(i), properties: { messageId: `m-${i}` } })).reduce((a, b) => a + b, 0);
    expect(broker.getQueue(q)).toMatchObject({ messagesReady: TOTAL, bytesReady });
    expect(most).toBeLessThanOrEqual(HEAD_BYTES);

    const received: string[] = [];
    while (received.length < TOTAL) {
      const deliveries = await broker.receive(q, { max: 7, waitMs: 1000 });
      observe();
      if (deliveries.length === 0) {
        await settle();
        continue;
      }
      for (const d of deliveries) {
        received.push(d.messageId);
        expect(d.payload.equals(payloadOf(Number(d.messageId.slice(2))))).toBe(true);
      }
      await broker.ack(q, deliveries.map((d) => d.deliveryTag));
    }
    expect(received).toEqual(Array.from({ length: TOTAL }, (_, i) => `m-${i}`));
    expect(most).toBeLessThanOrEqual(HEAD_BYTES + MESSAGE_BYTES);
    expect(broker.getQueue(q)).toMatchObject({ messagesReady: 0, bytesReady: 0 });
  }, 20_000);

  it('still delivers a message larger than the whole bound', async () => {
    const { broker } = engine;
    const q = `huge-${randomUUID()}`;
    await broker.declareQueue(q);
    const huge = Buffer.alloc(2 * HEAD_BYTES, 7);
    for (let i = 0; i < 3; i++) await broker.publish({ exchange: '', routingKey: q, payload: huge, properties: { messageId: `h-${i}` } });
    const got: string[] = [];
    while (got.length < 3) {
      const [d] = await broker.receive(q, { max: 1, waitMs: 1000 });
      if (!d) {
        await settle();
        continue;
      }
      got.push(d.messageId);
      await broker.ack(q, [d.deliveryTag]);
    }
    expect(got).toEqual(['h-0', 'h-1', 'h-2']);
  }, 20_000);
});
