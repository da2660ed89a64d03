/**
 * @module One queue's metrics: exact counters, a 15-minute ring of per-second points (counts, gauges, latency
 * percentiles) and the open 10 s / 1 min rollup buckets. Work happens per event (O(1), no allocation) and once
 * per second the queue was active; a queue with no events costs nothing.
 */
import type { DeathReason, RateSet } from '../types';
import { LatencyRecorder, cellHigh, type CumulativeLatency } from './latency';
import type { RollupRow } from './metrics-history';
import { emptyCounters } from './queue-counters';

/** Seconds of per-second points kept in memory. */
export const RING_SECONDS = 900;
const PUB = 0;
const DEL = 1;
const ACK = 2;
const REDEL = 3;
const DLX = 4;
const READY = 5;
const UNACKED = 6;
const AGE = 7;
const FIELDS = 8;

/** What the queue itself knows at any instant. */
export interface GaugeSource {
  readyCount(): number;
  unackedCount(): number;
  oldestReadyAt(): number | null;
}

/** Called when a queue gets its first event in a second, and with every rollup row it closes. */
export interface MetricsSink {
  activate(metrics: QueueMetrics): void;
  emit(row: RollupRow): void;
}

/** Per-second points over `[fromSec, toSec)`, raw from the ring (before stepping). */
export interface SecondPoints {
  publish: Float64Array;
  deliver: Float64Array;
  ack: Float64Array;
  redeliver: Float64Array;
  ready: Float64Array;
  unacked: Float64Array;
  oldestReadyAgeMs: Float64Array;
  /** Publish → ack percentiles of each second (ms); NaN where nothing was acked. */
  p50: Float64Array;
  p95: Float64Array;
  p99: Float64Array;
}

export class QueueMetrics {
  readonly counters = emptyCounters();
  readonly deliverLatency = new LatencyRecorder();
  readonly ackLatency = new LatencyRecorder();
  /** Allocated at the first event, so queues that never see traffic stay small. */
  private ring: Uint32Array | undefined;
  private percentiles: Uint16Array | undefined;
  private base = 0;
  /** The second events are counted into now, or -1. */
  private openSecond = -1;
  /** The newest second written into the ring (open or closed), or -1. */
  private lastSecond = -1;
  /** Gauges before the first event this process saw (the queue sat still until then). */
  private initial: { ready: number; unacked: number; oldestAt: number | null } | undefined;
  private firstSecond = -1;
  /** Open 10-second bucket: start second (-1 = none) and its counts. */
  private tenStart = -1;
  private readonly tenCounts = new Float64Array(5);
  private minuteStart = -1;
  private readonly minuteCounts = new Float64Array(5);
  private readonly scratch = new Uint16Array(3);
  /** The last six closed 10 s latency histograms, for "last minute" figures without reading the history. */
  private recent: { t: number; deliver: string; ack: string }[] = [];
  /** Seconds closed so far (tests read it to prove that idle queues cost nothing). */
  closedSeconds = 0;

  constructor(
    readonly entity: string,
    private readonly gauges: GaugeSource,
    private readonly sink: MetricsSink,
  ) {}

  // ---- events (the queue calls `at` first, then one of the counters) -----------------------

  /** The gauges as they stand now (charts read from rollups end on these, not on a bucket up to 10 s old). */
  currentGauges(nowMs: number): { ready: number; unacked: number; age: number } {
    const oldest = this.gauges.oldestReadyAt();
    return { ready: this.gauges.readyCount(), unacked: this.gauges.unackedCount(), age: oldest === null ? 0 : Math.max(0, nowMs - oldest) };
  }

  /** Makes `nowMs`'s second the open one; closes the previous second with the gauges as they were before this event. */
  at(nowMs: number): void {
    const second = Math.floor(nowMs / 1000);
    if (second !== this.openSecond) this.open(second);
  }

  published(): void {
    this.counters.published++;
    this.ring![this.base + PUB]++;
  }

  /** A delivery; `latencyMs` counts only for the first one. */
  delivered(latencyMs: number, redelivery: boolean): void {
    this.counters.delivered++;
    this.ring![this.base + DEL]++;
    if (redelivery) {
      this.counters.redelivered++;
      this.ring![this.base + REDEL]++;
    } else {
      this.deliverLatency.record(latencyMs);
    }
  }

  acked(latencyMs: number): void {
    this.counters.acked++;
    this.ring![this.base + ACK]++;
    this.ackLatency.record(latencyMs);
  }

  nacked(): void {
    this.counters.nacked++;
  }

  died(reason: DeathReason, deadLettered: boolean): void {
    if (reason === 'expired') this.counters.expired++;
    if (deadLettered) {
      this.counters.deadLettered[reason]++;
      this.ring![this.base + DLX]++;
    } else {
      this.counters.dropped++;
    }
  }

  purged(count: number): void {
    this.counters.purged += count;
  }

  // ---- time ----------------------------------------------------------------------------------

  /**
   * Closes what ended before second `second`: the open second, then the 10 s and 1 min buckets (emitting rows).
   * Returns whether anything is still open, i.e. whether the registry must come back next second.
   */
  advance(second: number): boolean {
    if (this.openSecond >= 0 && this.openSecond < second) this.closeSecond();
    if (this.tenStart >= 0 && this.tenStart + 10 <= second) this.closeTen();
    if (this.minuteStart >= 0 && this.minuteStart + 60 <= second) this.closeMinute();
    return this.openSecond >= 0 || this.tenStart >= 0 || this.minuteStart >= 0;
  }

  /** Closes everything now, partial buckets included (at shutdown; the history merges the rest in later). */
  closeAll(): void {
    if (this.openSecond >= 0) this.closeSecond();
    if (this.tenStart >= 0) this.closeTen();
    if (this.minuteStart >= 0) this.closeMinute();
  }

  private open(second: number): void {
    if (second < this.lastSecond) second = this.lastSecond; // a clock stepping back counts into the newest second
    if (second === this.openSecond) return;
    this.advance(second);
    if (!this.ring) {
      this.ring = new Uint32Array(RING_SECONDS * FIELDS);
      this.percentiles = new Uint16Array(RING_SECONDS * 3);
      this.initial = { ready: this.gauges.readyCount(), unacked: this.gauges.unackedCount(), oldestAt: this.gauges.oldestReadyAt() };
      this.firstSecond = second;
    } else if (this.lastSecond >= 0) {
      // Seconds without events: no counts, gauges as they were (the oldest message only grows older).
      const from = Math.max(this.lastSecond + 1, second - RING_SECONDS + 1);
      const last = (this.lastSecond % RING_SECONDS) * FIELDS;
      const ready = this.ring[last + READY];
      const unacked = this.ring[last + UNACKED];
      const age = this.ring[last + AGE];
      for (let s = from; s < second; s++) {
        const b = (s % RING_SECONDS) * FIELDS;
        this.ring.fill(0, b, b + FIELDS);
        this.ring[b + READY] = ready;
        this.ring[b + UNACKED] = unacked;
        this.ring[b + AGE] = ready > 0 ? Math.min(0xffffffff, age + (s - this.lastSecond) * 1000) : 0;
        this.percentiles!.fill(0, (s % RING_SECONDS) * 3, (s % RING_SECONDS) * 3 + 3);
      }
    }
    this.base = (second % RING_SECONDS) * FIELDS;
    this.ring.fill(0, this.base, this.base + FIELDS);
    this.openSecond = second;
    this.lastSecond = second;
    if (this.tenStart < 0) this.tenStart = second - (second % 10);
    if (this.minuteStart < 0) this.minuteStart = second - (second % 60);
    this.sink.activate(this);
  }

  private closeSecond(): void {
    const ring = this.ring!;
    const b = this.base;
    const second = this.openSecond;
    ring[b + READY] = this.gauges.readyCount();
    ring[b + UNACKED] = this.gauges.unackedCount();
    const oldest = this.gauges.oldestReadyAt();
    ring[b + AGE] = oldest === null ? 0 : Math.min(0xffffffff, Math.max(0, (second + 1) * 1000 - oldest));
    this.ackLatency.closeSecond(this.percentiles!, (second % RING_SECONDS) * 3);
    this.deliverLatency.closeSecond(this.scratch, 0);
    for (let f = 0; f < 5; f++) this.tenCounts[f] += ring[b + f];
    this.openSecond = -1;
    this.closedSeconds++;
  }

  /** Gauges at the end of second `end` (exclusive), carried from the newest closed second. */
  private gaugesAt(endSecond: number): { ready: number; unacked: number; age: number } {
    const b = (this.lastSecond % RING_SECONDS) * FIELDS;
    const ready = this.ring![b + READY];
    return { ready, unacked: this.ring![b + UNACKED], age: ready > 0 ? this.ring![b + AGE] + (endSecond - this.lastSecond - 1) * 1000 : 0 };
  }

  private closeTen(): void {
    const start = this.tenStart;
    const gauges = this.gaugesAt(start + 10);
    const row: RollupRow = {
      entity: this.entity,
      resolutionMs: 10_000,
      t: start * 1000,
      publish: this.tenCounts[PUB],
      deliver: this.tenCounts[DEL],
      ack: this.tenCounts[ACK],
      redeliver: this.tenCounts[REDEL],
      deadLetter: this.tenCounts[DLX],
      ready: gauges.ready,
      unacked: gauges.unacked,
      oldestReadyAgeMs: gauges.age,
      deliverLatency: this.deliverLatency.closeTen(),
      ackLatency: this.ackLatency.closeTen(),
    };
    this.sink.emit(row);
    if (row.deliverLatency || row.ackLatency) {
      this.recent.push({ t: row.t, deliver: row.deliverLatency, ack: row.ackLatency });
      if (this.recent.length > 6) this.recent.shift();
    }
    for (let f = 0; f < 5; f++) this.minuteCounts[f] += this.tenCounts[f];
    this.tenCounts.fill(0);
    this.tenStart = -1;
  }

  private closeMinute(): void {
    const start = this.minuteStart;
    const gauges = this.gaugesAt(start + 60);
    this.sink.emit({
      entity: this.entity,
      resolutionMs: 60_000,
      t: start * 1000,
      publish: this.minuteCounts[PUB],
      deliver: this.minuteCounts[DEL],
      ack: this.minuteCounts[ACK],
      redeliver: this.minuteCounts[REDEL],
      deadLetter: this.minuteCounts[DLX],
      ready: gauges.ready,
      unacked: gauges.unacked,
      oldestReadyAgeMs: gauges.age,
      deliverLatency: this.deliverLatency.closeMinute(),
      ackLatency: this.ackLatency.closeMinute(),
    });
    this.minuteCounts.fill(0);
    this.minuteStart = -1;
  }

  // ---- reads ---------------------------------------------------------------------------------

  /** Per-second rates over the last `windowSeconds` whole seconds (the current one excluded). */
  rates(nowMs: number, windowSeconds = 5): RateSet {
    const sums = [0, 0, 0, 0, 0];
    const ring = this.ring;
    if (ring) {
      const current = Math.floor(nowMs / 1000);
      for (let s = Math.max(current - windowSeconds, this.lastSecond - RING_SECONDS + 1); s < current && s <= this.lastSecond; s++) {
        if (s < this.firstSecond) continue;
        const b = (s % RING_SECONDS) * FIELDS;
        for (let f = 0; f < 5; f++) sums[f] += ring[b + f];
      }
    }
    return {
      publish: sums[PUB] / windowSeconds,
      deliver: sums[DEL] / windowSeconds,
      ack: sums[ACK] / windowSeconds,
      redeliver: sums[REDEL] / windowSeconds,
      deadLetter: sums[DLX] / windowSeconds,
    };
  }

  /** The first second the ring holds figures for (-1 when the queue has had no event in this process). */
  get ringStartSecond(): number {
    return this.firstSecond < 0 ? -1 : Math.max(this.firstSecond, this.lastSecond - RING_SECONDS + 1);
  }

  /** Per-second points for completed seconds `[fromSec, toSec)`; closes the open second first if it has ended. */
  seconds(fromSec: number, toSec: number, nowMs: number): SecondPoints {
    const n = Math.max(0, toSec - fromSec);
    const points: SecondPoints = {
      publish: new Float64Array(n),
      deliver: new Float64Array(n),
      ack: new Float64Array(n),
      redeliver: new Float64Array(n),
      ready: new Float64Array(n),
      unacked: new Float64Array(n),
      oldestReadyAgeMs: new Float64Array(n),
      p50: new Float64Array(n).fill(NaN),
      p95: new Float64Array(n).fill(NaN),
      p99: new Float64Array(n).fill(NaN),
    };
    const nowSecond = Math.floor(nowMs / 1000);
    if (this.openSecond >= 0 && this.openSecond < nowSecond) this.advance(nowSecond);
    const oldestKept = this.lastSecond - RING_SECONDS + 1;
    for (let i = 0; i < n; i++) {
      const s = fromSec + i;
      const end = (s + 1) * 1000;
      if (!this.ring || s < this.firstSecond) {
        // Before this process saw an event: the queue sat as it was found.
        const g = this.initial ?? { ready: this.gauges.readyCount(), unacked: this.gauges.unackedCount(), oldestAt: this.gauges.oldestReadyAt() };
        points.ready[i] = g.ready;
        points.unacked[i] = g.unacked;
        points.oldestReadyAgeMs[i] = g.oldestAt === null ? 0 : Math.max(0, end - g.oldestAt);
        continue;
      }
      if (s > this.lastSecond || s === this.openSecond) {
        const g = s === this.openSecond ? this.gaugesNow(end) : this.gaugesAt(s + 1);
        points.ready[i] = g.ready;
        points.unacked[i] = g.unacked;
        points.oldestReadyAgeMs[i] = g.age;
        if (s === this.openSecond) {
          points.publish[i] = this.ring[this.base + PUB];
          points.deliver[i] = this.ring[this.base + DEL];
          points.ack[i] = this.ring[this.base + ACK];
          points.redeliver[i] = this.ring[this.base + REDEL];
        }
        continue;
      }
      if (s < oldestKept) continue;
      const b = (s % RING_SECONDS) * FIELDS;
      points.publish[i] = this.ring[b + PUB];
      points.deliver[i] = this.ring[b + DEL];
      points.ack[i] = this.ring[b + ACK];
      points.redeliver[i] = this.ring[b + REDEL];
      points.ready[i] = this.ring[b + READY];
      points.unacked[i] = this.ring[b + UNACKED];
      points.oldestReadyAgeMs[i] = this.ring[b + AGE];
      const p = (s % RING_SECONDS) * 3;
      const pct = this.percentiles!;
      if (pct[p]) {
        points.p50[i] = cellHigh(pct[p] - 1);
        points.p95[i] = cellHigh(pct[p + 1] - 1);
        points.p99[i] = cellHigh(pct[p + 2] - 1);
      }
    }
    return points;
  }

  private gaugesNow(endMs: number): { ready: number; unacked: number; age: number } {
    const oldest = this.gauges.oldestReadyAt();
    return { ready: this.gauges.readyCount(), unacked: this.gauges.unackedCount(), age: oldest === null ? 0 : Math.max(0, endMs - oldest) };
  }

  /** Open rollup figures not yet emitted (so reads can include the newest 10 s). */
  get openTenStartMs(): number {
    return this.tenStart < 0 ? -1 : this.tenStart * 1000;
  }

  recentTens(sinceMs: number): readonly { t: number; deliver: string; ack: string }[] {
    return this.recent.filter((r) => r.t >= sinceMs);
  }

  get cumulativeLatency(): { deliver: CumulativeLatency; ack: CumulativeLatency } {
    return { deliver: this.deliverLatency.cumulative, ack: this.ackLatency.cumulative };
  }

  /** Bytes of the structures this queue's metrics hold (typed arrays and histograms; object headers excluded). */
  get footprintBytes(): number {
    return (
      (this.ring?.byteLength ?? 0) +
      (this.percentiles?.byteLength ?? 0) +
      this.tenCounts.byteLength +
      this.minuteCounts.byteLength +
      this.deliverLatency.footprintBytes +
      this.ackLatency.footprintBytes +
      this.recent.flatMap((r) => [r.deliver, r.ack]).reduce((sum, s) => sum + s.length * 2, 0) +
      200 // counters and scalar fields
    );
  }
}
