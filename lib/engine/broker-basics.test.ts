import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEngine, text, type EngineFixture } from '../../tests/support/engine-fixture';

let engine: EngineFixture;
beforeEach(async () => {
  engine = await startEngine();
});
afterEach(async () => {
  await engine.cleanup();
});

describe('broker basics', () => {
  it('publishes through the default exchange and receives, acks', async () => {
    const { broker } = engine;
    await broker.declareQueue('work');
    const result = await broker.publish({ exchange: '', routingKey: 'work', payload: text('hello') });
    expect(result).toMatchObject({ routed: true, queues: 1 });
    const [delivery] = await broker.receive('work', { max: 10 });
    expect(delivery.payload.toString()).toBe('hello');
    expect(delivery.redelivered).toBe(false);
    expect(delivery.deliveryCount).toBe(1);
    expect(await broker.ack('work', [delivery.deliveryTag])).toBe(1);
    expect(broker.getQueue('work')).toMatchObject({ messagesReady: 0, messagesUnacked: 0 });
  });
});
