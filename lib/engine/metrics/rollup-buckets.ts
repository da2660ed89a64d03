/**
 * @module One queue's open 10 s and 1 min rollup buckets: closed seconds add their counts in, and each bucket closes
 * into a RollupRow for the sink once it has ended (or at shutdown); the last six closed 10 s latency histograms stay
 * for "last minute" figures without reading the history.
 */
import type { LatencyRecorder } from './latency';
import type { RollupRow } from './metrics-history';
import type { MetricsSink } from './queue-metrics';
import { PUB } from './second-ring';

/** Bucket counts: five per open 10 s bucket, then five per open minute. */
const TEN = 0;
const MINUTE = 5;

/** Gauges at the end of a bucket. */
export interface BucketGauges {
  ready: number;
  unacked: number;
  age: number;
}

export interface RecentTen {
  t: number;
  deliver: string;
  ack: string;
}

export class RollupBuckets {
  /** Open 10-second bucket: start second (-1 = none); its counts, then the open minute's, in `counts`. */
  private tenStart = -1;
  private minuteStart = -1;
  private readonly counts = new Float64Array(10);
  /** The last six closed 10 s latency histograms, for "last minute" figures without reading the history. */
  private recent: RecentTen[] | undefined;

  constructor(
    private readonly entity: string,
    private readonly sink: MetricsSink,
    private readonly deliverLatency: LatencyRecorder,
    private readonly ackLatency: LatencyRecorder,
    /** Gauges at the end of second `endSecond` (exclusive), carried from the queue's newest closed second. */
    private readonly gaugesAt: (endSecond: number) => BucketGauges,
  ) {}

  /** Whether a bucket is open, i.e. something is still to close. */
  get isOpen(): boolean {
    return this.tenStart >= 0 || this.minuteStart >= 0;
  }

  /** The next second at which a bucket ends, or -1 when none is open. */
  get nextCloseSecond(): number {
    let next = this.tenStart >= 0 ? this.tenStart + 10 : -1;
    if (this.minuteStart >= 0 && (next < 0 || this.minuteStart + 60 < next)) next = this.minuteStart + 60;
    return next;
  }

  /** Open 10 s bucket's start (epoch ms), or -1. */
  get openTenStartMs(): number {
    return this.tenStart < 0 ? -1 : this.tenStart * 1000;
  }

  /** A second opened: the buckets it falls in open if they are not already. */
  open(second: number): void {
    if (this.tenStart < 0) this.tenStart = second - (second % 10);
    if (this.minuteStart < 0) this.minuteStart = second - (second % 60);
  }

  /** Adds a closed second's five counts (publish … dead-letter), from its record at `base` in `fields`. */
  addSecond(fields: Uint32Array, base: number): void {
    const counts = this.counts;
    for (let f = 0; f < 5; f++) counts[TEN + f] += fields[base + PUB + f];
  }

  /** Closes the buckets that have ended before second `second`. */
  closeEnded(second: number): void {
    if (this.tenStart >= 0 && this.tenStart + 10 <= second) this.closeTen();
    if (this.minuteStart >= 0 && this.minuteStart + 60 <= second) this.closeMinute();
  }

  /** Closes the open buckets now, partial ones included (at shutdown; the history merges the rest in later). */
  closeAll(): void {
    if (this.tenStart >= 0) this.closeTen();
    if (this.minuteStart >= 0) this.closeMinute();
  }

  /** Drops the "last minute" histograms no reader can ask for any more (the queue is idle). */
  release(nowSecond: number): void {
    if (this.recent && this.recent[this.recent.length - 1].t + 70_000 <= nowSecond * 1000) this.recent = undefined;
  }

  recentTens(sinceMs: number): readonly RecentTen[] {
    return this.recent?.filter((r) => r.t >= sinceMs) ?? [];
  }

  /** Bytes of the counts and the kept histograms (object headers excluded). */
  get footprintBytes(): number {
    return this.counts.byteLength + (this.recent ?? []).flatMap((r) => [r.deliver, r.ack]).reduce((sum, s) => sum + s.length * 2, 0);
  }

  private closeTen(): void {
    const row = this.row(10_000, this.tenStart, TEN, this.deliverLatency.closeTen(), this.ackLatency.closeTen());
    this.sink.emit(row);
    if (row.deliverLatency || row.ackLatency) {
      const recent = (this.recent ??= []);
      recent.push({ t: row.t, deliver: row.deliverLatency, ack: row.ackLatency });
      if (recent.length > 6) recent.shift();
    }
    const counts = this.counts;
    for (let f = 0; f < 5; f++) counts[MINUTE + f] += counts[TEN + f];
    counts.fill(0, TEN, TEN + 5);
    this.tenStart = -1;
  }

  private closeMinute(): void {
    this.sink.emit(this.row(60_000, this.minuteStart, MINUTE, this.deliverLatency.closeMinute(), this.ackLatency.closeMinute()));
    this.counts.fill(0, MINUTE, MINUTE + 5);
    this.minuteStart = -1;
  }

  /** The row of a bucket that started at second `start` and lasts `resolutionMs`, its counts from `offset`. */
  private row(resolutionMs: number, start: number, offset: number, deliverLatency: string, ackLatency: string): RollupRow {
    const gauges = this.gaugesAt(start + resolutionMs / 1000);
    const counts = this.counts;
    return {
      entity: this.entity,
      resolutionMs,
      t: start * 1000,
      publish: counts[offset],
      deliver: counts[offset + 1],
      ack: counts[offset + 2],
      redeliver: counts[offset + 3],
      deadLetter: counts[offset + 4],
      ready: gauges.ready,
      unacked: gauges.unacked,
      oldestReadyAgeMs: gauges.age,
      deliverLatency,
      ackLatency,
    };
  }
}
