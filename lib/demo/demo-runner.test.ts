import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEngine, type EngineFixture } from '../../tests/support/engine-fixture';
import { settleAll } from '../../tests/support/engine-helpers';
import { DemoRunner, type SetTimer } from './demo-runner';
import { FULFILMENT_DLQ, FULFILMENT_QUEUE, ORDERS_EXCHANGE, SHOP_QUEUE_NAMES, shopTopology } from './shop-topology';

let engine: EngineFixture;
/** The runner's timers, on the engine's fake clock. */
let timers: Set<{ at: number; run: () => void }>;
let runner: DemoRunner;

const setTimer: SetTimer = (run, ms) => {
  const timer = { at: engine.clock.now() + ms, run };
  timers.add(timer);
  return () => void timers.delete(timer);
};

/** Seeded, so every run sees the same orders and failures. */
function seededRandom(seed = 42): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Moves fake time forward in 50 ms steps, firing the runner's due timers and the broker's clock work. */
async function advance(ms: number): Promise<void> {
  for (let elapsed = 0; elapsed < ms; elapsed += 50) {
    await engine.advance(50);
    for (const timer of [...timers].sort((a, b) => a.at - b.at)) {
      if (timer.at <= engine.clock.now() && timers.delete(timer)) timer.run();
    }
    await settleAll(2);
  }
}

beforeEach(async () => {
  engine = await startEngine();
  timers = new Set();
  runner = new DemoRunner({ broker: engine.broker, setTimer, random: seededRandom(), onError: (error) => { throw error; } });
});
afterEach(async () => {
  runner.stop();
  await engine.cleanup();
});

describe('shopTopology', () => {
  it('declares the orders exchange, its queues and the dead-letter queue, and can run again', async () => {
    const { broker } = engine;
    await shopTopology(broker);
    const bindingsBefore = broker.listBindings().length;
    await shopTopology(broker);
    expect(broker.listBindings()).toHaveLength(bindingsBefore);

    expect(broker.getExchange(ORDERS_EXCHANGE).type).toBe('topic');
    expect(broker.listQueues().map((q) => q.name).sort()).toEqual([...SHOP_QUEUE_NAMES].sort());
    expect(broker.getQueue(FULFILMENT_QUEUE).arguments).toMatchObject({ deadLetterExchange: '', deadLetterRoutingKey: FULFILMENT_DLQ });
    expect(broker.routeTest(ORDERS_EXCHANGE, 'orders.paid').queues.sort()).toEqual(['analytics', 'billing', 'inventory', FULFILMENT_QUEUE]);
    expect(broker.routeTest(ORDERS_EXCHANGE, 'orders.shipped').queues.sort()).toEqual(['analytics', 'inventory', 'notifications']);
  });

  it('fails, as the broker does, when a queue of the same name exists with other settings', async () => {
    await engine.broker.declareQueue('notifications', { arguments: { maxLength: 1 } });
    await expect(shopTopology(engine.broker)).rejects.toMatchObject({ code: 'precondition_failed' });
  });
});

describe('DemoRunner', () => {
  it('publishes order events into every queue, consumes them and grows the dead-letter queue', async () => {
    const { broker } = engine;
    expect(runner.running).toBe(false);
    await runner.start();
    expect(runner.running).toBe(true);
    expect(broker.listConsumers().map((c) => c.queue).sort()).toEqual(['analytics', 'billing', 'inventory', 'notifications', FULFILMENT_QUEUE].sort());

    await advance(60_000);

    const overview = broker.overview();
    expect(overview.exchangeTotals.published).toBeGreaterThan(200); // a few a second
    expect(overview.exchangeTotals.published).toBeLessThan(400);
    const snapshot = broker.metricsSnapshot();
    for (const name of ['inventory', 'billing', 'notifications', 'analytics', FULFILMENT_QUEUE]) {
      const counters = snapshot.queues.find((q) => q.name === name)?.counters;
      expect(counters?.published, name).toBeGreaterThan(0);
      expect(counters?.acked, name).toBeGreaterThan(0);
    }
    const dlq = broker.getQueue(FULFILMENT_DLQ);
    expect(dlq.messagesReady).toBeGreaterThan(0);
    const counts = await broker.deadLetterCounts(FULFILMENT_DLQ);
    expect(counts.bySourceQueue).toEqual({ [FULFILMENT_QUEUE]: counts.total });
    expect(counts.byReason).toEqual({ rejected: counts.total });
    // The slow mailer falls behind: a backlog, kept short by the 30 s TTL.
    expect(broker.getQueue('notifications').messagesReady).toBeGreaterThan(5);

    const before = dlq.messagesReady;
    await advance(60_000);
    expect(broker.getQueue(FULFILMENT_DLQ).messagesReady).toBeGreaterThan(before);
  });

  it('publishes JSON order events with headers', async () => {
    // A queue no demo consumer reads, to see what the producer sends.
    await shopTopology(engine.broker);
    await engine.broker.declareQueue('demo-tap');
    await engine.broker.bind({ source: ORDERS_EXCHANGE, destination: 'demo-tap', routingKey: '#' });
    await runner.start();
    await advance(2_000);
    runner.stop();
    const [tapped] = (await engine.broker.peek('demo-tap', { limit: 1 })).items;
    expect(tapped).toMatchObject({ exchange: ORDERS_EXCHANGE, routingKey: 'orders.created' });
    expect(tapped.properties).toMatchObject({ contentType: 'application/json', appId: 'switchboard-demo', headers: { 'x-source': 'demo-shop' } });
    const body = JSON.parse(tapped.payload.toString());
    expect(body).toMatchObject({ orderId: expect.stringMatching(/^ord-/), event: 'created', currency: 'EUR', items: expect.any(Array) });
    expect(tapped.properties.headers?.['x-order-id']).toBe(body.orderId);
    expect(tapped.properties.correlationId).toBe(body.orderId);
  });

  it('stop leaves no consumers, no timers and the topology in place; start again resumes', async () => {
    const { broker } = engine;
    await runner.start();
    await advance(5_000);
    expect(runner.pendingTimers).toBeGreaterThan(0);

    runner.stop();
    expect(runner.running).toBe(false);
    expect(runner.pendingTimers).toBe(0);
    expect(timers.size).toBe(0);
    expect(broker.listConsumers().filter((c) => c.kind !== 'lease')).toEqual([]);
    await settleAll();
    expect(broker.getQueue(FULFILMENT_QUEUE).messagesUnacked).toBe(0);
    expect(broker.listQueues().map((q) => q.name).sort()).toEqual([...SHOP_QUEUE_NAMES].sort());

    const published = broker.overview().exchangeTotals.published;
    await advance(5_000);
    expect(broker.overview().exchangeTotals.published).toBe(published);

    await runner.start();
    await advance(2_000);
    expect(broker.overview().exchangeTotals.published).toBeGreaterThan(published);
  });

  it('start twice runs one producer; stop during start does not run', async () => {
    await Promise.all([runner.start(), runner.start()]);
    expect(engine.broker.listConsumers().filter((c) => c.kind !== 'lease')).toHaveLength(5);
    runner.stop();

    const starting = runner.start();
    runner.stop();
    await starting;
    expect(runner.running).toBe(false);
    expect(timers.size).toBe(0);
    expect(engine.broker.listConsumers().filter((c) => c.kind !== 'lease')).toEqual([]);
  });
});
