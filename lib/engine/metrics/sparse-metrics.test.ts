import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type EngineFixture } from '../../../tests/support/engine-fixture';
import { newQueue, send } from '../../../tests/support/engine-helpers';
import { RateCounter } from './rate-counter';
import { SecondRing } from './second-ring';

let fx: EngineFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

describe('per-second records kept only for seconds with events', () => {
  it('grows by doubling, keeps one record before the window to carry gauges, and shrinks when trimmed', () => {
    const ring = new SecondRing(901);
    for (let s = 100; s < 110; s++) ring.append(s);
    expect(ring.size).toBe(10);
    ring.append(500);
    ring.trim(400);
    // 109 stays: it carries its gauges into 400…499.
    expect(ring.size).toBe(2);
    expect(ring.secondAt(ring.slot(0))).toBe(109);
    expect(ring.findAtOrBefore(450).index).toBe(0);
    expect(ring.findAtOrBefore(500).index).toBe(1);
    expect(ring.findAtOrBefore(50).index).toBe(-1);
    expect(ring.byteLength).toBeLessThan(200);
  });

  it('holds at most its maximum, dropping the oldest', () => {
    const ring = new SecondRing(5);
    for (let s = 0; s < 12; s++) ring.append(s);
    expect(ring.size).toBe(5);
    expect(ring.secondAt(ring.slot(0))).toBe(7);
    expect(ring.secondAt(ring.newestSlot())).toBe(11);
  });

  it('a queue that saw a few publishes costs bytes, and its chart still shows every second', async () => {
    fx = await startEngine();
    const { broker } = fx;
    const q = await newQueue(broker, 'sparse');
    const metrics = broker.metrics!.find(q)!;
    expect(metrics.footprintBytes).toBeLessThan(300);
    await fx.advance(1000 - (fx.clock.now() % 1000));
    const start = fx.clock.now();
    await send(broker, q, 'a');
    await fx.advance(100_000);
    await send(broker, q, 'b');
    await fx.advance(200_000);
    await send(broker, q, 'c');
    await fx.advance(61_000); // every bucket closes: the queue is idle
    expect(broker.metrics!.activeCount).toBe(0);
    expect(metrics.footprintBytes).toBeLessThan(1024);

    const series = await broker.queueMetrics(q, { windowMs: 15 * 60_000, stepMs: 1000 });
    const at = (ms: number) => series.t.indexOf(ms);
    const first = at(start);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(series.publish[first]).toBe(1);
    expect(series.publish[first + 1]).toBe(0);
    expect(series.ready[first + 50]).toBe(1);
    expect(series.oldestReadyAgeMs[first + 50]).toBe(51_000);
    expect(series.publish[at(start + 100_000)]).toBe(1);
    expect(series.ready[at(start + 150_000)]).toBe(2);
    expect(series.publish[at(start + 300_000)]).toBe(1);
    expect(series.ready.at(-1)).toBe(3);
    expect(series.publish.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('a busy queue that goes quiet gives back its per-second latency cells, and its records once 15 minutes old', async () => {
    fx = await startEngine();
    const { broker } = fx;
    const q = await newQueue(broker, 'cooling');
    for (let s = 0; s < 30; s++) {
      for (let i = 0; i < 5; i++) await send(broker, q, 'm');
      await fx.advance(100);
      const got = await broker.receive(q, { max: 5 });
      await broker.ack(q, got.map((d) => d.deliveryTag));
      await fx.advance(900);
    }
    const metrics = broker.metrics!.find(q)!;
    const busy = metrics.footprintBytes;
    expect(busy).toBeGreaterThan(4000);
    await fx.advance(61_000);
    const idle = metrics.footprintBytes;
    expect(idle).toBeLessThan(busy - 4000);
    for (let i = 0; i < 15; i++) await fx.advance(60_000);
    expect(metrics.footprintBytes).toBeLessThan(idle);
    expect(metrics.footprintBytes).toBeLessThan(1024);
    expect(broker.getQueue(q).messagesReady).toBe(0);
  });
});

describe('once-a-second metrics work', () => {
  it('visits a queue after an event only when its second, 10 s bucket and minute close, not every second', async () => {
    fx = await startEngine();
    const { broker } = fx;
    const queues = 100;
    for (let i = 0; i < queues; i++) await broker.declareQueue(`once-${i}`);
    await fx.advance(1000);
    const before = broker.metrics!.tickWork;
    for (let i = 0; i < queues; i++) await send(broker, `once-${i}`, 'm');
    for (let s = 0; s < 61; s++) await fx.advance(1000);
    expect(broker.metrics!.activeCount).toBe(0);
    // Each: its second, its 10 s bucket, its minute (at most one visit each); every second would be 60.
    expect(broker.metrics!.tickWork - before).toBeLessThanOrEqual(queues * 3);
    const rows = await broker.queueMetrics('once-7', { windowMs: 60 * 60_000 });
    expect(rows.publish.reduce((a, b) => a + b, 0) * rows.stepMs / 1000).toBe(1);
  });
});

describe('rate counters', () => {
  it('count and read rates, allocating nothing until the first event', () => {
    const counter = new RateCounter(8);
    expect(counter.rate(10_000)).toBe(0);
    counter.add(10_000, 3);
    counter.add(11_500, 2);
    expect(counter.rate(12_000, 2)).toBe(2.5);
    expect(counter.rate(20_000, 2)).toBe(0);
    expect(counter.total).toBe(5);
  });
});

describe("the overview's rates", () => {
  it("equal the sum of every queue's rates each second, though quiet queues are skipped", async () => {
    fx = await startEngine();
    await fx.advance(1000 - (fx.clock.now() % 1000));
    const early = await newQueue(fx.broker, 'quiet-early');
    const late = await newQueue(fx.broker, 'quiet-late');
    for (let i = 0; i < 3; i++) await send(fx.broker, early, `e${i}`);
    await fx.advance(2000);
    for (let i = 0; i < 2; i++) await send(fx.broker, late, `l${i}`);
    const seen: number[] = [];
    // Second by second until both queues' last events have left the 5 s window, each edge included.
    for (let step = 0; step < 10; step++) {
      await fx.advance(1000);
      const sum = fx.broker.getQueue(early).rates.publish + fx.broker.getQueue(late).rates.publish;
      const total = fx.broker.overview().rates.publish;
      expect(total).toBeCloseTo(sum, 10);
      seen.push(total);
    }
    // It rose with the events and fell back to nothing: both edges of the window were crossed.
    expect(Math.max(...seen)).toBeCloseTo(1, 10);
    expect(seen.at(-1)).toBe(0);
  });
});
