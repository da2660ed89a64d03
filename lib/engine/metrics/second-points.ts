/**
 * @module Reads of a queue's per-second records (SecondRing): the points of one second as charts want them (a
 * second without a record carries the gauges of the record before it) and the rates over the last few seconds.
 */
import type { RateSet } from '../types';
import { cellHigh } from './latency';
import { ACK, AGE, DEL, PUB, READY, RECORD_PERCENTILES, RECORD_STRIDE, REDEL, UNACKED, type SecondRing } from './second-ring';

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

/** `n` seconds of nothing: no counts, zero gauges, no percentiles. */
export function emptySecondPoints(n: number): SecondPoints {
  return {
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
}

/**
 * Fills point `i` (second `s`, closed and held in the ring) from the newest record at or before `s`, searching from
 * record index `searchFrom`. Returns that record's index (-1 when none: the point stays empty); seconds only grow,
 * so the next search can start there.
 */
export function pointFromRing(points: SecondPoints, i: number, ring: SecondRing, s: number, searchFrom: number): number {
  const record = ring.findAtOrBefore(s, searchFrom).index;
  if (record < 0) return record;
  const slot = ring.slot(record);
  const b = slot * RECORD_STRIDE;
  const fields = ring.fields;
  const recordSecond = fields[b];
  if (recordSecond !== s) {
    // A second without events: no counts, gauges as they were (the oldest message only grows older).
    const ready = fields[b + READY];
    points.ready[i] = ready;
    points.unacked[i] = fields[b + UNACKED];
    points.oldestReadyAgeMs[i] = ready > 0 ? Math.min(0xffffffff, fields[b + AGE] + (s - recordSecond) * 1000) : 0;
    return record;
  }
  points.publish[i] = fields[b + PUB];
  points.deliver[i] = fields[b + DEL];
  points.ack[i] = fields[b + ACK];
  points.redeliver[i] = fields[b + REDEL];
  points.ready[i] = fields[b + READY];
  points.unacked[i] = fields[b + UNACKED];
  points.oldestReadyAgeMs[i] = fields[b + AGE];
  const p = slot * RECORD_PERCENTILES;
  const pct = ring.percentiles;
  if (pct[p]) {
    points.p50[i] = cellHigh(pct[p] - 1);
    points.p95[i] = cellHigh(pct[p + 1] - 1);
    points.p99[i] = cellHigh(pct[p + 2] - 1);
  }
  return record;
}

/**
 * Per-second rates over the last `windowSeconds` whole seconds before `nowMs`'s (none before `oldestKept`, the
 * first second the ring still answers for); all zero without a ring.
 */
export function ringRates(ring: SecondRing | undefined, nowMs: number, windowSeconds: number, oldestKept: number): RateSet {
  const sums = [0, 0, 0, 0, 0];
  if (ring) {
    const current = Math.floor(nowMs / 1000);
    const from = Math.max(current - windowSeconds, oldestKept);
    // Newest first: only the records of the window are read.
    for (let i = ring.size - 1; i >= 0; i--) {
      const b = ring.slot(i) * RECORD_STRIDE;
      const s = ring.fields[b];
      if (s < from) break;
      if (s >= current) continue;
      for (let f = 0; f < 5; f++) sums[f] += ring.fields[b + PUB + f];
    }
  }
  return {
    publish: sums[0] / windowSeconds,
    deliver: sums[1] / windowSeconds,
    ack: sums[2] / windowSeconds,
    redeliver: sums[3] / windowSeconds,
    deadLetter: sums[4] / windowSeconds,
  };
}
