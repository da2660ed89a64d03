/** @module A rolling client-side time series: append the newest point, drop what fell out of the window. */

export interface TimedPoint {
  /** Epoch ms. */
  t: number;
}

/**
 * Appends `point` and keeps only points newer than `windowMs` before it (and at most `maxPoints`).
 * A point not newer than the last one replaces it, so a repeated frame never doubles a sample.
 */
export function appendPoint<P extends TimedPoint>(series: readonly P[], point: P, windowMs: number, maxPoints = 600): P[] {
  const last = series[series.length - 1];
  const kept = last !== undefined && point.t <= last.t ? series.slice(0, -1) : series.slice();
  kept.push(point);
  const cutoff = point.t - windowMs;
  const first = kept.findIndex((p) => p.t >= cutoff);
  const recent = first === -1 ? [] : kept.slice(first);
  return recent.length > maxPoints ? recent.slice(recent.length - maxPoints) : recent;
}
