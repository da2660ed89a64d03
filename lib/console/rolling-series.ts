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

/**
 * A chart that opened with history and goes on live: the history's points older than the first live one, then
 * the live points, trimmed to `windowMs` before the newest (and at most `maxPoints`).
 */
export function withHistory<P extends TimedPoint>(history: readonly P[], live: readonly P[], windowMs: number, maxPoints = 1000): P[] {
  const firstLive = live[0]?.t ?? Infinity;
  const joined = [...history.filter((p) => p.t < firstLive), ...live];
  const newest = joined[joined.length - 1];
  if (!newest) return [];
  const recent = joined.filter((p) => p.t >= newest.t - windowMs);
  return recent.length > maxPoints ? recent.slice(recent.length - maxPoints) : recent;
}
