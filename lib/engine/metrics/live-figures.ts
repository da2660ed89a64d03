/**
 * @module Reads for the console's live views through the registry's public methods: one queue's publish → ack
 * latency over the last minute (without the cumulative histograms a full snapshot clones), and the vhost's
 * per-second totals over the last minutes, summed from the queues' 1 s rings (queues that never had an event in
 * this process have no ring: their depth is constant and counts as such).
 */
import { addEncoded, newHistogram, summarize, type LatencySummary } from './latency';
import type { MetricsRegistry } from './metrics-registry';
import type { QueueReads } from './queue-reads';
import { RING_SECONDS } from './queue-metrics';

const MINUTE_MS = 60_000;
/** The overview's rates are averages over the last 5 whole seconds; history points are averaged the same way. */
const RATE_SECONDS = 5;

/** Publish → ack latency of one queue over the last minute; undefined when nothing was acked in it. */
export function ackLatencyLastMinute(registry: MetricsRegistry, name: string, nowMs: number): LatencySummary | undefined {
  const metrics = registry.find(name);
  if (!metrics) return undefined;
  const tens = metrics.recentTens(nowMs - MINUTE_MS);
  const open = metrics.ackLatency.openTen();
  const openCounts = open !== undefined && open.totalCount > 0;
  if (!openCounts && !tens.some((ten) => ten.ack)) return undefined;
  const histogram = newHistogram();
  for (const ten of tens) if (ten.ack) addEncoded(histogram, ten.ack);
  // Through its encoding, not `add`: where a bundler gave this module its own copy of hdr-histogram-js (Next's
  // route bundles beside the server's engine), `add` refuses a histogram of the other copy's class.
  if (openCounts) addEncoded(histogram, (open as unknown as { encodeIntoCompressedBase64(): string }).encodeIntoCompressedBase64());
  const summary = summarize(histogram);
  return summary.count > 0 ? summary : undefined;
}

/** Per-second totals of a vhost: t is each second's start (epoch ms); rates averaged over 5 s as the overview's. */
export interface OverviewSeries {
  t: number[];
  publish: number[];
  deliver: number[];
  ack: number[];
  /** Ready plus unacked over every queue at the end of each second. */
  depth: number[];
}

/**
 * The last `seconds` completed seconds (at most the ring's 15 minutes) of the vhost's totals. Of each queue it reads
 * one figure, its depth (ready plus unacked), and the 1 s points of those that have them.
 */
export function overviewSeries(registry: MetricsRegistry, queues: Pick<QueueReads, 'eachFigure'>, nowMs: number, seconds: number): OverviewSeries {
  const n = Math.max(1, Math.min(RING_SECONDS - RATE_SECONDS, seconds));
  const toSec = Math.floor(nowMs / 1000);
  const fromSec = toSec - n - (RATE_SECONDS - 1);
  const width = toSec - fromSec;
  const counts = { publish: new Float64Array(width), deliver: new Float64Array(width), ack: new Float64Array(width) };
  const depth = new Float64Array(width);
  let still = 0;
  queues.eachFigure('messages', (name, messages) => {
    const metrics = registry.find(name);
    if (!metrics || metrics.ringStartSecond < 0) {
      still += messages ?? 0;
      return;
    }
    const points = metrics.seconds(fromSec, toSec, nowMs);
    for (let i = 0; i < width; i++) {
      counts.publish[i] += points.publish[i];
      counts.deliver[i] += points.deliver[i];
      counts.ack[i] += points.ack[i];
      depth[i] += points.ready[i] + points.unacked[i];
    }
  });
  const series: OverviewSeries = { t: [], publish: [], deliver: [], ack: [], depth: [] };
  const average = (values: Float64Array, end: number) => {
    let sum = 0;
    for (let j = end - RATE_SECONDS + 1; j <= end; j++) sum += values[j];
    return sum / RATE_SECONDS;
  };
  for (let i = RATE_SECONDS - 1; i < width; i++) {
    series.t.push((fromSec + i) * 1000);
    series.publish.push(average(counts.publish, i));
    series.deliver.push(average(counts.deliver, i));
    series.ack.push(average(counts.ack, i));
    series.depth.push(depth[i] + still);
  }
  return series;
}
