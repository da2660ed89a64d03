import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEngine, text, type EngineFixture } from '../../tests/support/engine-fixture';
import { newQueue } from '../../tests/support/engine-helpers';
import { messageBytes } from './message-limits';
import type { MessageProperties } from './types';

let engine: EngineFixture;
beforeEach(async () => {
  engine = await startEngine({ maxMessageBytes: 1000 });
});
afterEach(async () => {
  await engine.cleanup();
});

const headers: MessageProperties = { headers: { tenant: 'acme', trace: 'x'.repeat(60) } };

describe('headers and properties in the size rules', () => {
  it('count toward x-max-length-bytes and bytesReady', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'bytes', { arguments: { maxLengthBytes: 150, overflow: 'reject-publish' } });
    const weight = messageBytes({ payload: text('0123456789'), properties: headers });
    expect(weight).toBeGreaterThan(75);
    expect(await broker.publish({ exchange: '', routingKey: q, payload: text('0123456789'), properties: headers })).toMatchObject({ queues: 1 });
    expect(broker.getQueue(q).bytesReady).toBe(weight);
    // Its payload alone would fit beside the first; with its headers it does not.
    expect(await broker.publish({ exchange: '', routingKey: q, payload: text('0123456789'), properties: headers })).toMatchObject({ queues: 0, rejectedBy: [q] });
    expect(await broker.publish({ exchange: '', routingKey: q, payload: text('0123456789') })).toMatchObject({ queues: 1 });
  });

  it('count toward the broker-wide message size', async () => {
    const { broker } = engine;
    const q = await newQueue(broker, 'size');
    await expect(broker.publish({ exchange: '', routingKey: q, payload: Buffer.alloc(950), properties: headers })).rejects.toMatchObject({
      code: 'payload_too_large',
      details: { limit: 1000 },
    });
    await expect(broker.publish({ exchange: '', routingKey: q, payload: Buffer.alloc(950) })).resolves.toMatchObject({ queues: 1 });
  });
});
