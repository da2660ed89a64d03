/**
 * A cluster's live figures from its samples: rates from how RabbitMQ's counters grew between two samples, the
 * vhost's totals, the Overview's series over its window, the backlog ranking, and a detached cluster forgotten.
 */
import { describe, expect, it } from 'vitest';
import { ClusterFigures, CLUSTER_SERIES_MS, type SampledQueue, type SampledVhost } from './cluster-live-figures';

const T0 = 1_800_000_000_000;
const queue = (name: string, figures: Partial<SampledQueue> = {}): SampledQueue => ({
  vhost: '/',
  name,
  ready: 0,
  unacked: 0,
  consumers: 0,
  publish: 0,
  deliver: 0,
  ack: 0,
  redeliver: 0,
  ...figures,
});
const vhosts: SampledVhost[] = [
  { name: '/', exchanges: 7, bindings: 3, published: 100, unroutable: 4 },
  { name: 'empty', exchanges: 7, bindings: 0, published: 0, unroutable: 0 },
];

describe('ClusterFigures', () => {
  it('takes each rate from what its counter grew by since the sample before', () => {
    const figures = new ClusterFigures();
    figures.record('c', T0, [queue('orders', { publish: 100, ack: 40 })], vhosts);
    expect(figures.liveSource('c', '/').queues().queues[0]!.rates.publish).toBe(0);

    figures.record('c', T0 + 5000, [queue('orders', { publish: 150, ack: 50, ready: 7, unacked: 2, consumers: 3 })], vhosts);
    const [orders] = figures.liveSource('c', '/').queues(['orders', 'no-such-queue']).queues;
    expect(orders).toMatchObject({ name: 'orders', messagesReady: 7, messagesUnacked: 2, consumers: 3, oldestReadyAgeMs: null, latencyP99Ms: null });
    expect(orders!.rates).toEqual({ publish: 10, deliver: 0, ack: 2, redeliver: 0, deadLetter: 0 });
  });

  it('gives no rate for a counter that went back (a queue deleted and made again)', () => {
    const figures = new ClusterFigures();
    figures.record('c', T0, [queue('orders', { publish: 100 })], vhosts);
    figures.record('c', T0 + 5000, [queue('orders', { publish: 3 })], vhosts);
    expect(figures.liveSource('c', '/').queues().queues[0]!.rates.publish).toBe(0);
  });

  it("sums the vhost's queues with its exchange and binding counts into the overview", () => {
    const figures = new ClusterFigures();
    figures.record('c', T0, [queue('a', { ready: 2, consumers: 1 }), queue('b', { ready: 3, unacked: 1 }), queue('c', { vhost: 'other', ready: 50 })], vhosts);
    expect(figures.overview('c', '/')).toEqual({
      queues: 2,
      exchanges: 7,
      bindings: 3,
      consumers: 1,
      messagesReady: 5,
      messagesUnacked: 1,
      rates: { publish: 0, deliver: 0, ack: 0, redeliver: 0, deadLetter: 0 },
      exchangeTotals: { published: 100, routed: 96, unroutable: 4 },
    });
    expect(figures.knows('c', 'empty')).toBe(true);
    expect(figures.overview('c', 'empty')).toMatchObject({ queues: 0, exchanges: 7 });
    expect(figures.knows('c', 'never-seen')).toBe(false);
  });

  it("keeps the totals of each sample for the Overview's charts, only as far back as their window", () => {
    const figures = new ClusterFigures();
    for (let i = 0; i <= 200; i++) figures.record('c', T0 + i * 5000, [queue('a', { ready: i, publish: i * 10 })], vhosts);
    const now = T0 + 200 * 5000;
    const all = figures.series('c', '/', CLUSTER_SERIES_MS, now);
    expect(all.t).toHaveLength(CLUSTER_SERIES_MS / 5000);
    expect(all.t.at(-1)).toBe(now);
    expect(all.depth.at(-1)).toBe(200);
    expect(all.publish.at(-1)).toBe(2);
    const minute = figures.series('c', '/', 60_000, now);
    expect(minute.t).toHaveLength(12);
    expect(minute.depth).toHaveLength(12);
  });

  it('ranks the biggest backlogs and leaves the oldest-message ranking empty, as RabbitMQ gives no ages', () => {
    const figures = new ClusterFigures();
    const many = Array.from({ length: 8 }, (_, i) => queue(`q${i}`, { ready: i }));
    figures.record('c', T0, many, vhosts);
    const rankings = figures.liveSource('c', '/').rankings();
    expect(rankings.biggestBacklog.map((q) => q.name)).toEqual(['q7', 'q6', 'q5', 'q4', 'q3']);
    expect(rankings.oldestMessages).toEqual([]);
  });

  it('serves one live source per vhost, and forgets a detached cluster', () => {
    const figures = new ClusterFigures();
    figures.record('c', T0, [queue('a', { ready: 1 })], vhosts);
    const source = figures.liveSource('c', '/');
    expect(figures.liveSource('c', '/')).toBe(source);
    figures.forget('c');
    expect(figures.sampled('c')).toBe(false);
    expect(figures.liveSource('c', '/')).not.toBe(source);
    expect(figures.overview('c', '/').queues).toBe(0);
  });
});
