/** @module Turns the metrics API's parallel arrays into Recharts rows, one per step, for each of the queue's charts. */
import type { QueueMetrics } from '@/lib/client/types';

export interface QueueChartRow {
  t: number;
  ready: number;
  unacked: number;
  publish: number;
  deliver: number;
  ack: number;
  redeliver: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  backlog: number;
  oldestAgeS: number;
  /** Seconds to drain the backlog at the ack rate; null when it would never drain. */
  drainS: number | null;
}

const seconds = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : ms / 1000);

export function queueChartRows(metrics: QueueMetrics): QueueChartRow[] {
  return metrics.t.map((t, i) => ({
    t,
    ready: metrics.ready[i] ?? 0,
    unacked: metrics.unacked[i] ?? 0,
    publish: metrics.publish[i] ?? 0,
    deliver: metrics.deliver[i] ?? 0,
    ack: metrics.ack[i] ?? 0,
    redeliver: metrics.redeliver[i] ?? 0,
    p50: metrics.latencyP50Ms[i] ?? null,
    p95: metrics.latencyP95Ms[i] ?? null,
    p99: metrics.latencyP99Ms[i] ?? null,
    backlog: metrics.consumerLag[i] ?? 0,
    oldestAgeS: (metrics.oldestReadyAgeMs[i] ?? 0) / 1000,
    drainS: seconds(metrics.timeToDrainMs[i]),
  }));
}

/** Axis tick for a time: `14:05:09` for windows up to an hour, `Mar 3 14:05` beyond. */
export function formatTick(t: number, windowMs: number): string {
  const date = new Date(t);
  if (windowMs <= 3_600_000) return date.toLocaleTimeString('en-GB', { hour12: false });
  return `${date.toLocaleDateString('en-US', { month: 'short', day: 'numeric' })} ${date.toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  })}`;
}
