/** AMQP's cluster-id is kept with the message's other properties, on disk too: a restart gives it back. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settle, startEngine, type EngineFixture } from '../../tests/support/engine-fixture';
import { newQueue, receiveAll, send } from '../../tests/support/engine-helpers';

let engine: EngineFixture;
beforeEach(async () => {
  engine = await startEngine();
});
afterEach(async () => {
  await engine.cleanup();
});

describe('cluster-id', () => {
  it('is delivered as published, and still after a restart', async () => {
    const q = await newQueue(engine.broker, 'cluster-id', { durable: true });
    await send(engine.broker, q, 'kept', { persistent: true, clusterId: 'cluster-a', correlationId: 'c-1' });
    await settle();
    await engine.restart();
    const [delivery] = await receiveAll(engine.broker, q);
    expect(delivery.payload.toString()).toBe('kept');
    expect(delivery.properties).toMatchObject({ clusterId: 'cluster-a', correlationId: 'c-1', persistent: true });
  });
});
