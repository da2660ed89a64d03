/**
 * @module The broker's metrics: every queue's QueueMetrics, exchange counters, totals, the once-a-second
 * closing of active queues (idle ones are not visited), batched rollup flushes to a MetricsHistory, and the
 * windowed series the console charts (`queueSeries`), read from the 1 s ring or the 10 s / 1 min rollups.
 */
import { addEncoded, newHistogram, summarize, type LatencySummary } from './latency';
import { MemoryMetricsHistory, mergeRows, type MetricsHistory, type RollupRow } from './metrics-history';
import type { ExchangeCounters, MetricsSnapshot, QueueMetricsSeries, QueueSnapshot } from './metrics-types';
import { addCounters, emptyCounters, type QueueCounters } from './queue-counters';
import { QueueMetrics, RING_SECONDS, type GaugeSource, type MetricsSink } from './queue-metrics';

export const MINUTE_MS = 60_000;
export const TEN_SECONDS_MS = 10_000;
export const RETENTION_MS = { 10_000: 24 * 60 * MINUTE_MS, 60_000: 30 * 24 * 60 * MINUTE_MS } as const;
const MAX_WINDOW_MS = RETENTION_MS[60_000];
/** Charts get at most about this many points when the step is left to the broker. */
const TARGET_POINTS = 360;

export class MetricsRegistry implements MetricsSink {
  private readonly queues = new Map<string, QueueMetrics>();
  /** Queues with an open second or rollup bucket. */
  private readonly active = new Set<QueueMetrics>();
  /** Active queues by the second they have something to close at: a tick visits only the seconds that have come. */
  private readonly wheel = new Map<number, QueueMetrics[]>();
  private readonly exchanges = new Map<string, ExchangeCounters>();
  private readonly retired = emptyCounters();
  private readonly retiredExchanges: ExchangeCounters = { published: 0, routed: 0, unroutable: 0 };
  private pending: RollupRow[] = [];
  private writing: Promise<void> = Promise.resolve();
  private lastTickSecond = -1;
  private lastFlushMs: number;
  private lastPruneMs = 0;
  /** The first second this process counted: earlier windows come from the rollups. */
  private readonly startedSecond: number;
  /** Queue-seconds closed by ticks so far (tests use it to show idle queues are not visited). */
  tickWork = 0;
  /**
   * Queues that went idle, in the order they did, with the second their per-second records have all aged out of the
   * ring: each is visited once more then, to drop them (a FIFO, as every wait is the same).
   */
  private cooling: { at: number; metrics: QueueMetrics }[] = [];
  private coolingHead = 0;

  constructor(
    readonly history: MetricsHistory = new MemoryMetricsHistory(),
    now: number,
    private readonly flushEveryMs = TEN_SECONDS_MS,
  ) {
    this.lastFlushMs = now;
    this.startedSecond = Math.floor(now / 1000);
  }

  register(name: string, gauges: GaugeSource): QueueMetrics {
    const metrics = new QueueMetrics(`queue:${name}`, gauges, this);
    this.queues.set(name, metrics);
    return metrics;
  }

  /** The queue is gone: its open buckets close now and its counters stay in the totals. */
  unregister(name: string, metrics: QueueMetrics): void {
    if (this.queues.get(name) !== metrics) return;
    metrics.closeAll();
    this.active.delete(metrics);
    this.queues.delete(name);
    addCounters(this.retired, metrics.counters);
  }

  /** Counters of the queues deleted so far: the totals include them. Read-only. */
  get retiredCounters(): Readonly<QueueCounters> {
    return this.retired;
  }

  find(name: string): QueueMetrics | undefined {
    return this.queues.get(name);
  }

  activate(metrics: QueueMetrics): void {
    this.active.add(metrics);
    this.schedule(metrics, metrics.nextCloseSecond);
  }

  private schedule(metrics: QueueMetrics, second: number): void {
    if (metrics.wakeSecond === second) return;
    metrics.wakeSecond = second;
    const due = this.wheel.get(second);
    if (due) due.push(metrics);
    else this.wheel.set(second, [metrics]);
  }

  emit(row: RollupRow): void {
    this.pending.push(row);
  }

  get activeCount(): number {
    return this.active.size;
  }

  published(exchange: string, queues: number): void {
    let counters = this.exchanges.get(exchange);
    if (!counters) this.exchanges.set(exchange, (counters = { published: 0, routed: 0, unroutable: 0 }));
    counters.published++;
    if (queues > 0) counters.routed++;
    else counters.unroutable++;
  }

  exchangeCounters(name: string): ExchangeCounters {
    return { ...(this.exchanges.get(name) ?? { published: 0, routed: 0, unroutable: 0 }) };
  }

  snapshotExchangeTotals(): ExchangeCounters {
    const total = { ...this.retiredExchanges };
    for (const c of this.exchanges.values()) {
      total.published += c.published;
      total.routed += c.routed;
      total.unroutable += c.unroutable;
    }
    return total;
  }

  forgetExchange(name: string): void {
    const counters = this.exchanges.get(name);
    if (!counters) return;
    this.retiredExchanges.published += counters.published;
    this.retiredExchanges.routed += counters.routed;
    this.retiredExchanges.unroutable += counters.unroutable;
    this.exchanges.delete(name);
  }

  /**
   * Once per second (the broker ticks more often): closes the seconds and buckets that have ended, visiting only
   * the queues that had events in the last second or have a 10 s / 1 min bucket ending now; flushes rollups.
   */
  tick(now: number): void {
    const second = Math.floor(now / 1000);
    if (second === this.lastTickSecond) return;
    this.lastTickSecond = second;
    // The wheel holds about a minute of distinct seconds, whatever the number of queues.
    for (const [at, due] of this.wheel) {
      if (at > second) continue;
      this.wheel.delete(at);
      for (const metrics of due) {
        if (metrics.wakeSecond !== at) continue;
        metrics.wakeSecond = -1;
        if (!this.active.has(metrics)) continue;
        this.tickWork++;
        metrics.advance(second);
        const next = metrics.nextCloseSecond;
        if (next >= 0) {
          this.schedule(metrics, next);
        } else {
          this.active.delete(metrics);
          metrics.release(second);
          this.cooling.push({ at: second + RING_SECONDS, metrics });
        }
      }
    }
    this.dropAgedRecords(second);
    if (this.pending.length && now - this.lastFlushMs >= this.flushEveryMs) this.flush(now);
    if (now - this.lastPruneMs >= 10 * MINUTE_MS) {
      this.lastPruneMs = now;
      const history = this.history;
      this.writing = this.writing
        .then(async () => {
          await history.prune(10_000, now - RETENTION_MS[10_000]);
          await history.prune(60_000, now - RETENTION_MS[60_000]);
        })
        .catch((error) => console.error('switchboard: pruning metric history failed', error));
    }
  }

  private dropAgedRecords(second: number): void {
    const cooling = this.cooling;
    while (this.coolingHead < cooling.length && cooling[this.coolingHead].at <= second) {
      const { metrics } = cooling[this.coolingHead++];
      this.tickWork++;
      if (!this.active.has(metrics)) metrics.release(second);
    }
    if (this.coolingHead > 1024 && this.coolingHead * 2 > cooling.length) {
      this.cooling = cooling.slice(this.coolingHead);
      this.coolingHead = 0;
    }
  }

  /** Writes the closed rollups (one batch); resolves when written. */
  flush(now: number): Promise<void> {
    this.lastFlushMs = now;
    const rows = this.pending;
    if (rows.length === 0) return this.writing;
    this.pending = [];
    const history = this.history;
    this.writing = this.writing
      .then(() => history.write(rows))
      .catch((error) => {
        console.error('switchboard: writing metric history failed; will retry', error);
        this.pending.unshift(...rows);
      });
    return this.writing;
  }

  /** At shutdown: closes every open bucket (partial ones merge with the next process's) and writes them. */
  async close(now: number): Promise<void> {
    for (const metrics of this.active) metrics.closeAll();
    this.active.clear();
    await this.flush(now);
  }

  /**
   * The chart series of one queue over `windowMs` (clamped to 1 min … 30 days) ending now. Without `stepMs` a
   * step is chosen for at most ~360 points. Windows within the last 15 minutes of this process and steps under
   * 10 s read the 1 s ring; windows up to 24 h the 10 s rollups; longer ones the 1 min rollups. Percentiles
   * from rollups come from merged histograms; ring steps over 1 s report the largest per-second percentile.
   */
  async queueSeries(name: string, nowMs: number, options: { windowMs?: number; stepMs?: number } = {}): Promise<QueueMetricsSeries> {
    const metrics = this.queues.get(name);
    const windowMs = Math.min(MAX_WINDOW_MS, Math.max(MINUTE_MS, options.windowMs ?? 5 * MINUTE_MS));
    const nowSecond = Math.floor(nowMs / 1000);
    const shortWindow = windowMs <= RING_SECONDS * 1000 && (options.stepMs === undefined || options.stepMs < TEN_SECONDS_MS);
    const coveredByRing = nowSecond - windowMs / 1000 >= Math.min(this.startedSecond, metrics?.ringStartSecond ?? this.startedSecond);
    // A window reaching back before this process reads the rollups, unless they hold nothing from back then
    // (a first start): then the ring is the whole truth, and fresher than 10 s rollups.
    const ringFits =
      shortWindow &&
      (coveredByRing || !(await this.history.latestBefore(`queue:${name}`, TEN_SECONDS_MS, this.startedSecond * 1000)));
    if (ringFits && metrics) {
      const stepMs = roundUp(options.stepMs ?? Math.max(1000, windowMs / 300), 1000);
      return this.fromRing(metrics, nowMs, windowMs, stepMs);
    }
    const resolution = windowMs <= RETENTION_MS[10_000] && (options.stepMs === undefined || options.stepMs < MINUTE_MS) ? TEN_SECONDS_MS : MINUTE_MS;
    const stepMs = roundUp(options.stepMs ?? Math.max(resolution, windowMs / TARGET_POINTS), resolution);
    const series = await this.fromRollups(name, nowMs, windowMs, stepMs, resolution);
    if (metrics) endOnCurrentGauges(series, metrics.currentGauges(nowMs));
    return series;
  }

  private fromRing(metrics: QueueMetrics, nowMs: number, windowMs: number, stepMs: number): QueueMetricsSeries {
    const stepSeconds = stepMs / 1000;
    const count = Math.max(1, Math.floor(windowMs / stepMs));
    const toSec = Math.floor(nowMs / 1000);
    const fromSec = toSec - count * stepSeconds;
    const points = metrics.seconds(fromSec, toSec, nowMs);
    const series = emptySeries('1s', windowMs, stepMs);
    for (let i = 0; i < count; i++) {
      let publish = 0;
      let deliver = 0;
      let ack = 0;
      let redeliver = 0;
      let p50 = NaN;
      let p95 = NaN;
      let p99 = NaN;
      for (let j = i * stepSeconds; j < (i + 1) * stepSeconds; j++) {
        publish += points.publish[j];
        deliver += points.deliver[j];
        ack += points.ack[j];
        redeliver += points.redeliver[j];
        if (!Number.isNaN(points.p50[j])) {
          p50 = Number.isNaN(p50) ? points.p50[j] : Math.max(p50, points.p50[j]);
          p95 = Number.isNaN(p95) ? points.p95[j] : Math.max(p95, points.p95[j]);
          p99 = Number.isNaN(p99) ? points.p99[j] : Math.max(p99, points.p99[j]);
        }
      }
      const last = (i + 1) * stepSeconds - 1;
      push(series, {
        t: (fromSec + i * stepSeconds) * 1000,
        counts: { publish, deliver, ack, redeliver },
        stepSeconds,
        ready: points.ready[last],
        unacked: points.unacked[last],
        age: points.oldestReadyAgeMs[last],
        p50,
        p95,
        p99,
      });
    }
    return series;
  }

  private async fromRollups(
    name: string,
    nowMs: number,
    windowMs: number,
    stepMs: number,
    resolution: number,
  ): Promise<QueueMetricsSeries> {
    const entity = `queue:${name}`;
    const count = Math.max(1, Math.floor(windowMs / stepMs));
    // Up to the open bucket; steps count back from there, so the newest closed bucket is always in.
    const to = Math.floor(nowMs / resolution) * resolution;
    const from = to - count * stepMs;
    await this.writing;
    const stored = await this.history.read(entity, resolution, from, to);
    const byT = new Map<number, RollupRow>();
    for (const row of stored) byT.set(row.t, row);
    for (const row of this.pending) {
      if (row.entity !== entity || row.resolutionMs !== resolution || row.t < from || row.t >= to) continue;
      const existing = byT.get(row.t);
      byT.set(row.t, existing ? mergeRows(existing, row) : row);
    }
    const rows = [...byT.values()].sort((a, b) => a.t - b.t);
    const before = await this.history.latestBefore(entity, resolution, from);
    let carry = before
      ? { ready: before.ready, unacked: before.unacked, age: before.oldestReadyAgeMs + (before.ready > 0 ? from - (before.t + resolution) : 0) }
      : { ready: 0, unacked: 0, age: 0 };
    const series = emptySeries(resolution === TEN_SECONDS_MS ? '10s' : '1m', windowMs, stepMs);
    const histogram = newHistogram();
    let r = 0;
    for (let i = 0; i < count; i++) {
      const start = from + i * stepMs;
      const end = start + stepMs;
      const counts = { publish: 0, deliver: 0, ack: 0, redeliver: 0 };
      let lastRow: RollupRow | undefined;
      histogram.reset();
      for (; r < rows.length && rows[r].t < end; r++) {
        const row = rows[r];
        counts.publish += row.publish;
        counts.deliver += row.deliver;
        counts.ack += row.ack;
        counts.redeliver += row.redeliver;
        addEncoded(histogram, row.ackLatency);
        lastRow = row;
      }
      if (lastRow) {
        carry = {
          ready: lastRow.ready,
          unacked: lastRow.unacked,
          age: lastRow.ready > 0 ? lastRow.oldestReadyAgeMs + (end - (lastRow.t + resolution)) : 0,
        };
      } else if (carry.ready > 0 && i > 0) {
        carry = { ...carry, age: carry.age + stepMs };
      }
      const summary = summarize(histogram);
      push(series, {
        t: start,
        counts,
        stepSeconds: stepMs / 1000,
        ready: carry.ready,
        unacked: carry.unacked,
        age: carry.age,
        p50: summary.count ? summary.p50 : NaN,
        p95: summary.count ? summary.p95 : NaN,
        p99: summary.count ? summary.p99 : NaN,
      });
    }
    return series;
  }

  /** Latency over the last minute of one queue: closed 10 s rollups still in memory or stored, plus the open bucket. */
  private lastMinute(metrics: QueueMetrics, kind: 'deliver' | 'ack', nowMs: number): LatencySummary {
    const histogram = newHistogram();
    for (const ten of metrics.recentTens(nowMs - MINUTE_MS)) addEncoded(histogram, kind === 'deliver' ? ten.deliver : ten.ack);
    const open = (kind === 'deliver' ? metrics.deliverLatency : metrics.ackLatency).openTen();
    if (open) histogram.add(open);
    return summarize(histogram);
  }

  snapshot(nowMs: number, gauges: (name: string) => QueueSnapshot['gauges'] | undefined): MetricsSnapshot {
    const total = emptyCounters();
    addCounters(total, this.retired);
    const totalGauges = { ready: 0, unacked: 0, bytes: 0, consumers: 0 };
    const queues: QueueSnapshot[] = [];
    for (const [name, metrics] of this.queues) {
      addCounters(total, metrics.counters);
      const g = gauges(name) ?? { ready: 0, unacked: 0, bytes: 0, consumers: 0, oldestReadyAgeMs: null };
      totalGauges.ready += g.ready;
      totalGauges.unacked += g.unacked;
      totalGauges.bytes += g.bytes;
      totalGauges.consumers += g.consumers;
      const cumulative = metrics.cumulativeLatency;
      queues.push({
        name,
        counters: structuredClone(metrics.counters),
        gauges: g,
        latency: {
          deliver: { cumulative: structuredClone(cumulative.deliver), lastMinute: this.lastMinute(metrics, 'deliver', nowMs) },
          ack: { cumulative: structuredClone(cumulative.ack), lastMinute: this.lastMinute(metrics, 'ack', nowMs) },
        },
      });
    }
    const exchangeTotal = { ...this.retiredExchanges };
    const exchanges = [...this.exchanges].map(([name, c]) => {
      exchangeTotal.published += c.published;
      exchangeTotal.routed += c.routed;
      exchangeTotal.unroutable += c.unroutable;
      return { name, ...c };
    });
    return { at: nowMs, queues, exchanges, total: { counters: total, exchanges: exchangeTotal, gauges: totalGauges } };
  }
}

function roundUp(value: number, unit: number): number {
  return Math.max(unit, Math.ceil(value / unit) * unit);
}

function emptySeries(source: QueueMetricsSeries['source'], windowMs: number, stepMs: number): QueueMetricsSeries {
  return {
    source,
    windowMs,
    stepMs,
    t: [],
    ready: [],
    unacked: [],
    publish: [],
    deliver: [],
    ack: [],
    redeliver: [],
    latencyP50Ms: [],
    latencyP95Ms: [],
    latencyP99Ms: [],
    consumerLag: [],
    oldestReadyAgeMs: [],
    timeToDrainMs: [],
  };
}

/** Rollups close every 10 s; the newest point shows depth as it is now, so a chart's right edge never lags. */
function endOnCurrentGauges(series: QueueMetricsSeries, now: { ready: number; unacked: number; age: number }): void {
  const last = series.t.length - 1;
  if (last < 0) return;
  series.ready[last] = now.ready;
  series.unacked[last] = now.unacked;
  series.consumerLag[last] = now.ready;
  series.oldestReadyAgeMs[last] = now.age;
  const ackRate = series.ack[last];
  series.timeToDrainMs[last] = now.ready === 0 ? 0 : ackRate > 0 ? Math.round((now.ready / ackRate) * 1000) : null;
}

function push(
  series: QueueMetricsSeries,
  p: {
    t: number;
    counts: { publish: number; deliver: number; ack: number; redeliver: number };
    stepSeconds: number;
    ready: number;
    unacked: number;
    age: number;
    p50: number;
    p95: number;
    p99: number;
  },
): void {
  const ackRate = p.counts.ack / p.stepSeconds;
  series.t.push(p.t);
  series.ready.push(p.ready);
  series.unacked.push(p.unacked);
  series.publish.push(p.counts.publish / p.stepSeconds);
  series.deliver.push(p.counts.deliver / p.stepSeconds);
  series.ack.push(ackRate);
  series.redeliver.push(p.counts.redeliver / p.stepSeconds);
  series.latencyP50Ms.push(Number.isNaN(p.p50) ? null : p.p50);
  series.latencyP95Ms.push(Number.isNaN(p.p95) ? null : p.p95);
  series.latencyP99Ms.push(Number.isNaN(p.p99) ? null : p.p99);
  series.consumerLag.push(p.ready);
  series.oldestReadyAgeMs.push(p.age);
  series.timeToDrainMs.push(p.ready === 0 ? 0 : ackRate > 0 ? Math.round((p.ready / ackRate) * 1000) : null);
}
