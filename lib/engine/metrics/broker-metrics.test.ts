import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type EngineFixture } from '../../../tests/support/engine-fixture';
import { newDeadLetterTarget, newQueue, send } from '../../../tests/support/engine-helpers';
import { RING_SECONDS } from './queue-metrics';

let fx: EngineFixture;
afterEach(() => fx?.cleanup());

/** Moves the fake clock to the next multiple of `ms` (ticking on the way). */
async function alignTo(ms: number) {
  const now = fx.clock.now();
  const next = Math.ceil(now / ms) * ms;
  if (next > now) await fx.advance(next - now);
}

/**
 * Each second: 10 messages published at +0 ms, received at +200 ms (lease), acked at +500 ms.
 * So deliver latency is 200 ms, ack latency 500 ms, 10 msg/s each way.
 */
async function steadyWorkload(queue: string, seconds: number) {
  for (let s = 0; s < seconds; s++) {
    for (let i = 0; i < 10; i++) await send(fx.broker, queue, `m${s}-${i}`);
    await fx.advance(200);
    const got = await fx.broker.receive(queue, { max: 10, visibilityTimeoutMs: 60_000 });
    expect(got).toHaveLength(10);
    await fx.advance(300);
    await fx.broker.ack(queue, got.map((d) => d.deliveryTag));
    await fx.advance(500);
  }
}

describe('broker metrics', () => {
  it('counts a scripted workload exactly, with rates, latency percentiles and lag', async () => {
    fx = await startEngine();
    const q = await newQueue(fx.broker, 'scripted');
    await alignTo(60_000);
    await steadyWorkload(q, 20);

    const snap = fx.broker.metricsSnapshot();
    const mine = snap.queues.find((x) => x.name === q)!;
    expect(mine.counters).toMatchObject({ published: 200, delivered: 200, redelivered: 0, acked: 200, nacked: 0, dropped: 0 });
    expect(fx.broker.getQueue(q).rates.publish).toBeCloseTo(10, 1);
    expect(Math.abs(fx.broker.getQueue(q).rates.ack - 10) / 10).toBeLessThan(0.01);
    expect(Math.abs(fx.broker.overview().rates.deliver - 10) / 10).toBeLessThanOrEqual(0.01);
    expect(mine.latency.ack.cumulative.count).toBe(200);
    expect(Math.abs(mine.latency.ack.cumulative.sumMs - 200 * 500)).toBe(0);
    expect(Math.abs(mine.latency.ack.lastMinute.p99 - 500) / 500).toBeLessThan(0.01);
    expect(Math.abs(mine.latency.deliver.lastMinute.p50 - 200) / 200).toBeLessThan(0.01);

    const series = await fx.broker.queueMetrics(q, { windowMs: 60_000, stepMs: 1000 });
    expect(series.source).toBe('1s');
    expect(series.t).toHaveLength(60);
    for (const key of ['ready', 'unacked', 'publish', 'deliver', 'ack', 'latencyP50Ms', 'latencyP99Ms', 'consumerLag', 'timeToDrainMs'] as const) {
      expect(series[key]).toHaveLength(60);
    }
    const last = series.t.length - 1;
    expect(series.publish.slice(last - 19)).toEqual(new Array(20).fill(10));
    expect(series.ack.slice(last - 19)).toEqual(new Array(20).fill(10));
    expect(series.ready.slice(last - 19)).toEqual(new Array(20).fill(0));
    expect(Math.abs(series.latencyP50Ms[last]! - 500) / 500).toBeLessThan(0.01);

    // A backlog: 50 more, nobody consumes for 3 s; then a consumer acks 5/s.
    for (let i = 0; i < 50; i++) await send(fx.broker, q, `b${i}`);
    await fx.advance(3000);
    const stats = fx.broker.getQueue(q);
    expect(stats.messagesReady).toBe(50);
    const lagged = await fx.broker.queueMetrics(q, { windowMs: 60_000 });
    const end = lagged.t.length - 1;
    expect(lagged.consumerLag[end]).toBe(50);
    expect(lagged.oldestReadyAgeMs[end]).toBe(3000);
    expect(lagged.timeToDrainMs[end]).toBeNull();
    for (let s = 0; s < 5; s++) {
      const got = await fx.broker.receive(q, { max: 5 });
      await fx.broker.ack(q, got.map((d) => d.deliveryTag));
      await fx.advance(1000);
    }
    const draining = await fx.broker.queueMetrics(q, { windowMs: 60_000 });
    const tail = draining.t.length - 1;
    expect(draining.ready[tail]).toBe(25);
    expect(draining.ack[tail]).toBe(5);
    expect(draining.timeToDrainMs[tail]).toBe(5000);
  });

  it('counts nacks, dead-letters by reason, expiry and drops', async () => {
    fx = await startEngine();
    const dl = await newDeadLetterTarget(fx.broker);
    const q = await newQueue(fx.broker, 'dead', { arguments: { deadLetterExchange: dl.exchange, messageTtlMs: 1000, maxLength: 3 } });
    const plain = await newQueue(fx.broker, 'plain', { arguments: { messageTtlMs: 500 } });
    for (let i = 0; i < 5; i++) await send(fx.broker, q, `x${i}`); // 2 overflow (maxlen)
    const [first] = await fx.broker.receive(q, { max: 1 });
    await fx.broker.nack(q, [first.deliveryTag], false); // rejected
    await send(fx.broker, plain, 'gone');
    await fx.advance(1500); // 2 expire in q, 1 dropped in plain
    const snap = fx.broker.metricsSnapshot();
    const c = snap.queues.find((x) => x.name === q)!.counters;
    expect(c).toMatchObject({ published: 5, nacked: 1, expired: 2, dropped: 0, deadLettered: { maxlen: 2, rejected: 1, expired: 2, delivery_limit: 0 } });
    expect(snap.queues.find((x) => x.name === plain)!.counters).toMatchObject({ published: 1, expired: 1, dropped: 1 });
    expect(snap.queues.find((x) => x.name === dl.queue)!.counters.published).toBe(5);
  });

  it('counts routed and unroutable publishes per exchange and in total', async () => {
    fx = await startEngine();
    const ex = `ex-${Date.now()}`;
    await fx.broker.declareExchange(ex, { type: 'direct' });
    const q = await newQueue(fx.broker, 'bound');
    await fx.broker.bind({ source: ex, destination: q, routingKey: 'k' });
    const before = fx.broker.overview().exchangeTotals;
    await fx.broker.publish({ exchange: ex, routingKey: 'k', payload: Buffer.from('a') });
    await fx.broker.publish({ exchange: ex, routingKey: 'k', payload: Buffer.from('b') });
    await fx.broker.publish({ exchange: ex, routingKey: 'nowhere', payload: Buffer.from('c') });
    const exchange = fx.broker.metricsSnapshot().exchanges.find((e) => e.name === ex)!;
    expect(exchange).toEqual({ name: ex, published: 3, routed: 2, unroutable: 1 });
    const after = fx.broker.overview().exchangeTotals;
    expect(after.published - before.published).toBe(3);
    expect(after.unroutable - before.unroutable).toBe(1);
    expect(fx.broker.metricsSnapshot().total.counters.published).toBeGreaterThanOrEqual(2);
  });

  it('lists SSE consumers and lease holders with their rates', async () => {
    fx = await startEngine();
    const q = await newQueue(fx.broker, 'consumers');
    await fx.advance(1000 - (fx.clock.now() % 1000));
    const seen: string[] = [];
    const sub = fx.broker.subscribe(q, { prefetch: 3, kind: 'sse', connectionId: 'conn-1', onDelivery: (d) => seen.push(d.deliveryTag) });
    for (let i = 0; i < 10; i++) await send(fx.broker, q, `c${i}`);
    await fx.broker.ack(q, seen.slice(0, 2));
    const leased = await fx.broker.receive(q, { max: 4 });
    await fx.advance(1000);
    const list = fx.broker.listConsumers(q);
    const sse = list.find((c) => c.kind === 'sse')!;
    expect(sse).toMatchObject({ id: sub.id, queue: q, connectionId: 'conn-1', prefetch: 3, unacked: 3, deliverRate: 5 / 5, ackRate: 2 / 5 });
    const lease = list.find((c) => c.kind === 'lease')!;
    expect(lease).toMatchObject({ id: `lease:${q}`, unacked: leased.length, deliverRate: leased.length / 5, ackRate: 0 });
    expect(fx.broker.listConsumers().length).toBeGreaterThanOrEqual(2);
  });

  it('rolls up at 10 s and 1 min boundaries and picks the source and step to fit the window', async () => {
    fx = await startEngine();
    const q = await newQueue(fx.broker, 'rollups');
    await alignTo(60_000);
    await steadyWorkload(q, 70);
    await fx.advance(10_000);
    const ten = await fx.broker.queueMetrics(q, { windowMs: 60 * 60_000 });
    expect(ten.source).toBe('10s');
    expect(ten.stepMs).toBe(10_000);
    expect(ten.t).toHaveLength(360);
    const active = ten.publish.filter((r) => r > 0);
    expect(active).toHaveLength(7);
    expect(active.every((r) => r === 10)).toBe(true);
    expect(ten.publish.reduce((a, b) => a + b, 0) * 10).toBe(700);
    const p99 = ten.latencyP99Ms.filter((v) => v !== null) as number[];
    expect(p99.every((v) => Math.abs(v - 500) / 500 < 0.01)).toBe(true);

    const minute = await fx.broker.queueMetrics(q, { windowMs: 2 * 24 * 60 * 60_000 });
    expect(minute.source).toBe('1m');
    expect(minute.stepMs).toBe(480_000);
    expect(minute.t).toHaveLength(360);
    expect(minute.publish.reduce((a, b) => a + b, 0) * 480).toBe(600); // the first full minute; the second is open

    const month = await fx.broker.queueMetrics(q, { windowMs: 30 * 24 * 60 * 60_000 });
    expect(month.stepMs).toBe(2 * 60 * 60_000);
    expect(month.t).toHaveLength(360);
    // A first start has no history from before it: a short window reaching back before the start reads the ring
    // (after a restart, with rollups from before, it reads those: prisma-metrics-history.test.ts).
    expect(await fx.broker.queueMetrics(q, { windowMs: 5 * 60_000 })).toMatchObject({ source: '1s', stepMs: 1000 });
    await fx.advance(5 * 60_000);
    const fiveMin = await fx.broker.queueMetrics(q, { windowMs: 5 * 60_000 });
    expect(fiveMin).toMatchObject({ source: '1s', stepMs: 1000 });
    expect(fiveMin.t).toHaveLength(300);
    await fx.advance(10 * 60_000);
    expect(await fx.broker.queueMetrics(q, { windowMs: 15 * 60_000 })).toMatchObject({ source: "1s", stepMs: 3000 });
    const explicit = await fx.broker.queueMetrics(q, { windowMs: 5 * 60_000, stepMs: 30_000 });
    expect(explicit).toMatchObject({ source: '10s', stepMs: 30_000 });
    expect(explicit.t).toHaveLength(10);
  });

  it('does no per-tick work for idle queues and keeps under 50 KB per active queue', async () => {
    fx = await startEngine();
    const idle = await newQueue(fx.broker, 'idle');
    await send(fx.broker, idle, 'sitting');
    const busy = await newQueue(fx.broker, 'busy');
    await fx.advance(61_000);
    const metrics = fx.broker.metrics!;
    expect(metrics.activeCount).toBe(0);
    const work = metrics.tickWork;
    for (let i = 0; i < 30; i++) await fx.advance(1000);
    expect(metrics.tickWork).toBe(work);
    expect(metrics.find(idle)!.closedSeconds).toBe(1);

    // A busy queue with latencies spread over the whole range, for the full ring.
    let spread = 1;
    for (let s = 0; s < RING_SECONDS + 5; s++) {
      for (let i = 0; i < 5; i++) await send(fx.broker, busy, 'b');
      fx.clock.advance((spread = (spread * 7) % 997) + 1);
      const got = await fx.broker.receive(busy, { max: 5 });
      await fx.broker.ack(busy, got.map((d) => d.deliveryTag));
      fx.clock.advance(1000 - (fx.clock.now() % 1000));
      fx.broker.tick();
    }
    const bytes = metrics.find(busy)!.footprintBytes;
    expect(bytes).toBeGreaterThan(30_000);
    expect(bytes).toBeLessThan(50 * 1024);
    const series = await fx.broker.queueMetrics(idle, { windowMs: 60_000 });
    expect(series.ready.every((r) => r === 1)).toBe(true);
    expect(series.oldestReadyAgeMs[59]).toBeGreaterThan(series.oldestReadyAgeMs[0]);
    // ~900 seconds of publishes, receives and acks through the real store: about 5 s on a loaded machine.
  }, 30_000);

  it('runs with metrics off', async () => {
    fx = await startEngine({ metrics: false });
    const q = await newQueue(fx.broker, 'off');
    await send(fx.broker, q, 'x');
    expect(fx.broker.getQueue(q).rates.publish).toBe(0);
    expect(fx.broker.metrics).toBeUndefined();
    await expect(fx.broker.queueMetrics(q)).rejects.toThrow('metrics are turned off');
  });
  it('a chart read from rollups ends on the depth as it is now, not on a bucket up to 10 s old', async () => {
    fx = await startEngine();
    const q = await newQueue(fx.broker, 'fresh-edge');
    for (let i = 0; i < 3; i++) await send(fx.broker, q, `m${i}`);
    await fx.broker.receive(q, { max: 1 });
    const hour = await fx.broker.queueMetrics(q, { windowMs: 60 * 60_000 });
    expect(hour.source).toBe('10s');
    expect(hour.ready.at(-1)).toBe(2);
    expect(hour.unacked.at(-1)).toBe(1);
    expect(hour.consumerLag.at(-1)).toBe(2);
  });
});
