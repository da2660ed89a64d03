/** @module The shapes the metrics registry answers: a queue's chart series, and the snapshot a Prometheus exporter formats. */
import type { CumulativeLatency, LatencySummary } from './latency';
import type { QueueCounters } from './queue-counters';

/** Same-length arrays, one entry per step; `t` is each step's start (epoch ms). */
export interface QueueMetricsSeries {
  /** Where the points came from: the in-memory 1 s ring, or 10 s / 1 min rollups. */
  source: '1s' | '10s' | '1m';
  windowMs: number;
  stepMs: number;
  t: number[];
  /** Gauges at the end of each step. */
  ready: number[];
  unacked: number[];
  /** Per-second rates averaged over each step. */
  publish: number[];
  deliver: number[];
  ack: number[];
  redeliver: number[];
  /** Publish → ack latency percentiles over each step (null: nothing acked). */
  latencyP50Ms: (number | null)[];
  latencyP95Ms: (number | null)[];
  latencyP99Ms: (number | null)[];
  /** The ready backlog. */
  consumerLag: number[];
  oldestReadyAgeMs: number[];
  /** Ready backlog over the step's ack rate; null when nothing is acked while messages wait. */
  timeToDrainMs: (number | null)[];
}

export interface ExchangeCounters {
  /** Messages published to the exchange by clients. */
  published: number;
  /** Of those, the ones that reached at least one queue. */
  routed: number;
  unroutable: number;
}

export interface LatencySnapshot {
  cumulative: CumulativeLatency;
  /** Percentiles over the last minute (closed 10 s buckets plus the open one). */
  lastMinute: LatencySummary;
}

export interface QueueSnapshot {
  name: string;
  counters: QueueCounters;
  gauges: { ready: number; unacked: number; bytes: number; consumers: number; oldestReadyAgeMs: number | null };
  latency: { deliver: LatencySnapshot; ack: LatencySnapshot };
}

/** Every counter, gauge and latency histogram, for a Prometheus exporter to format. */
export interface MetricsSnapshot {
  at: number;
  queues: QueueSnapshot[];
  exchanges: ({ name: string } & ExchangeCounters)[];
  total: {
    /** Queue counters summed over every queue, deleted ones included. */
    counters: QueueCounters;
    exchanges: ExchangeCounters;
    gauges: { ready: number; unacked: number; bytes: number; consumers: number };
  };
}
