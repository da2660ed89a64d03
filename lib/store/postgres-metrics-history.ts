/**
 * @module MetricsHistory on PostgreSQL: the 10 s and 1 min rollups in `metric_rollups`. A write is one transaction of
 * a fixed number of statements whatever its size: the buckets it touches are read in one SELECT, merged in JS with
 * mergeRows exactly as SQLite's history merges them (PostgreSQL cannot merge hdr histograms), and upserted in one
 * INSERT ... ON CONFLICT. Rows travel as one array per column (unnest), so no batch meets the 65,535 parameters a
 * statement may have.
 */
import pg from 'pg';
import { type MetricsHistory, type RollupRow, mergeRows } from '../engine/metrics/metrics-history';

/**
 * A pool (each call borrows a connection), or one connection that this history's calls take turns on. Its
 * search_path must already be the schema the tables are in.
 */
export type PostgresConnection = pg.Pool | pg.ClientBase;

const COLUMNS =
  'entity, resolution_ms, t, publish, deliver, ack, redeliver, dead_letter, ready, unacked, oldest_ready_age_ms, deliver_latency, ack_latency';

/** A row as node-postgres returns it: BIGINT comes back as text, since it may exceed a JS number. */
interface StoredRollup {
  entity: string;
  resolution_ms: number;
  t: string;
  publish: number;
  deliver: number;
  ack: number;
  redeliver: number;
  dead_letter: number;
  ready: number;
  unacked: number;
  oldest_ready_age_ms: string;
  deliver_latency: string;
  ack_latency: string;
}

/** The rows of a batch, one array per column in COLUMNS' order, typed as unnest needs them. */
const BATCH = `unnest($1::text[], $2::int[], $3::bigint[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[],
  $10::int[], $11::bigint[], $12::text[], $13::text[])`;

const SQL = {
  /**
   * Writers of this table take turns (SQLite's BEGIN IMMEDIATE does the same): two that both found a bucket missing
   * would otherwise both insert it, and the second's ON CONFLICT would overwrite the first's counts instead of
   * adding to them. Readers are not held up; prunes wait for the write.
   */
  lock: 'LOCK TABLE metric_rollups IN SHARE ROW EXCLUSIVE MODE',
  existing: `SELECT ${COLUMNS} FROM metric_rollups
    JOIN unnest($1::text[], $2::int[], $3::bigint[]) AS batch (entity, resolution_ms, t) USING (entity, resolution_ms, t)`,
  upsert: `INSERT INTO metric_rollups (${COLUMNS}) SELECT * FROM ${BATCH}
    ON CONFLICT (entity, resolution_ms, t) DO UPDATE SET publish = EXCLUDED.publish, deliver = EXCLUDED.deliver,
      ack = EXCLUDED.ack, redeliver = EXCLUDED.redeliver, dead_letter = EXCLUDED.dead_letter, ready = EXCLUDED.ready,
      unacked = EXCLUDED.unacked, oldest_ready_age_ms = EXCLUDED.oldest_ready_age_ms,
      deliver_latency = EXCLUDED.deliver_latency, ack_latency = EXCLUDED.ack_latency`,
  read: `SELECT ${COLUMNS} FROM metric_rollups WHERE entity = $1 AND resolution_ms = $2 AND t >= $3 AND t < $4 ORDER BY t`,
  latestBefore: `SELECT ${COLUMNS} FROM metric_rollups WHERE entity = $1 AND resolution_ms = $2 AND t < $3 ORDER BY t DESC LIMIT 1`,
  prune: 'DELETE FROM metric_rollups WHERE resolution_ms = $1 AND t < $2',
};

export class PostgresMetricsHistory implements MetricsHistory {
  /** On a single connection, the end of the last call: a write's BEGIN ... COMMIT must not take in another call. */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: PostgresConnection) {}

  async write(rows: readonly RollupRow[]): Promise<void> {
    if (!rows.length) return;
    await this.withConnection(async (client) => {
      await client.query('BEGIN');
      try {
        await client.query(SQL.lock);
        // Every bucket the batch touches, as stored, then each row merged in batch order: a bucket named twice in
        // the batch ends as it would after writing the rows one by one.
        const buckets = new Map<string, RollupRow>();
        for (const row of await existingRows(client, rows)) buckets.set(bucketKey(row), row);
        for (const row of rows) {
          const key = bucketKey(row);
          const earlier = buckets.get(key);
          buckets.set(key, earlier ? mergeRows(earlier, row) : row);
        }
        await client.query(SQL.upsert, columnArrays([...buckets.values()]));
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  async read(entity: string, resolutionMs: number, fromMs: number, toMs: number): Promise<RollupRow[]> {
    const { rows } = await this.withConnection((client) =>
      client.query<StoredRollup>(SQL.read, [storedEntity(entity), resolutionMs, wholeMsBound(fromMs), wholeMsBound(toMs)]),
    );
    return rows.map(rollupFromStored);
  }

  async latestBefore(entity: string, resolutionMs: number, beforeMs: number): Promise<RollupRow | undefined> {
    const { rows } = await this.withConnection((client) =>
      client.query<StoredRollup>(SQL.latestBefore, [storedEntity(entity), resolutionMs, wholeMsBound(beforeMs)]),
    );
    return rows[0] && rollupFromStored(rows[0]);
  }

  async prune(resolutionMs: number, beforeMs: number): Promise<void> {
    await this.withConnection((client) => client.query(SQL.prune, [resolutionMs, wholeMsBound(beforeMs)]));
  }

  /** Runs `work` on a connection borrowed from the pool, or on the one connection once the calls before it are done. */
  private async withConnection<T>(work: (client: pg.ClientBase) => Promise<T>): Promise<T> {
    if (this.db instanceof pg.Pool) {
      const client = await this.db.connect();
      // A borrowed client has no 'error' listener of the pool's: a connection lost mid-transaction would end the
      // process. Its failure reaches `work` as a rejected query anyway.
      const ignore = () => undefined;
      client.on('error', ignore);
      let failure: Error | undefined;
      try {
        return await work(client);
      } catch (error) {
        failure = error as Error;
        throw error;
      } finally {
        client.removeListener('error', ignore);
        // A connection that failed mid-transaction is not given back to others: the pool closes it.
        client.release(failure);
      }
    }
    const client = this.db;
    const run = this.turn.then(() => work(client));
    this.turn = run.catch(() => undefined);
    return run;
  }
}

/** The stored rows of every bucket in `rows` (each asked for once). */
async function existingRows(client: pg.ClientBase, rows: readonly RollupRow[]): Promise<RollupRow[]> {
  const unique = new Map(rows.map((row) => [bucketKey(row), row]));
  const buckets = [...unique.values()];
  const { rows: stored } = await client.query<StoredRollup>(SQL.existing, [
    buckets.map((row) => storedEntity(row.entity)),
    buckets.map((row) => row.resolutionMs),
    buckets.map((row) => row.t),
  ]);
  return stored.map(rollupFromStored);
}

/** Identifies a bucket; JSON so that no entity's characters can make two buckets' keys meet. */
function bucketKey(row: RollupRow): string {
  return JSON.stringify([row.entity, row.resolutionMs, row.t]);
}

function columnArrays(rows: readonly RollupRow[]): unknown[][] {
  const column = <T>(value: (row: RollupRow) => T) => rows.map(value);
  return [
    column((r) => storedEntity(r.entity)),
    column((r) => r.resolutionMs),
    column((r) => r.t),
    column((r) => r.publish),
    column((r) => r.deliver),
    column((r) => r.ack),
    column((r) => r.redeliver),
    column((r) => r.deadLetter),
    column((r) => r.ready),
    column((r) => r.unacked),
    // As SQLite's history stores it: a whole number of ms (BIGINT refuses a fraction).
    column((r) => Math.round(r.oldestReadyAgeMs)),
    column((r) => r.deliverLatency),
    column((r) => r.ackLatency),
  ];
}

function rollupFromStored(row: StoredRollup): RollupRow {
  return {
    entity: entityFromStored(row.entity),
    resolutionMs: row.resolution_ms,
    t: Number(row.t),
    publish: row.publish,
    deliver: row.deliver,
    ack: row.ack,
    redeliver: row.redeliver,
    deadLetter: row.dead_letter,
    ready: row.ready,
    unacked: row.unacked,
    oldestReadyAgeMs: Number(row.oldest_ready_age_ms),
    deliverLatency: row.deliver_latency,
    ackLatency: row.ack_latency,
  };
}

/**
 * A bound on `t` (a whole number of ms) as BIGINT accepts it, meaning the same: `t >= 10.5` is `t >= 11` and
 * `t < 10.5` is `t < 11`; an infinite bound becomes one past every time.
 */
function wholeMsBound(ms: number): number {
  return Math.min(Math.max(Math.ceil(ms), -Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
}

/**
 * PostgreSQL's text cannot hold U+0000, and a queue name may (any UTF-8); one such queue must not make every
 * queue's rollups fail to save. An entity holding it is stored as a mark and its JSON (which escapes every control
 * character). No entity is stored as it is and starts with the mark: those are stored as JSON too.
 */
const ENCODED_ENTITY_MARK = '\u0001';

function storedEntity(entity: string): string {
  return entity.includes('\u0000') || entity.startsWith(ENCODED_ENTITY_MARK) ? ENCODED_ENTITY_MARK + JSON.stringify(entity) : entity;
}

function entityFromStored(stored: string): string {
  return stored.startsWith(ENCODED_ENTITY_MARK) ? (JSON.parse(stored.slice(ENCODED_ENTITY_MARK.length)) as string) : stored;
}
