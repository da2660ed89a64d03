import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type EngineFixture } from '../../tests/support/engine-fixture';
import { isEngineError } from './errors';
import { ALARM_RETRY_AFTER_MS, ResourceAlarm } from './resource-alarm';

let engine: EngineFixture | undefined;
afterEach(async () => {
  await engine?.cleanup();
  engine = undefined;
});

describe('ResourceAlarm', () => {
  it('tells listeners when the first alarm rises and when the last clears, and refuses publishes meanwhile', () => {
    const alarm = new ResourceAlarm(() => 42);
    const heard: boolean[] = [];
    alarm.onChange((active) => heard.push(active));
    expect(() => alarm.checkPublish()).not.toThrow();
    alarm.raise('memory', 'memory 2 GiB is over the high watermark 1 GiB');
    alarm.raise('memory', 'memory 3 GiB is over the high watermark 1 GiB');
    expect(alarm.active).toBe(true);
    expect(alarm.list()).toEqual([{ kind: 'memory', reason: 'memory 3 GiB is over the high watermark 1 GiB', since: 42 }]);
    let refusal: unknown;
    try {
      alarm.checkPublish();
    } catch (error) {
      refusal = error;
    }
    expect(isEngineError(refusal) && refusal.code).toBe('unavailable');
    expect((refusal as { details: unknown }).details).toEqual({ alarm: 'memory', retryAfterMs: ALARM_RETRY_AFTER_MS });
    alarm.clear('memory');
    alarm.clear('memory');
    expect(heard).toEqual([true, false]);
    expect(() => alarm.checkPublish()).not.toThrow();
  });

  it("blocks the broker's publish and publishBatch while raised, not consuming, and lets them through once cleared", async () => {
    const alarm = new ResourceAlarm();
    engine = await startEngine({ alarm });
    const { broker } = engine;
    const queue = `test-${randomUUID()}`;
    await broker.declareQueue(queue, {});
    await broker.publish({ exchange: '', routingKey: queue, payload: Buffer.from('before') });
    alarm.raise('memory', 'over the watermark');
    await expect(broker.publish({ exchange: '', routingKey: queue, payload: Buffer.from('during') })).rejects.toMatchObject({
      code: 'unavailable',
      details: { alarm: 'memory' },
    });
    await expect(broker.publishBatch([{ exchange: '', routingKey: queue, payload: Buffer.from('during') }])).rejects.toMatchObject({ code: 'unavailable' });
    // Consumers keep draining.
    const [delivery] = await broker.receive(queue, { max: 1 });
    expect(delivery.payload.toString()).toBe('before');
    await broker.ack(queue, [delivery.deliveryTag]);
    alarm.clear('memory');
    await broker.publish({ exchange: '', routingKey: queue, payload: Buffer.from('after') });
    expect(broker.getQueue(queue).messagesReady).toBe(1);
  });
});
