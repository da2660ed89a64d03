/**
 * @module Latency recording: an O(1) per-second front end laid out exactly like an
 * HdrHistogram with 2 significant digits (so no precision is lost), and the hdr-histogram-js histograms
 * that rollups are encoded as, merged from and read percentiles out of.
 */
import * as hdr from 'hdr-histogram-js';

/** HdrHistogram layout with 2 significant digits and 1 ms resolution: 256 exact cells, then 128 per power of two. */
const SUB_BUCKET_HALF_MAGNITUDE = 7;
/** Latencies are tracked up to 2^24 ms (about 4.6 hours); longer ones are recorded as that. */
export const MAX_TRACKED_LATENCY_MS = 2 ** 24 - 1;
export const LATENCY_CELLS = ((24 - SUB_BUCKET_HALF_MAGNITUDE) << SUB_BUCKET_HALF_MAGNITUDE) + 128;

/** Cell of a latency (ms) in the per-second array; identical to hdr's counts index for these settings. */
export function cellOf(valueMs: number): number {
  const v = valueMs <= 0 ? 0 : valueMs >= MAX_TRACKED_LATENCY_MS ? MAX_TRACKED_LATENCY_MS : valueMs | 0;
  const bucket = Math.max(0, 31 - Math.clz32(v | 255) - SUB_BUCKET_HALF_MAGNITUDE);
  return (bucket << SUB_BUCKET_HALF_MAGNITUDE) + (v >>> bucket);
}

/** The smallest latency a cell holds. */
export function cellLow(cell: number): number {
  if (cell < 256) return cell;
  const bucket = (cell >> SUB_BUCKET_HALF_MAGNITUDE) - 1;
  return (cell - (bucket << SUB_BUCKET_HALF_MAGNITUDE)) << bucket;
}

/** The largest latency a cell holds: what hdr reports as a percentile that falls in it. */
export function cellHigh(cell: number): number {
  if (cell < 256) return cell;
  const bucket = (cell >> SUB_BUCKET_HALF_MAGNITUDE) - 1;
  return cellLow(cell) + (1 << bucket) - 1;
}

/** Upper bounds (ms) of the cumulative buckets a Prometheus exporter shows; +Inf is implied. */
export const PROMETHEUS_BUCKETS_MS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000, 300_000, 1_800_000];
const promBucketOfCell = new Uint8Array(LATENCY_CELLS);
for (let cell = 0; cell < LATENCY_CELLS; cell++) {
  // By the cell's smallest value, so a latency exactly on a bound (500 ms) counts in that bucket (le="500").
  const low = cellLow(cell);
  const index = PROMETHEUS_BUCKETS_MS.findIndex((le) => low <= le);
  promBucketOfCell[cell] = index < 0 ? PROMETHEUS_BUCKETS_MS.length : index;
}

export function newHistogram(): hdr.Histogram {
  return hdr.build({
    bitBucketSize: 'packed',
    lowestDiscernibleValue: 1,
    highestTrackableValue: MAX_TRACKED_LATENCY_MS,
    numberOfSignificantValueDigits: 2,
    autoResize: true,
    useWebAssembly: false,
  });
}

export function encodeHistogram(histogram: hdr.Histogram): string {
  return histogram.totalCount === 0 ? '' : hdr.encodeIntoCompressedBase64(histogram);
}

/** Adds an encoded histogram (as stored in a rollup) into `into`; '' is an empty histogram. */
export function addEncoded(into: hdr.Histogram, encoded: string): void {
  if (!encoded) return;
  const decoded = hdr.decodeFromCompressedBase64(encoded, 'packed', false);
  into.add(decoded);
  decoded.destroy();
}

/** Two encoded histograms merged into one encoded histogram. */
export function mergeEncoded(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  const merged = newHistogram();
  addEncoded(merged, a);
  addEncoded(merged, b);
  return encodeHistogram(merged);
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(histogram: hdr.Histogram): LatencySummary {
  const count = histogram.totalCount;
  if (count === 0) return { count: 0, p50: 0, p95: 0, p99: 0, max: 0 };
  return {
    count,
    p50: histogram.getValueAtPercentile(50),
    p95: histogram.getValueAtPercentile(95),
    p99: histogram.getValueAtPercentile(99),
    max: histogram.maxValue,
  };
}

/** Cumulative latency figures since start, shaped for a Prometheus histogram. */
export interface CumulativeLatency {
  /** Counts per upper bound of PROMETHEUS_BUCKETS_MS (not cumulative), then the +Inf overflow. */
  bucketCounts: number[];
  count: number;
  sumMs: number;
  maxMs: number;
}

/** What a recorder that has recorded nothing reports: shared and frozen, never written. */
const NO_CUMULATIVE: CumulativeLatency = Object.freeze({
  bucketCounts: Object.freeze(new Array(PROMETHEUS_BUCKETS_MS.length + 1).fill(0)) as number[],
  count: 0,
  sumMs: 0,
  maxMs: 0,
});

/**
 * One queue's latency of one kind (publish → first delivery, or publish → ack).
 * `record` is O(1) and allocation-free once the queue is active; `closeSecond` (once per active second) turns the
 * second into percentiles, folds it into the open 10-second histogram and the cumulative Prometheus buckets.
 * The per-second cells and the 10-second histogram exist only while the queue is active (`release` drops them).
 */
export class LatencyRecorder {
  /**
   * This second's counts per cell (allocated at the first record); 8 bits each, a cell reaching the limit spills into
   * `spill` (a map entry per 255 latencies in one cell: rare, and half the bytes of 16-bit cells for every active queue).
   */
  private second: Uint8Array | undefined;
  private spill: Map<number, number> | undefined;
  private secondCount = 0;
  /** This second's sum, added to the cumulative one when the second closes, together with its counts. */
  private secondSumMs = 0;
  private minCell = LATENCY_CELLS;
  private maxCell = -1;
  /** The open 10-second bucket (lazily created, encoded and reset when the bucket closes). */
  private ten: hdr.Histogram | undefined;
  /**
   * The open minute, recorded alongside the 10-second bucket: closing a minute encodes it once instead of decoding
   * and merging its six 10-second encodings (10-30 ms of event loop per queue and kind, measured: a latency stall).
   */
  private minute: hdr.Histogram | undefined;
  private ownCumulative: CumulativeLatency | undefined;

  /** Cumulative figures since start (a shared empty one until something is recorded; read, never write). */
  get cumulative(): CumulativeLatency {
    return this.ownCumulative ?? NO_CUMULATIVE;
  }

  record(latencyMs: number): void {
    const cell = cellOf(latencyMs);
    const second = (this.second ??= new Uint8Array(LATENCY_CELLS));
    if (++second[cell] === 0xff) {
      const spill = (this.spill ??= new Map());
      spill.set(cell, (spill.get(cell) ?? 0) + 0xff);
      second[cell] = 0;
    }
    this.secondCount++;
    if (cell < this.minCell) this.minCell = cell;
    if (cell > this.maxCell) this.maxCell = cell;
    this.secondSumMs += latencyMs;
  }

  /** The queue went idle (every bucket closed): drops the per-second cells and the empty 10-second histogram. */
  release(): void {
    if (this.secondCount > 0) return;
    this.second = undefined;
    this.spill = undefined;
    if (this.ten && this.ten.totalCount === 0) {
      this.ten.destroy();
      this.ten = undefined;
    }
  }

  get pendingCount(): number {
    return this.secondCount;
  }

  /**
   * Ends the second: writes p50/p95/p99 as cells + 1 into `out[offset..offset+2]` (0 = nothing recorded)
   * and moves the counts into the 10-second histogram.
   */
  closeSecond(out: Uint16Array, offset: number): void {
    const total = this.secondCount;
    if (total === 0) {
      out[offset] = out[offset + 1] = out[offset + 2] = 0;
      return;
    }
    const ranks = [Math.ceil(total * 0.5), Math.ceil(total * 0.95), Math.ceil(total * 0.99)];
    let next = 0;
    let seen = 0;
    const ten = (this.ten ??= newHistogram());
    const minute = (this.minute ??= newHistogram());
    const cumulative = (this.ownCumulative ??= { bucketCounts: new Array(PROMETHEUS_BUCKETS_MS.length + 1).fill(0), count: 0, sumMs: 0, maxMs: 0 });
    const cells = this.second!;
    const spill = this.spill;
    for (let cell = this.minCell; cell <= this.maxCell; cell++) {
      let n = cells[cell];
      if (spill?.has(cell)) n += spill.get(cell)!;
      if (n === 0) continue;
      cells[cell] = 0;
      seen += n;
      while (next < 3 && seen >= ranks[next]) out[offset + next++] = cell + 1;
      ten.recordValueWithCount(cellLow(cell), n);
      minute.recordValueWithCount(cellLow(cell), n);
      cumulative.bucketCounts[promBucketOfCell[cell]] += n;
      const high = cellHigh(cell);
      if (high > cumulative.maxMs) cumulative.maxMs = high;
    }
    cumulative.count += total;
    cumulative.sumMs += this.secondSumMs;
    this.secondSumMs = 0;
    spill?.clear();
    this.secondCount = 0;
    this.minCell = LATENCY_CELLS;
    this.maxCell = -1;
  }

  /** Ends the 10-second bucket: its histogram, encoded ('' when empty). */
  closeTen(): string {
    if (!this.ten || this.ten.totalCount === 0) return '';
    const encoded = encodeHistogram(this.ten);
    this.ten.reset();
    return encoded;
  }

  /** Ends the minute: its histogram, encoded ('' when empty). */
  closeMinute(): string {
    if (!this.minute || this.minute.totalCount === 0) return '';
    const encoded = encodeHistogram(this.minute);
    this.minute.reset();
    return encoded;
  }

  /** The open 10-second histogram (for reads of the very latest figures). */
  openTen(): hdr.Histogram | undefined {
    return this.ten;
  }

  /** Bytes held: the per-second cells plus the open 10-second and minute histograms. */
  get footprintBytes(): number {
    return (
      (this.second?.byteLength ?? 0) +
      (this.ten?.estimatedFootprintInBytes ?? 0) +
      (this.minute?.estimatedFootprintInBytes ?? 0) +
      (this.spill?.size ?? 0) * 16
    );
  }
}
