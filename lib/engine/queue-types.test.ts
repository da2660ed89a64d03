import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEngine, text, type EngineFixture } from '../../tests/support/engine-fixture';
import { QUORUM_DEFAULT_DELIVERY_LIMIT } from './queue-arguments';
import { ruleMessage } from './rule-errors';

let engine: EngineFixture;
beforeEach(async () => {
  engine = await startEngine();
});
afterEach(async () => {
  await engine.cleanup();
});

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

async function failure(run: () => unknown): Promise<{ code: string; message: string; details: any }> {
  try {
    await run();
  } catch (error) {
    return error as { code: string; message: string; details: any };
  }
  throw new Error('expected a refusal');
}

describe('queue types', () => {
  it('a quorum queue is kept as quorum, survives a restart, and a classic declare of it is inequivalent', async () => {
    const name = unique('qq');
    await engine.broker.declareQueue(name, { arguments: { queueType: 'quorum' } });
    const broker = await engine.restart();
    expect(broker.getQueue(name).arguments).toEqual({ queueType: 'quorum' });
    const refused = await failure(() => broker.declareQueue(name, {}));
    expect(refused.code).toBe('precondition_failed');
    expect(ruleMessage(refused.details, '/')).toBe(
      `inequivalent arg 'x-queue-type' for queue '${name}' in vhost '/': received none but current is the value 'quorum' of type 'longstr'`,
    );
    expect((await broker.declareQueue(name, { arguments: { queueType: 'quorum' } })).created).toBe(false);
  });

  it('classic is what a queue is without a type: the argument is normalized away', async () => {
    const name = unique('cq');
    await engine.broker.declareQueue(name, { arguments: { queueType: 'classic' } });
    expect(engine.broker.getQueue(name).arguments).toEqual({});
    expect((await engine.broker.declareQueue(name, {})).created).toBe(false);
  });

  it('refuses what RabbitMQ refuses for quorum queues, with its texts', async () => {
    const cases: [Parameters<EngineFixture['broker']['declareQueue']>[1], string][] = [
      [{ durable: false, arguments: { queueType: 'quorum' } }, "invalid property 'non-durable' for queue 'Q' in vhost '/'"],
      [{ exclusiveOwner: 'conn-1', arguments: { queueType: 'quorum' } }, "invalid property 'exclusive-owner' for queue 'Q' in vhost '/'"],
      [{ autoDelete: true, arguments: { queueType: 'quorum' } }, "invalid property 'auto-delete' for queue 'Q' in vhost '/'"],
      [{ arguments: { queueType: 'quorum', maxPriority: 5 } }, "invalid arg 'x-max-priority' for queue 'Q' in vhost '/' of queue type rabbit_quorum_queue"],
    ];
    for (const [declaration, expected] of cases) {
      const refused = await failure(() => engine.broker.declareQueue('Q', declaration));
      expect(refused.code, expected).toBe('precondition_failed');
      expect(ruleMessage(refused.details, '/')).toBe(expected);
    }
    expect(engine.broker.findQueueInfo('Q')).toBeUndefined();
  });

  it('refuses stream (not served yet) and unknown types: never a silent classic queue', async () => {
    for (const type of ['stream', 'foo']) {
      const refused = await failure(() => engine.broker.declareQueue('T', { arguments: { queueType: type as 'quorum' } }));
      expect(refused.code).toBe('bad_request');
      expect(ruleMessage(refused.details, '/')).toBe(`invalid arg 'x-queue-type' for queue 'T' in vhost '/': "unsupported queue type '${type}'"`);
    }
    expect(engine.broker.findQueueInfo('T')).toBeUndefined();
  });

  it(`dead-letters a quorum queue's message after ${QUORUM_DEFAULT_DELIVERY_LIMIT} deliveries by default (reason delivery_limit)`, async () => {
    const { broker } = engine;
    const name = unique('qq-limit');
    const dead = unique('qq-dead');
    await broker.declareQueue(dead, {});
    await broker.declareQueue(name, { arguments: { queueType: 'quorum', deadLetterExchange: '', deadLetterRoutingKey: dead } });
    await broker.publish({ exchange: '', routingKey: name, payload: text('poison') });
    for (let i = 0; i < QUORUM_DEFAULT_DELIVERY_LIMIT; i++) {
      const [delivery] = await broker.receive(name, { max: 1 });
      expect(delivery.deliveryCount).toBe(i + 1);
      await broker.nack(name, [delivery.deliveryTag], true);
    }
    expect(broker.getQueue(name).messages).toBe(0);
    const [corpse] = await broker.receive(dead, { max: 1 });
    expect((corpse.properties.headers?.['x-death'] as { reason: string }[])[0].reason).toBe('delivery_limit');
  });

  it('an explicit delivery limit wins over the quorum default', async () => {
    const { broker } = engine;
    const name = unique('qq-two');
    await broker.declareQueue(name, { arguments: { queueType: 'quorum', deliveryLimit: 2 } });
    await broker.publish({ exchange: '', routingKey: name, payload: text('m') });
    for (let i = 0; i < 2; i++) {
      const [delivery] = await broker.receive(name, { max: 1 });
      await broker.nack(name, [delivery.deliveryTag], true);
    }
    expect(broker.getQueue(name).messages).toBe(0);
  });
});

describe('redeclare equivalence', () => {
  it('names the first setting that differs, as RabbitMQ', async () => {
    const { broker } = engine;
    const q = unique('q');
    await broker.declareQueue(q, {});
    const cases: [Parameters<typeof broker.declareQueue>[1], string][] = [
      [{ durable: false }, `inequivalent arg 'durable' for queue '${q}' in vhost '/': received 'false' but current is 'true'`],
      [{ autoDelete: true }, `inequivalent arg 'auto_delete' for queue '${q}' in vhost '/': received 'true' but current is 'false'`],
      [{ arguments: { maxLength: 5 } }, `inequivalent arg 'x-max-length' for queue '${q}' in vhost '/': received the value '5' of type 'long' but current is none`],
    ];
    for (const [declaration, expected] of cases) {
      const refused = await failure(() => broker.declareQueue(q, declaration));
      expect(refused.code).toBe('precondition_failed');
      expect(ruleMessage(refused.details, '/')).toBe(expected);
    }
    const x = unique('x');
    await broker.declareExchange(x, { type: 'direct' });
    const refused = await failure(() => broker.declareExchange(x, { type: 'fanout' }));
    expect(ruleMessage(refused.details, '/')).toBe(`inequivalent arg 'type' for exchange '${x}' in vhost '/': received 'fanout' but current is 'direct'`);
  });
});

describe('unlimited deliveries', () => {
  it("x-delivery-limit -1 lifts a quorum queue's default: the message keeps coming back", async () => {
    const { broker } = engine;
    const name = unique('qq-unlimited');
    await broker.declareQueue(name, { arguments: { queueType: 'quorum', deliveryLimit: -1 } });
    await broker.publish({ exchange: '', routingKey: name, payload: text('m') });
    for (let i = 0; i < QUORUM_DEFAULT_DELIVERY_LIMIT + 2; i++) {
      const [delivery] = await broker.receive(name, { max: 1 });
      await broker.nack(name, [delivery.deliveryTag], true);
    }
    expect(broker.getQueue(name).messagesReady).toBe(1);
  });
});
