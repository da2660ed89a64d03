/**
 * @module MetricsHistory on SQLite: the 10 s and 1 min rollups in `metric_rollups`, on the store's own connection
 * (and so on its worker thread), one transaction per write. A second writer on the same file would wait for the
 * store's write lock, and on the event loop's thread that wait blocks everything else.
 */
import type Database from 'better-sqlite3';
import { type MetricsHistory, type RollupRow, mergeRows } from '../engine/metrics/metrics-history';

const COLUMNS =
  'entity, resolution_ms, t, publish, deliver, ack, redeliver, dead_letter, ready, unacked, oldest_ready_age_ms, deliver_latency, ack_latency';

/** The same columns under RollupRow's names, so a selected row is a RollupRow as it is. */
const AS_ROLLUP_ROW = `entity, resolution_ms AS resolutionMs, t, publish, deliver, ack, redeliver, dead_letter AS deadLetter, ready,
  unacked, oldest_ready_age_ms AS oldestReadyAgeMs, deliver_latency AS deliverLatency, ack_latency AS ackLatency`;

export class SqliteMetricsHistory implements MetricsHistory {
  private readonly sql;
  private readonly writeRows: Database.Transaction<(rows: readonly RollupRow[]) => void>;

  constructor(db: Database.Database) {
    this.sql = {
      find: db.prepare<[string, number, number], RollupRow>(`SELECT ${AS_ROLLUP_ROW} FROM metric_rollups WHERE entity = ? AND resolution_ms = ? AND t = ?`),
      put: db.prepare(
        `INSERT OR REPLACE INTO metric_rollups (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      read: db.prepare<[string, number, number, number], RollupRow>(
        `SELECT ${AS_ROLLUP_ROW} FROM metric_rollups WHERE entity = ? AND resolution_ms = ? AND t >= ? AND t < ? ORDER BY t`,
      ),
      latestBefore: db.prepare<[string, number, number], RollupRow>(
        `SELECT ${AS_ROLLUP_ROW} FROM metric_rollups WHERE entity = ? AND resolution_ms = ? AND t < ? ORDER BY t DESC LIMIT 1`,
      ),
      prune: db.prepare('DELETE FROM metric_rollups WHERE resolution_ms = ? AND t < ?'),
    };
    this.writeRows = db.transaction((rows: readonly RollupRow[]) => {
      for (const row of rows) {
        const existing = this.sql.find.get(row.entity, row.resolutionMs, row.t);
        const r = existing ? mergeRows(existing, row) : row;
        this.sql.put.run(
          r.entity, r.resolutionMs, r.t, r.publish, r.deliver, r.ack, r.redeliver, r.deadLetter,
          r.ready, r.unacked, Math.round(r.oldestReadyAgeMs), r.deliverLatency, r.ackLatency,
        );
      }
    });
  }

  async write(rows: readonly RollupRow[]): Promise<void> {
    if (rows.length) this.writeRows.immediate(rows);
  }

  async read(entity: string, resolutionMs: number, fromMs: number, toMs: number): Promise<RollupRow[]> {
    return this.sql.read.all(entity, resolutionMs, fromMs, toMs);
  }

  async latestBefore(entity: string, resolutionMs: number, beforeMs: number): Promise<RollupRow | undefined> {
    return this.sql.latestBefore.get(entity, resolutionMs, beforeMs);
  }

  async prune(resolutionMs: number, beforeMs: number): Promise<void> {
    this.sql.prune.run(resolutionMs, beforeMs);
  }
}
