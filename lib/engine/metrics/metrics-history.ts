/** @module The port through which metric rollups (10 s and 1 min buckets) are kept; lib/store implements it with Prisma. */
import { mergeEncoded } from './latency';

export const MINUTE_MS = 60_000;
export const TEN_SECONDS_MS = 10_000;
/** How long rollups of each resolution are kept (the registry prunes older ones; charts reach back no further). */
export const RETENTION_MS = { 10_000: 24 * 60 * MINUTE_MS, 60_000: 30 * 24 * 60 * MINUTE_MS } as const;

/** One rollup bucket of one entity: counts over the bucket, gauges at its end, latency histograms encoded. */
export interface RollupRow {
  /** `queue:<name>`. */
  entity: string;
  /** 10_000 or 60_000. */
  resolutionMs: number;
  /** Bucket start, epoch ms. */
  t: number;
  publish: number;
  deliver: number;
  ack: number;
  redeliver: number;
  deadLetter: number;
  ready: number;
  unacked: number;
  oldestReadyAgeMs: number;
  /** hdr-histogram-js compressed base64 ('' = none): publish → first delivery. */
  deliverLatency: string;
  /** hdr-histogram-js compressed base64 ('' = none): publish → ack. */
  ackLatency: string;
}

export interface MetricsHistory {
  /**
   * Stores rows; a row for a bucket that exists (a process stopped mid-bucket and restarted) is merged:
   * counts add up, gauges take the newer values, histograms merge.
   */
  write(rows: readonly RollupRow[]): Promise<void>;
  /** Rows of one entity and resolution with `fromMs <= t < toMs`, by t. */
  read(entity: string, resolutionMs: number, fromMs: number, toMs: number): Promise<RollupRow[]>;
  /** The newest row before `beforeMs` (for the gauges at the start of a window). */
  latestBefore(entity: string, resolutionMs: number, beforeMs: number): Promise<RollupRow | undefined>;
  /** Deletes rows of a resolution older than `beforeMs`. */
  prune(resolutionMs: number, beforeMs: number): Promise<void>;
}

/** Rollups kept in memory: the default when no database-backed history is given (lost at restart). */
export class MemoryMetricsHistory implements MetricsHistory {
  private readonly rows = new Map<string, RollupRow>();

  /** All or nothing, as a database transaction: every merge is worked out before any row is stored. */
  async write(rows: readonly RollupRow[]): Promise<void> {
    const merged = new Map<string, RollupRow>();
    for (const row of rows) {
      const key = `${row.entity}|${row.resolutionMs}|${row.t}`;
      const existing = merged.get(key) ?? this.rows.get(key);
      merged.set(key, existing ? mergeRows(existing, row) : { ...row });
    }
    for (const [key, row] of merged) this.rows.set(key, row);
  }

  async read(entity: string, resolutionMs: number, fromMs: number, toMs: number): Promise<RollupRow[]> {
    return [...this.rows.values()]
      .filter((r) => r.entity === entity && r.resolutionMs === resolutionMs && r.t >= fromMs && r.t < toMs)
      .sort((a, b) => a.t - b.t);
  }

  async latestBefore(entity: string, resolutionMs: number, beforeMs: number): Promise<RollupRow | undefined> {
    let best: RollupRow | undefined;
    for (const r of this.rows.values()) {
      if (r.entity === entity && r.resolutionMs === resolutionMs && r.t < beforeMs && (!best || r.t > best.t)) best = r;
    }
    return best;
  }

  async prune(resolutionMs: number, beforeMs: number): Promise<void> {
    for (const [key, r] of this.rows) if (r.resolutionMs === resolutionMs && r.t < beforeMs) this.rows.delete(key);
  }
}

/** Merges a later write of the same bucket into an earlier one. */
export function mergeRows(earlier: RollupRow, later: RollupRow, mergeHistograms: (a: string, b: string) => string = mergeEncoded): RollupRow {
  return {
    ...later,
    publish: earlier.publish + later.publish,
    deliver: earlier.deliver + later.deliver,
    ack: earlier.ack + later.ack,
    redeliver: earlier.redeliver + later.redeliver,
    deadLetter: earlier.deadLetter + later.deadLetter,
    deliverLatency: mergeHistograms(earlier.deliverLatency, later.deliverLatency),
    ackLatency: mergeHistograms(earlier.ackLatency, later.ackLatency),
  };
}
