/**
 * @module The windowed series the console charts for one queue (`queueSeries`), read from the queue's 1 s ring or
 * from the 10 s / 1 min rollups (stored, or closed and not yet written), stepped to fit the window.
 */
import { addEncoded, newHistogram, summarize } from './latency';
import { MINUTE_MS, RETENTION_MS, TEN_SECONDS_MS, mergeRows, type MetricsHistory, type RollupRow } from './metrics-history';
import type { QueueMetricsSeries } from './metrics-types';
import { RING_SECONDS, type QueueMetrics } from './queue-metrics';

const MAX_WINDOW_MS = RETENTION_MS[60_000];
/** Charts get at most about this many points when the step is left to the broker. */
const TARGET_POINTS = 360;

/** What a series read needs of the registry: the live queues' metrics and the rollups, written or about to be. */
export interface SeriesSource {
  readonly history: MetricsHistory;
  /** The first second this process counted: earlier windows come from the rollups. */
  readonly startedSecond: number;
  find(name: string): QueueMetrics | undefined;
  /** Settles when the rollups handed to the history so far are written. */
  written(): Promise<void>;
  /** Closed rollups not handed to the history yet. */
  pending(): readonly RollupRow[];
}

/**
 * The chart series of one queue over `windowMs` (clamped to 1 min … 30 days) ending now. Without `stepMs` a
 * step is chosen for at most ~360 points. Windows within the last 15 minutes of this process and steps under
 * 10 s read the 1 s ring; windows up to 24 h the 10 s rollups; longer ones the 1 min rollups. Percentiles
 * from rollups come from merged histograms; ring steps over 1 s report the largest per-second percentile.
 */
export async function queueSeries(
  source: SeriesSource,
  name: string,
  nowMs: number,
  options: { windowMs?: number; stepMs?: number } = {},
): Promise<QueueMetricsSeries> {
  const metrics = source.find(name);
  const windowMs = Math.min(MAX_WINDOW_MS, Math.max(MINUTE_MS, options.windowMs ?? 5 * MINUTE_MS));
  const nowSecond = Math.floor(nowMs / 1000);
  const shortWindow = windowMs <= RING_SECONDS * 1000 && (options.stepMs === undefined || options.stepMs < TEN_SECONDS_MS);
  const coveredByRing = nowSecond - windowMs / 1000 >= Math.min(source.startedSecond, metrics?.ringStartSecond ?? source.startedSecond);
  // A window reaching back before this process reads the rollups, unless they hold nothing from back then
  // (a first start): then the ring is the whole truth, and fresher than 10 s rollups.
  const ringFits =
    shortWindow &&
    (coveredByRing || !(await source.history.latestBefore(`queue:${name}`, TEN_SECONDS_MS, source.startedSecond * 1000)));
  if (ringFits && metrics) {
    const stepMs = roundUp(options.stepMs ?? Math.max(1000, windowMs / 300), 1000);
    return fromRing(metrics, nowMs, windowMs, stepMs);
  }
  const resolution = windowMs <= RETENTION_MS[10_000] && (options.stepMs === undefined || options.stepMs < MINUTE_MS) ? TEN_SECONDS_MS : MINUTE_MS;
  const stepMs = roundUp(options.stepMs ?? Math.max(resolution, windowMs / TARGET_POINTS), resolution);
  const series = await fromRollups(source, name, nowMs, windowMs, stepMs, resolution);
  if (metrics) endOnCurrentGauges(series, metrics.currentGauges(nowMs));
  return series;
}

function fromRing(metrics: QueueMetrics, nowMs: number, windowMs: number, stepMs: number): QueueMetricsSeries {
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

async function fromRollups(
  source: SeriesSource,
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
  await source.written();
  const stored = await source.history.read(entity, resolution, from, to);
  const byT = new Map<number, RollupRow>();
  for (const row of stored) byT.set(row.t, row);
  for (const row of source.pending()) {
    if (row.entity !== entity || row.resolutionMs !== resolution || row.t < from || row.t >= to) continue;
    const existing = byT.get(row.t);
    byT.set(row.t, existing ? mergeRows(existing, row) : row);
  }
  const rows = [...byT.values()].sort((a, b) => a.t - b.t);
  const before = await source.history.latestBefore(entity, resolution, from);
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
