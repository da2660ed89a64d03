import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type EngineFixture } from '../../../tests/support/engine-fixture';
import { newQueue, send } from '../../../tests/support/engine-helpers';
import { ackLatencyLastMinute, overviewSeries } from './live-figures';

let fx: EngineFixture;
afterEach(() => fx?.cleanup());

describe('overviewSeries', () => {
  it("sums every queue's per-second points into the vhost's rates (5 s averages) and depth", async () => {
    fx = await startEngine();
    const still = await newQueue(fx.broker, 'still');
    const busy = await newQueue(fx.broker, 'busy');
    await fx.advance(1000);
    const start = Math.floor(fx.clock.now() / 1000) * 1000;
    // A queue with a message from before, and no event since: constant depth.
    await send(fx.broker, still, 'old');
    for (let second = 0; second < 10; second++) {
      for (let i = 0; i < 5; i++) await send(fx.broker, busy, `m${second}-${i}`);
      await fx.advance(1000);
    }
    const series = overviewSeries(fx.broker.metrics!, fx.broker.queueReads, fx.clock.now(), 60);
    expect(series.t).toHaveLength(60);
    expect(series.t.at(-1)).toBe(Math.floor(fx.clock.now() / 1000) * 1000 - 1000);
    expect(series.t[1]! - series.t[0]!).toBe(1000);
    const at = (t: number) => series.t.indexOf(t);
    // Second 9 of the run: 5 a second (and the still queue's 1 in second 0 only) averaged over 5 seconds.
    expect(series.publish[at(start + 9000)]).toBe(5);
    expect(series.publish[at(start + 2000)]).toBeCloseTo(16 / 5);
    expect(series.publish[at(start - 5000)]).toBe(0);
    expect(series.depth[at(start + 9000)]).toBe(51);
    expect(series.depth[at(start + 4000)]).toBe(26);
    expect(series.depth[at(start - 5000)]).toBe(0);
    // The publish rate of the last second matches the overview's.
    expect(series.publish.at(-1)).toBe(fx.broker.overview().rates.publish);
  });

  it('counts queues that never had an event in this process at their current depth, all along', async () => {
    fx = await startEngine();
    const q = await newQueue(fx.broker, 'quiet');
    await send(fx.broker, q, 'x');
    await fx.restart();
    await fx.advance(5000);
    const series = overviewSeries(fx.broker.metrics!, fx.broker.queueReads, fx.clock.now(), 900);
    expect(series.t).toHaveLength(895);
    expect(new Set(series.depth)).toEqual(new Set([1]));
  });
});

describe('ackLatencyLastMinute', () => {
  it('answers nothing for a queue that acked nothing in the last minute', async () => {
    fx = await startEngine();
    const q = await newQueue(fx.broker, 'lat');
    await send(fx.broker, q, 'x');
    expect(ackLatencyLastMinute(fx.broker.metrics!, q, fx.clock.now())).toBeUndefined();
    const [got] = await fx.broker.receive(q, { max: 1, visibilityTimeoutMs: 60_000 });
    await fx.advance(250);
    await fx.broker.ack(q, [got!.deliveryTag]);
    await fx.advance(1000); // the second closes into the open 10 s bucket
    expect(ackLatencyLastMinute(fx.broker.metrics!, q, fx.clock.now())).toMatchObject({ count: 1 });
    await fx.advance(2 * 60_000);
    expect(ackLatencyLastMinute(fx.broker.metrics!, q, fx.clock.now())).toBeUndefined();
  });
});
