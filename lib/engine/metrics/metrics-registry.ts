/**
 * @module The broker's metrics: every queue's QueueMetrics, exchange counters, totals, the once-a-second tick
 * (closing active queues through the CloseWheel; idle ones are not visited), batched rollup flushes to a
 * MetricsHistory, and the snapshot of them all; the console's chart series are read through it (queue-series).
 */
import { CloseWheel } from './close-wheel';
import { addEncoded, newHistogram, summarize, type LatencySummary } from './latency';
import { MemoryMetricsHistory, MINUTE_MS, RETENTION_MS, TEN_SECONDS_MS, type MetricsHistory, type RollupRow } from './metrics-history';
import type { ExchangeCounters, MetricsSnapshot, QueueMetricsSeries, QueueSnapshot } from './metrics-types';
import { addCounters, emptyCounters, type QueueCounters } from './queue-counters';
import { QueueMetrics, type GaugeSource, type MetricsSink } from './queue-metrics';
import { queueSeries, type SeriesSource } from './queue-series';

export { MINUTE_MS, RETENTION_MS, TEN_SECONDS_MS };

export class MetricsRegistry implements MetricsSink {
  private readonly queues = new Map<string, QueueMetrics>();
  private readonly wheel = new CloseWheel();
  private readonly exchanges = new Map<string, ExchangeCounters>();
  private readonly retired = emptyCounters();
  private readonly retiredExchanges: ExchangeCounters = { published: 0, routed: 0, unroutable: 0 };
  private pending: RollupRow[] = [];
  private writing: Promise<void> = Promise.resolve();
  private lastTickSecond = -1;
  private lastFlushMs: number;
  private lastPruneMs = 0;
  /** What chart series read of this registry. */
  private readonly seriesSource: SeriesSource;

  constructor(
    readonly history: MetricsHistory = new MemoryMetricsHistory(),
    now: number,
    private readonly flushEveryMs = TEN_SECONDS_MS,
  ) {
    this.lastFlushMs = now;
    this.seriesSource = {
      history,
      startedSecond: Math.floor(now / 1000),
      find: (name) => this.queues.get(name),
      written: () => this.writing,
      pending: () => this.pending,
    };
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
    this.wheel.remove(metrics);
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
    this.wheel.activate(metrics);
  }

  emit(row: RollupRow): void {
    this.pending.push(row);
  }

  get activeCount(): number {
    return this.wheel.activeCount;
  }

  /** Queue-seconds closed by ticks so far (tests use it to show idle queues are not visited). */
  get tickWork(): number {
    return this.wheel.work;
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
    this.wheel.advance(second);
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
    this.wheel.closeAll();
    await this.flush(now);
  }

  /**
   * The chart series of one queue over `windowMs` (clamped to 1 min … 30 days) ending now; without `stepMs` a step
   * is chosen for at most ~360 points (see `queueSeries` for where each window is read from).
   */
  queueSeries(name: string, nowMs: number, options: { windowMs?: number; stepMs?: number } = {}): Promise<QueueMetricsSeries> {
    return queueSeries(this.seriesSource, name, nowMs, options);
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

