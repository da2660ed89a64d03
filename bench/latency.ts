/** @module Publish → receive latencies of a paced run: p50, p99, p99.9 and max over the messages after the warm-up. */

export interface LatencyFigures {
  /** Messages the percentiles are over (those sent after the warm-up). */
  measured: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

export function latencyFigures(latencies: number[]): LatencyFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN);
  return { measured: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99), p999Ms: at(0.999), maxMs: round(sorted.at(-1) ?? NaN) };
}

function round(ms: number): number {
  return Number(ms.toFixed(2));
}
