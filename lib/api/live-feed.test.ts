import { afterEach, describe, expect, it, vi } from 'vitest';
import type { QueueStats } from '@/lib/engine';
import { startEngine, type EngineFixture } from '../../tests/support/engine-fixture';
import { newQueue, send } from '../../tests/support/engine-helpers';
import { LiveFeed, liveQueues, readFrame, type LiveFrame, type Timers } from './live-feed';
import { liveEventsSchema, queueMetricsQuerySchema } from './schemas/metrics';
import { eventStream, type EventSink } from './sse';

/** Timers driven by hand: `fire()` runs every live interval once. */
function manualTimers() {
  const live = new Map<number, () => void>();
  let next = 1;
  const timers: Timers = {
    setInterval: (run) => {
      live.set(next, run);
      return next++;
    },
    clearInterval: (handle) => void live.delete(handle as number),
  };
  return { timers, live, fire: () => [...live.values()].forEach((run) => run()) };
}

const frame = (n: number): LiveFrame => ({
  overview: {
    queues: n,
    exchanges: 5,
    bindings: n,
    consumers: 0,
    messagesReady: 0,
    messagesUnacked: 0,
    rates: { publish: 0, deliver: 0, ack: 0, redeliver: 0, deadLetter: 0 },
    exchangeTotals: { published: 0, routed: 0, unroutable: 0 },
  },
  queues: [],
});

function recorder(): EventSink & { events: [string, unknown][] } {
  const events: [string, unknown][] = [];
  return { events, send: (event, data) => void events.push([event, data]), close: () => undefined };
}

describe('LiveFeed', () => {
  it('sends a frame at once, then one per tick to every stream, reading the broker once per tick', () => {
    const { timers, live, fire } = manualTimers();
    let reads = 0;
    const feed = new LiveFeed(() => frame(++reads), 1000, timers);
    const a = recorder();
    const b = recorder();
    const subA = feed.subscribe(a);
    const subB = feed.subscribe(b);
    expect(live.size).toBe(1);
    expect(a.events.map(([e]) => e)).toEqual(['overview', 'queues']);
    fire();
    expect(reads).toBe(3);
    expect(a.events.at(-2)).toEqual(['overview', frame(3).overview]);
    expect(b.events.at(-2)).toEqual(['overview', frame(3).overview]);
    subA.cancel();
    expect(feed.running).toBe(true);
    fire();
    expect(a.events).toHaveLength(4);
    expect(b.events).toHaveLength(6);
    subB.cancel();
    expect(feed.running).toBe(false);
    expect(live.size).toBe(0);
  });

  it('stops its timer when the client of an event stream disconnects', () => {
    const { timers, live } = manualTimers();
    const feed = new LiveFeed(() => frame(1), 1000, timers);
    const controller = new AbortController();
    const request = new Request('http://localhost/api/v1/events', { signal: controller.signal });
    const response = eventStream(request, (sink) => feed.subscribe(sink));
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(feed.streams).toBe(1);
    expect(live.size).toBe(1);
    controller.abort();
    expect(feed.streams).toBe(0);
    expect(live.size).toBe(0);
  });

  it('lets a broken read fail the request before the stream joins, and skips a broken tick', () => {
    const { timers, fire } = manualTimers();
    let fail = true;
    const feed = new LiveFeed(() => {
      if (fail) throw new Error('not started');
      return frame(1);
    }, 1000, timers);
    expect(() => feed.subscribe(recorder())).toThrow('not started');
    expect(feed.running).toBe(false);
    fail = false;
    const sink = recorder();
    feed.subscribe(sink);
    fail = true;
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    fire();
    quiet.mockRestore();
    expect(sink.events).toHaveLength(2);
  });
});

describe('LiveFeed backpressure', () => {
  it('skips the frames of a stream whose client is not reading, and sends it the current one once it reads', () => {
    const { timers, fire } = manualTimers();
    let reads = 0;
    const feed = new LiveFeed(() => frame(++reads), 1000, timers);
    let reading = true;
    const slow = { ...recorder(), ready: () => reading };
    const fast = recorder();
    feed.subscribe(slow);
    feed.subscribe(fast);
    reading = false;
    fire();
    fire();
    expect(slow.events).toHaveLength(2);
    expect(fast.events).toHaveLength(6);
    reading = true;
    fire();
    expect(slow.events).toHaveLength(4);
    expect(slow.events.at(-2)).toEqual(['overview', frame(reads).overview]);
  });
});

describe('readFrame', () => {
  let fx: EngineFixture;
  afterEach(() => fx?.cleanup());

  it('reads overview and per-queue figures with the last minute of ack latency, in the documented shape', async () => {
    fx = await startEngine();
    const busy = await newQueue(fx.broker, 'live-busy');
    const idle = await newQueue(fx.broker, 'live-idle');
    for (let i = 0; i < 4; i++) await send(fx.broker, busy, `m${i}`);
    await fx.advance(100);
    const got = await fx.broker.receive(busy, { max: 2, visibilityTimeoutMs: 60_000 });
    await fx.advance(200);
    await fx.broker.ack(busy, got.map((d) => d.deliveryTag));
    await fx.advance(1000);

    const live = readFrame(fx.broker);
    expect(liveEventsSchema.parse(live)).toEqual(live);
    expect(live.overview).toMatchObject({ queues: 2, messagesReady: 2, exchangeTotals: { published: 4, routed: 4, unroutable: 0 } });
    const mine = live.queues.find((q) => q.name === busy)!;
    expect(mine).toMatchObject({ messagesReady: 2, messagesUnacked: 0, consumers: 0, oldestReadyAgeMs: 1300 });
    // within the histogram's precision (2 significant digits)
    expect(Math.abs(mine.latencyP50Ms! - 300) / 300).toBeLessThan(0.01);
    expect(Math.abs(mine.latencyP99Ms! - 300) / 300).toBeLessThan(0.01);
    expect(live.queues.find((q) => q.name === idle)).toMatchObject({ messagesReady: 0, oldestReadyAgeMs: null, latencyP50Ms: null });
  });

  it('has no latencies when metrics are off', () => {
    const stats: QueueStats[] = [
      {
        name: 'q',
        durable: true,
        autoDelete: false,
        arguments: {},
        messagesReady: 1,
        messagesUnacked: 0,
        messages: 1,
        bytesReady: 3,
        consumers: 0,
        oldestReadyAgeMs: 5,
        rates: { publish: 0, deliver: 0, ack: 0, redeliver: 0, deadLetter: 0 },
      },
    ];
    expect(liveQueues(stats, undefined)[0]).toMatchObject({ name: 'q', latencyP50Ms: null, latencyP99Ms: null });
  });
});

describe('queueMetricsQuerySchema', () => {
  it('takes windows of 1 minute to 30 days and steps of at least 1 s, no wider than the window', () => {
    expect(queueMetricsQuerySchema.parse({})).toEqual({ windowMs: 300_000 });
    expect(queueMetricsQuerySchema.parse({ windowMs: '60000', stepMs: '1000' })).toEqual({ windowMs: 60_000, stepMs: 1000 });
    expect(queueMetricsQuerySchema.parse({ windowMs: '2592000000' }).windowMs).toBe(2_592_000_000);
    for (const bad of [
      { windowMs: '59999' },
      { windowMs: '2592000001' },
      { windowMs: 'abc' },
      { windowMs: '60000.5' },
      { stepMs: '999' },
      { stepMs: '0' },
      { stepMs: '-1000' },
      { windowMs: '60000', stepMs: '120000' },
    ]) {
      expect(queueMetricsQuerySchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
