/**
 * @module The SQL of the active lock: a session advisory lock keyed by the URL's schema (so stores in other schemas
 * of one database never contend), the `active_process` row the holder announces itself in, and how a standby finds
 * the holder and judges its heartbeat. Times are the database's clock, one clock for every process.
 */
import type pg from 'pg';
import type { ActiveProcessInfo } from '../server/standby-view';

/** The advisory lock's first key ("SWBA"); the second is `hashtext(schema)`. */
export const ACTIVE_LOCK_CLASS = 0x53574241;

export const LEASE_SQL = {
  tryLock: 'SELECT pg_try_advisory_lock($1, hashtext($2)) AS acquired',
  /** Written once the lock is held (and again on every new connection of the holder), keeping `since` on a reconnect. */
  announce: `INSERT INTO active_process (id, process_id, http_url, amqp_url, backend_pid, since, heartbeat_at)
    VALUES (1, $1, $2, $3, pg_backend_pid(), now(), now())
    ON CONFLICT (id) DO UPDATE SET process_id = EXCLUDED.process_id, http_url = EXCLUDED.http_url,
      amqp_url = EXCLUDED.amqp_url, backend_pid = EXCLUDED.backend_pid, heartbeat_at = EXCLUDED.heartbeat_at,
      since = CASE WHEN active_process.process_id = EXCLUDED.process_id THEN active_process.since ELSE EXCLUDED.since END`,
  /** The row as it was before this process announced itself: whom it took over from. */
  previous: `SELECT process_id, http_url, amqp_url, ${epochMs('since')} AS since_ms, ${ageMs('heartbeat_at')} AS heartbeat_age_ms
    FROM active_process WHERE id = 1`,
  /** Only the holder's own connection moves its heartbeat: a row it no longer owns is left alone (0 rows). */
  heartbeat: 'UPDATE active_process SET heartbeat_at = now() WHERE id = 1 AND backend_pid = pg_backend_pid()',
  /** The backend holding the lock, and the row it announced (null fields until it has). */
  holder: `SELECT l.pid, a.process_id, a.http_url, a.amqp_url, ${epochMs('a.since')} AS since_ms,
      ${ageMs('a.heartbeat_at')} AS heartbeat_age_ms
    FROM pg_locks l LEFT JOIN active_process a ON a.id = 1 AND a.backend_pid = l.pid
    WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND l.classid = $1::int4::oid AND l.objid = hashtext($2)::oid`,
  /** The holder without the row (before the first migration made the table). */
  holderOnly: `SELECT pid FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND l.classid = $1::int4::oid AND l.objid = hashtext($2)::oid`,
  terminate: 'SELECT pg_terminate_backend($1) AS terminated',
};

function epochMs(column: string): string {
  return `(extract(epoch FROM ${column}) * 1000)::float8`;
}

function ageMs(column: string): string {
  return `(extract(epoch FROM (now() - ${column})) * 1000)::float8`;
}

interface HolderRow {
  pid: number;
  process_id: string | null;
  http_url: string | null;
  amqp_url: string | null;
  since_ms: number | null;
  heartbeat_age_ms: number | null;
}

/** The lock's holder: its backend pid, and what it announced (null before it has). */
export interface LockHolder {
  pid: number;
  active: ActiveProcessInfo | null;
}

/** Who holds the lock of `schema` now, or null when nobody does. */
export async function findHolder(client: pg.ClientBase, schema: string): Promise<LockHolder | null> {
  try {
    const { rows } = await client.query<HolderRow>(LEASE_SQL.holder, [ACTIVE_LOCK_CLASS, schema]);
    const row = rows[0];
    return row ? { pid: row.pid, active: activeFromRow(row) } : null;
  } catch (error) {
    // 42P01: no active_process table yet (a first start is migrating): the holder is known by its lock alone.
    if ((error as { code?: string }).code !== '42P01') throw error;
    const { rows } = await client.query<{ pid: number }>(LEASE_SQL.holderOnly, [ACTIVE_LOCK_CLASS, schema]);
    return rows[0] ? { pid: rows[0].pid, active: null } : null;
  }
}

/** The process the row names, as it last announced itself. */
export async function readAnnounced(client: pg.ClientBase): Promise<ActiveProcessInfo | null> {
  const { rows } = await client.query<HolderRow>(LEASE_SQL.previous);
  return rows[0] ? activeFromRow(rows[0]) : null;
}

function activeFromRow(row: Omit<HolderRow, 'pid'>): ActiveProcessInfo | null {
  if (row.process_id === null || row.since_ms === null || row.heartbeat_age_ms === null) return null;
  return {
    processId: row.process_id,
    httpUrl: row.http_url,
    amqpUrl: row.amqp_url,
    since: Math.round(row.since_ms),
    heartbeatAgeMs: Math.max(0, Math.round(row.heartbeat_age_ms)),
  };
}
