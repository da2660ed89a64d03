/**
 * @module Dead-letter counts come from counters kept as messages come and go: after random runs of publishes, dead
 * letters, leases, acks, returns, purges, moves, requeues, deletes, expiry and restarts they equal a full scan.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, text, type EngineFixture } from '../../tests/support/engine-fixture';
import { newDeadLetterTarget, newQueue, settleAll } from '../../tests/support/engine-helpers';
import type { Broker } from './broker';
import { countMessages } from './queue/dead-letter-tally';
import type { MessageProperties } from './types';

let engine: EngineFixture | undefined;
afterEach(async () => {
  await engine?.cleanup();
  engine = undefined;
});

/** A small seeded generator, so a failing run can be replayed from its seed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { below: (n: number) => Math.floor(next() * n), chance: (p: number) => next() < p };
}

/** The reference: every ready message read and counted. */
async function scan(broker: Broker, queue: string) {
  const all: { properties: MessageProperties }[] = [];
  let cursor: string | undefined;
  do {
    const page = await broker.peek(queue, { limit: 1000, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  const exchanges = new Set<string>();
  for (const message of all) {
    const deaths = message.properties.headers?.['x-death'];
    const newest = Array.isArray(deaths) ? (deaths[0] as { exchange?: unknown } | undefined) : undefined;
    if (typeof newest?.exchange === 'string') exchanges.add(newest.exchange);
  }
  return { counts: countMessages(all), exchanges: [...exchanges].sort() };
}

async function readyIds(broker: Broker, queue: string): Promise<string[]> {
  return (await broker.peek(queue, { limit: 1000 })).items.map((m) => m.messageId);
}

const FORGED: MessageProperties[] = [
  {},
  { headers: { 'x-death': [{ reason: 'rejected', queue: 'forged-source', count: 1 }] } as never },
  { headers: { 'x-death': [1, 'two'] } as never },
  { headers: { 'x-death': 'not a list' } },
  { headers: { 'x-death': [{ reason: 'expired', queue: '__proto__', count: 1 }] } as never },
  { headers: { 'x-death': [{ queue: 'no-reason', exchange: 'forged-exchange' }] } as never },
  { headers: { 'x-death': [{ reason: 7, exchange: '' }] } as never },
];

async function run(seed: number, steps: number): Promise<void> {
  engine = await startEngine({ headLimit: 4 });
  const rng = random(seed);
  const dlx = await newDeadLetterTarget(engine.broker);
  const dlq = dlx.queue;
  const a = await newQueue(engine.broker, 'a', { arguments: { deadLetterExchange: dlx.exchange } });
  const b = await newQueue(engine.broker, 'b', { arguments: { deadLetterExchange: dlx.exchange, maxLength: 3 } });
  const other = await newQueue(engine.broker, 'other');
  const queues = [dlq, a, b, other];
  let leased: string[] = [];
  let published = 0;
  const publish = (queue: string, properties: MessageProperties = {}) =>
    engine!.broker.publish({ exchange: '', routingKey: queue, payload: text(`m${published}`), properties: { messageId: `m${published++}`, ...properties } });
  const reject = async (queue: string) => {
    const [delivery] = await engine!.broker.receive(queue, { max: 1 });
    if (delivery) await engine!.broker.nack(queue, [delivery.deliveryTag], false);
  };
  const pick = async (queue: string) => {
    const ids = await readyIds(engine!.broker, queue);
    return ids.length ? ids[rng.below(ids.length)] : undefined;
  };
  const ignoreGone = (error: unknown) => {
    // A message picked from a page may have gone meanwhile (expired, leased): the action is simply refused.
    if (!(error as { code?: string }).code) throw error;
  };
  const actions: (() => Promise<unknown>)[] = [
    () => publish(a, rng.chance(0.4) ? { expirationMs: 1000 } : {}),
    () => publish(b),
    () => publish(dlq, { ...FORGED[rng.below(FORGED.length)], ...(rng.chance(0.2) ? { expirationMs: 500 } : {}) }),
    () => reject(a),
    () => reject(b),
    async () => {
      const deliveries = await engine!.broker.receive(dlq, { max: 1 + rng.below(3), visibilityTimeoutMs: 2000 });
      leased.push(...deliveries.map((d) => d.deliveryTag));
    },
    () => engine!.broker.ack(dlq, leased.splice(0, 1 + rng.below(2))),
    () => engine!.broker.nack(dlq, leased.splice(0, 1 + rng.below(2)), true),
    () => engine!.broker.nack(dlq, leased.splice(0, 1), false),
    async () => rng.chance(0.3) && engine!.broker.purgeQueue(dlq),
    async () => {
      const id = await pick(dlq);
      if (id) await engine!.broker.moveMessage(dlq, id, { queue: other }).catch(ignoreGone);
    },
    async () => {
      const id = await pick(other);
      if (id) await engine!.broker.moveMessage(other, id, { queue: dlq }).catch(ignoreGone);
    },
    async () => {
      const id = await pick(dlq);
      if (id) await engine!.broker.requeueMessage(dlq, id).catch(ignoreGone);
    },
    async () => {
      const id = await pick(dlq);
      if (id) await engine!.broker.deleteMessage(dlq, id).catch(ignoreGone);
    },
    () => engine!.advance(700),
  ];
  for (let step = 0; step < steps; step++) {
    if (rng.chance(0.03)) {
      await engine.broker.committed();
      await engine.restart();
      leased = [];
      // Work goes on while the stored messages are being counted.
      for (let i = 0; i < 3; i++) await actions[rng.below(actions.length)]();
    }
    await actions[rng.below(actions.length)]();
    await settleAll(3);
    for (const queue of queues) {
      const counted = await engine.broker.deadLetterCounts(queue);
      const exchanges = (await engine.broker.deadLetterSourceExchanges(queue)).sort();
      const where = `seed ${seed}, step ${step}, queue ${queue === dlq ? 'dlq' : queue}`;
      expect({ counts: counted, exchanges }, where).toEqual(await scan(engine.broker, queue));
      expect(counted.total).toBe(engine.broker.getQueue(queue).messagesReady);
    }
  }
}

describe('dead-letter counts', () => {
  it('equal a full scan after random runs of every way a message comes and goes, restarts included', async () => {
    for (const seed of [1, 2, 3, 4]) {
      await run(seed, 150);
      await engine!.cleanup();
      engine = undefined;
    }
  }, 120_000);

  it('count by the newest x-death entry: reason and source queue', async () => {
    engine = await startEngine();
    const { broker } = engine;
    const dlx = await newDeadLetterTarget(broker);
    const work = await newQueue(broker, 'work', { arguments: { deadLetterExchange: dlx.exchange, messageTtlMs: 1000 } });
    for (let i = 0; i < 3; i++) await broker.publish({ exchange: '', routingKey: work, payload: text(`r${i}`) });
    for (const delivery of await broker.receive(work, { max: 2 })) await broker.nack(work, [delivery.deliveryTag], false);
    await engine.advance(1000);
    await broker.publish({ exchange: '', routingKey: dlx.queue, payload: text('plain') });
    expect(await broker.deadLetterCounts(dlx.queue)).toEqual({ total: 4, byReason: { rejected: 2, expired: 1 }, bySourceQueue: { [work]: 3 } });
  }, 30_000);
});
