/**
 * @module One queue's metrics: exact counters, per-second points of the last 15 minutes (counts, gauges, latency
 * percentiles; only seconds with events are stored) and the open 10 s / 1 min rollup buckets (RollupBuckets). Work
 * happens per event (O(1)) and once per second the queue was active; a queue with no events costs nothing, and one
 * that saw a few events costs a few records, not a 15-minute array.
 */
import type { DeathReason, RateSet } from '../types';
import { LatencyRecorder, type CumulativeLatency } from './latency';
import type { RollupRow } from './metrics-history';
import { emptyCounters } from './queue-counters';
import { RollupBuckets, type BucketGauges, type RecentTen } from './rollup-buckets';
import { emptySecondPoints, pointFromRing, ringRates, type SecondPoints } from './second-points';
import { ACK, AGE, DEL, DLX, PUB, READY, RECORD_PERCENTILES, RECORD_STRIDE, REDEL, SecondRing, UNACKED } from './second-ring';

/** The window `rates` averages over, in seconds. */
const RATE_WINDOW_SECONDS = 5;

export type { SecondPoints };

/** Seconds of per-second points kept in memory. */
export const RING_SECONDS = 900;
/** Where a closing second writes the deliver latency's percentiles, which nothing reads (shared by every queue). */
const SCRATCH = new Uint16Array(3);

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

export class QueueMetrics {
  readonly counters = emptyCounters();
  readonly deliverLatency = new LatencyRecorder();
  readonly ackLatency = new LatencyRecorder();
  /** Allocated at the first event, so queues that never see traffic stay small. */
  private ring: SecondRing | undefined;
  /** The fields of the ring and the offset of the open (newest) record in them: events bump counts there. */
  private fields: Uint32Array | undefined;
  private base = 0;
  /** The second events are counted into now, or -1. */
  private openSecond = -1;
  /** The newest second written into the ring (open or closed), or -1. */
  private lastSecond = -1;
  /** Gauges before the first event this process saw (the queue sat still until then). */
  private initial: { ready: number; unacked: number; oldestAt: number | null } | undefined;
  private firstSecond = -1;
  /** The open 10 s / 1 min buckets; allocated with the ring. */
  private rollups: RollupBuckets | undefined;
  /** Seconds closed so far (tests read it to prove that idle queues cost nothing). */
  closedSeconds = 0;
  /** The close wheel's bookkeeping (close-wheel.ts): the second it will next visit this queue at (-1: not scheduled). */
  wakeSecond = -1;

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
    this.fields![this.base + PUB]++;
  }

  /** A delivery; `latencyMs` counts only for the first one. */
  delivered(latencyMs: number, redelivery: boolean): void {
    this.counters.delivered++;
    this.fields![this.base + DEL]++;
    if (redelivery) {
      this.counters.redelivered++;
      this.fields![this.base + REDEL]++;
    } else {
      this.deliverLatency.record(latencyMs);
    }
  }

  acked(latencyMs: number): void {
    this.counters.acked++;
    this.fields![this.base + ACK]++;
    this.ackLatency.record(latencyMs);
  }

  nacked(): void {
    this.counters.nacked++;
  }

  died(reason: DeathReason, deadLettered: boolean): void {
    if (reason === 'expired') this.counters.expired++;
    if (deadLettered) {
      this.counters.deadLettered[reason]++;
      this.fields![this.base + DLX]++;
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
    const rollups = this.rollups;
    if (!rollups) return false;
    rollups.closeEnded(second);
    return this.openSecond >= 0 || rollups.isOpen;
  }

  /** The next second at which `advance` has something to close, or -1 when nothing is open. */
  get nextCloseSecond(): number {
    if (this.openSecond >= 0) return this.openSecond + 1;
    return this.rollups ? this.rollups.nextCloseSecond : -1;
  }

  /** Closes everything now, partial buckets included (at shutdown; the history merges the rest in later). */
  closeAll(): void {
    if (this.openSecond >= 0) this.closeSecond();
    this.rollups?.closeAll();
  }

  private open(second: number): void {
    if (second < this.lastSecond) second = this.lastSecond; // a clock stepping back counts into the newest second
    if (second === this.openSecond) return;
    this.advance(second);
    let ring = this.ring;
    if (!ring) {
      ring = this.ring = new SecondRing(RING_SECONDS + 1);
      this.rollups = new RollupBuckets(this.entity, this.sink, this.deliverLatency, this.ackLatency, (end) => this.gaugesAt(end));
      this.initial = { ready: this.gauges.readyCount(), unacked: this.gauges.unackedCount(), oldestAt: this.gauges.oldestReadyAt() };
      this.firstSecond = second;
    }
    // Seconds without events get no record: readers carry the gauges of the record before them.
    let slot: number;
    if (second === this.lastSecond) {
      slot = ring.newestSlot();
      ring.clear(slot);
    } else {
      slot = ring.append(second);
      ring.trim(second - RING_SECONDS + 1);
      slot = ring.newestSlot();
    }
    this.fields = ring.fields;
    this.base = slot * RECORD_STRIDE;
    this.openSecond = second;
    this.lastSecond = second;
    this.rollups!.open(second);
    this.sink.activate(this);
  }

  private closeSecond(): void {
    const ring = this.ring!;
    const fields = ring.fields;
    const b = this.base;
    const second = this.openSecond;
    fields[b + READY] = this.gauges.readyCount();
    fields[b + UNACKED] = this.gauges.unackedCount();
    const oldest = this.gauges.oldestReadyAt();
    fields[b + AGE] = oldest === null ? 0 : Math.min(0xffffffff, Math.max(0, (second + 1) * 1000 - oldest));
    this.ackLatency.closeSecond(ring.percentiles, (b / RECORD_STRIDE) * RECORD_PERCENTILES);
    this.deliverLatency.closeSecond(SCRATCH, 0);
    this.rollups!.addSecond(fields, b);
    this.openSecond = -1;
    this.closedSeconds++;
  }

  /** Gauges at the end of second `end` (exclusive), carried from the newest closed second. */
  private gaugesAt(endSecond: number): BucketGauges {
    const ring = this.ring!;
    const b = ring.newestSlot() * RECORD_STRIDE;
    const ready = ring.fields[b + READY];
    return { ready, unacked: ring.fields[b + UNACKED], age: ready > 0 ? ring.fields[b + AGE] + (endSecond - this.lastSecond - 1) * 1000 : 0 };
  }

  /**
   * The queue went idle (every bucket closed): per-second latency cells go until its next event, and per-second
   * records older than 15 minutes before `nowSecond` and last-minute histograms older than a minute are dropped.
   */
  release(nowSecond: number): void {
    if (this.openSecond >= 0 || this.rollups?.isOpen) return;
    this.deliverLatency.release();
    this.ackLatency.release();
    this.ring?.trim(nowSecond - RING_SECONDS + 1);
    this.rollups?.release(nowSecond);
  }

  // ---- reads ---------------------------------------------------------------------------------

  /** True when `rates` would be all zero: no second of the window has a record (nothing happened in it). */
  quietFor(nowMs: number, windowSeconds = RATE_WINDOW_SECONDS): boolean {
    return this.lastSecond < Math.floor(nowMs / 1000) - windowSeconds;
  }

  /** Per-second rates over the last `windowSeconds` whole seconds (the current one excluded). */
  rates(nowMs: number, windowSeconds = RATE_WINDOW_SECONDS): RateSet {
    return ringRates(this.ring, nowMs, windowSeconds, this.lastSecond - RING_SECONDS + 1);
  }

  /** The first second the ring holds figures for (-1 when the queue has had no event in this process). */
  get ringStartSecond(): number {
    return this.firstSecond < 0 ? -1 : Math.max(this.firstSecond, this.lastSecond - RING_SECONDS + 1);
  }

  /** Per-second points for completed seconds `[fromSec, toSec)`; closes the open second first if it has ended. */
  seconds(fromSec: number, toSec: number, nowMs: number): SecondPoints {
    const n = Math.max(0, toSec - fromSec);
    const points = emptySecondPoints(n);
    const nowSecond = Math.floor(nowMs / 1000);
    if (this.openSecond >= 0 && this.openSecond < nowSecond) this.advance(nowSecond);
    const oldestKept = this.lastSecond - RING_SECONDS + 1;
    const ring = this.ring;
    let record = -1;
    for (let i = 0; i < n; i++) {
      const s = fromSec + i;
      const end = (s + 1) * 1000;
      if (!ring || s < this.firstSecond) {
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
          points.publish[i] = ring.fields[this.base + PUB];
          points.deliver[i] = ring.fields[this.base + DEL];
          points.ack[i] = ring.fields[this.base + ACK];
          points.redeliver[i] = ring.fields[this.base + REDEL];
        }
        continue;
      }
      if (s < oldestKept) continue;
      // Seconds only grow, so each search for a record starts where the last one ended.
      record = pointFromRing(points, i, ring, s, Math.max(0, record));
    }
    return points;
  }

  private gaugesNow(endMs: number): { ready: number; unacked: number; age: number } {
    const oldest = this.gauges.oldestReadyAt();
    return { ready: this.gauges.readyCount(), unacked: this.gauges.unackedCount(), age: oldest === null ? 0 : Math.max(0, endMs - oldest) };
  }

  /** Open rollup figures not yet emitted (so reads can include the newest 10 s). */
  get openTenStartMs(): number {
    return this.rollups ? this.rollups.openTenStartMs : -1;
  }

  recentTens(sinceMs: number): readonly RecentTen[] {
    return this.rollups?.recentTens(sinceMs) ?? [];
  }

  get cumulativeLatency(): { deliver: CumulativeLatency; ack: CumulativeLatency } {
    return { deliver: this.deliverLatency.cumulative, ack: this.ackLatency.cumulative };
  }

  /** Bytes of the structures this queue's metrics hold (typed arrays and histograms; object headers excluded). */
  get footprintBytes(): number {
    return (
      (this.ring?.byteLength ?? 0) +
      (this.rollups?.footprintBytes ?? 0) +
      this.deliverLatency.footprintBytes +
      this.ackLatency.footprintBytes +
      200 // counters and scalar fields
    );
  }
}
