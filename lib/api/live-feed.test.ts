import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEngine, type EngineFixture } from '../../tests/support/engine-fixture';
import { newQueue, send } from '../../tests/support/engine-helpers';
import { LiveFeed, liveScope, type Timers } from './live-feed';
import { brokerLiveSource, type LiveSource } from './live-source';
import { liveEventsQuerySchema, liveEventsSchema, liveQueueSchema, type LiveQueue } from './schemas/metrics';
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

interface Frame {
  text: string;
  events: Map<string, unknown>;
}

/** A sink that keeps each write (one frame) and its events parsed. */
function recorder(ready: () => boolean = () => true): EventSink & { frames: Frame[]; last(): Frame } {
  const frames: Frame[] = [];
  return {
    frames,
    last: () => frames[frames.length - 1]!,
    send: () => undefined,
    sendRaw: (text) => {
      const events = new Map<string, unknown>();
      for (const block of text.split('\n\n').filter(Boolean)) {
        const [, event, data] = /^event: (.*)\ndata: (.*)$/s.exec(block)!;
        events.set(event!, JSON.parse(data!));
      }
      frames.push({ text, events });
    },
    close: () => undefined,
    ready,
  };
}

const names = (frame: Frame) => ((frame.events.get('queues') as LiveQueue[] | undefined) ?? []).map((q) => q.name);

let fx: EngineFixture;
afterEach(() => fx?.cleanup());

/** A feed on a real engine (fake clock) whose reads are counted. */
async function engineFeed() {
  fx = await startEngine();
  const real = brokerLiveSource(fx.broker);
  const reads = { overview: 0, queues: 0, rankings: 0 };
  const source: LiveSource = {
    overview: () => (reads.overview++, real.overview()),
    queues: (list) => (reads.queues++, real.queues(list)),
    rankings: () => (reads.rankings++, real.rankings()),
  };
  const manual = manualTimers();
  const feed = new LiveFeed(source, 1000, manual.timers);
  /** One live second: the clock moves on, the broker ticks, the feed sends a frame. */
  const second = async () => {
    await fx.advance(1000);
    manual.fire();
  };
  return { feed, reads, second, ...manual };
}

describe('LiveFeed', () => {
  it('starts its timer with the first stream and stops it with the last, also when a client disconnects', async () => {
    const { feed, live } = await engineFeed();
    const controller = new AbortController();
    const request = new Request('http://localhost/api/v1/events', { signal: controller.signal });
    const response = eventStream(request, (sink) => feed.subscribe(sink));
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const other = feed.subscribe(recorder());
    expect(feed.streams).toBe(2);
    expect(live.size).toBe(1);
    controller.abort();
    expect(feed.running).toBe(true);
    other.cancel();
    expect(feed.streams).toBe(0);
    expect(live.size).toBe(0);
  });

  it('reads the broker once per tick and gives streams of the same scope the very same frame', async () => {
    const { feed, reads, second } = await engineFeed();
    await newQueue(fx.broker, 'shared');
    const a = recorder();
    const b = recorder();
    const c = recorder();
    feed.subscribe(a);
    feed.subscribe(b);
    feed.subscribe(c, liveScope({ scope: 'overview' }));
    const before = { ...reads };
    await second();
    expect(reads).toEqual({ overview: before.overview + 1, queues: before.queues + 1, rankings: before.rankings + 1 });
    expect(a.last().text).toBe(b.last().text);
    expect(c.last().text).not.toBe(a.last().text);
  });

  it('sends the whole scope at connect, then only the queues whose figures changed', async () => {
    const { feed, second } = await engineFeed();
    const busy = await newQueue(fx.broker, 'busy');
    const waiting = await newQueue(fx.broker, 'waiting');
    await send(fx.broker, waiting, 'grows older');
    await second();
    const sink = recorder();
    feed.subscribe(sink);
    expect(names(sink.last())).toEqual([busy, waiting].sort());
    expect(liveEventsSchema.parse(Object.fromEntries(sink.last().events))).toBeDefined();

    await second();
    await second();
    // The waiting message grows older; that alone is no change.
    expect(sink.frames.slice(1).map((f) => [...f.events.keys()])).toEqual([['overview'], ['overview']]);

    await send(fx.broker, busy, 'a change');
    await second();
    const changed = sink.last().events.get('queues') as LiveQueue[];
    expect(changed.map((q) => q.name)).toEqual([busy]);
    expect(liveQueueSchema.parse(changed[0])).toMatchObject({ messagesReady: 1 });

    await fx.broker.deleteQueue(busy);
    await second();
    expect(sink.last().events.get('queues-removed')).toEqual([busy]);
  });

  it('sends a stream that names queues only theirs, and reads only those', async () => {
    const { feed, reads, second } = await engineFeed();
    const a = await newQueue(fx.broker, 'a');
    const b = await newQueue(fx.broker, 'b');
    const sink = recorder();
    feed.subscribe(sink, liveScope(liveEventsQuerySchema.parse({ queues: `${b},no-such-queue` })));
    expect(names(sink.last())).toEqual([b]);
    const spy = vi.spyOn(fx.broker, 'listQueues');
    await send(fx.broker, a, 'not shown');
    await second();
    expect(names(sink.last())).toEqual([]);
    await send(fx.broker, b, 'shown');
    await second();
    expect(names(sink.last())).toEqual([b]);
    expect(spy).not.toHaveBeenCalled();
    expect(reads.queues).toBeGreaterThan(0);
  });

  it('sends the overview scope rankings and no per-queue figures but those it names', async () => {
    const { feed, reads, second } = await engineFeed();
    const deep = await newQueue(fx.broker, 'deep');
    const shallow = await newQueue(fx.broker, 'shallow');
    for (let i = 0; i < 3; i++) await send(fx.broker, deep, `m${i}`);
    await send(fx.broker, shallow, 'one');
    const sink = recorder();
    feed.subscribe(sink, liveScope({ scope: 'overview' }));
    expect(sink.last().events.has('queues')).toBe(false);
    expect(sink.last().events.get('rankings')).toMatchObject({
      biggestBacklog: [
        { name: deep, messagesReady: 3 },
        { name: shallow, messagesReady: 1 },
      ],
    });
    await send(fx.broker, shallow, 'two');
    await second();
    expect([...sink.last().events.keys()]).toEqual(['overview', 'rankings']);
    expect(sink.last().events.get('rankings')).toMatchObject({ biggestBacklog: [{ name: deep }, { name: shallow, messagesReady: 2 }] });
    // Rankings alone read no queue's row.
    expect(reads.queues).toBe(0);
    const named = recorder();
    feed.subscribe(named, liveScope({ scope: 'overview', queues: [shallow] }));
    expect(names(named.last())).toEqual([shallow]);
    await second();
    expect([...sink.last().events.keys()]).toEqual(['overview', 'rankings']);
  });

  it('skips the frames of a stream whose client is not reading, then sends it what changed meanwhile', async () => {
    const { feed, second } = await engineFeed();
    const q = await newQueue(fx.broker, 'slow');
    const calm = await newQueue(fx.broker, 'calm');
    let reading = true;
    const slow = recorder(() => reading);
    feed.subscribe(slow);
    reading = false;
    await send(fx.broker, q, 'missed');
    await second();
    await second();
    expect(slow.frames).toHaveLength(1);
    reading = true;
    await second();
    expect(slow.frames).toHaveLength(2);
    expect(slow.last().events.get('queues')).toEqual([expect.objectContaining({ name: q, messagesReady: 1 })]);
    expect(names(slow.frames[0]!)).toContain(calm);
    expect(names(slow.last())).not.toContain(calm);
  });

  it('lets a broken read fail the request before the stream joins, and skips a broken tick', () => {
    const { timers, fire } = manualTimers();
    let fail = true;
    const source: LiveSource = {
      overview: () => {
        if (fail) throw new Error('not started');
        return {} as never;
      },
      queues: () => ({ at: 0, queues: [] }),
      rankings: () => ({ biggestBacklog: [], oldestMessages: [] }),
    };
    const feed = new LiveFeed(source, 1000, timers);
    expect(() => feed.subscribe(recorder())).toThrow('not started');
    expect(feed.running).toBe(false);
    fail = false;
    const sink = recorder();
    feed.subscribe(sink);
    fail = true;
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    fire();
    quiet.mockRestore();
    expect(sink.frames).toHaveLength(1);
  });
});

describe('brokerLiveSource', () => {
  it('reads per-queue figures with the last minute of ack latency', async () => {
    fx = await startEngine();
    const busy = await newQueue(fx.broker, 'live-busy');
    const idle = await newQueue(fx.broker, 'live-idle');
    for (let i = 0; i < 4; i++) await send(fx.broker, busy, `m${i}`);
    await fx.advance(100);
    const got = await fx.broker.receive(busy, { max: 2, visibilityTimeoutMs: 60_000 });
    await fx.advance(200);
    await fx.broker.ack(busy, got.map((d) => d.deliveryTag));
    await fx.advance(1000);

    const { queues } = brokerLiveSource(fx.broker).queues();
    const mine = queues.find((q) => q.name === busy)!;
    expect(mine).toMatchObject({ messagesReady: 2, messagesUnacked: 0, consumers: 0, oldestReadyAgeMs: 1300 });
    // within the histogram's precision (2 significant digits)
    expect(Math.abs(mine.latencyP50Ms! - 300) / 300).toBeLessThan(0.01);
    expect(Math.abs(mine.latencyP99Ms! - 300) / 300).toBeLessThan(0.01);
    expect(queues.find((q) => q.name === idle)).toMatchObject({ messagesReady: 0, oldestReadyAgeMs: null, latencyP50Ms: null });
  });

  it('has no latencies when metrics are off', async () => {
    fx = await startEngine({ metrics: false });
    const q = await newQueue(fx.broker, 'plain');
    await send(fx.broker, q, 'x');
    expect(brokerLiveSource(fx.broker).queues([q]).queues).toEqual([expect.objectContaining({ name: q, latencyP50Ms: null, latencyP99Ms: null })]);
  });
});

describe('liveEventsQuerySchema', () => {
  it('takes a scope and comma-separated names, each percent-encoded', () => {
    expect(liveEventsQuerySchema.parse({})).toEqual({ scope: 'queues' });
    expect(liveEventsQuerySchema.parse({ scope: 'overview', queues: 'a,b%2Cc,,a' })).toEqual({ scope: 'overview', queues: ['a', 'b,c'] });
    for (const bad of [{ scope: 'everything' }, { queues: '%E0%A4%A' }, { queues: Array.from({ length: 1001 }, (_, i) => `q${i}`).join(',') }]) {
      expect(liveEventsQuerySchema.safeParse(bad).success, JSON.stringify(bad).slice(0, 60)).toBe(false);
    }
  });
});
