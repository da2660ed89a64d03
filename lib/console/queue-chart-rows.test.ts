import { describe, expect, it } from 'vitest';
import { formatTick, queueChartRows } from './queue-chart-rows';

describe('queueChartRows', () => {
  it('zips the parallel series into rows, latencies kept null where nothing was acked', () => {
    const rows = queueChartRows({
      source: '1s',
      windowMs: 60_000,
      stepMs: 1000,
      t: [1000, 2000],
      ready: [5, 3],
      unacked: [1, 0],
      publish: [2, 0],
      deliver: [1, 2],
      ack: [1, 2],
      redeliver: [0, 1],
      latencyP50Ms: [null, 4],
      latencyP95Ms: [null, 9],
      latencyP99Ms: [null, 12],
      consumerLag: [5, 3],
      oldestReadyAgeMs: [1500, 0],
      timeToDrainMs: [null, 1500],
    });
    expect(rows).toEqual([
      { t: 1000, ready: 5, unacked: 1, publish: 2, deliver: 1, ack: 1, redeliver: 0, p50: null, p95: null, p99: null, backlog: 5, oldestAgeS: 1.5, drainS: null },
      { t: 2000, ready: 3, unacked: 0, publish: 0, deliver: 2, ack: 2, redeliver: 1, p50: 4, p95: 9, p99: 12, backlog: 3, oldestAgeS: 0, drainS: 1.5 },
    ]);
  });

  it('formats ticks by window length', () => {
    const t = Date.UTC(2024, 2, 3, 14, 5, 9);
    expect(formatTick(t, 60_000)).toMatch(/^\d\d:\d\d:\d\d$/);
    expect(formatTick(t, 7 * 86_400_000)).toMatch(/^Mar \d+ \d\d:\d\d$/);
  });
});
