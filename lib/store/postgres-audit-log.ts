/**
 * @module The audit log on PostgreSQL: `audit_events`, a batch written by one INSERT (so whole or not at all),
 * searched newest first through the indexes on `at`, `(user, at)` and `(action, at)`, pruned a bounded number at a
 * time. It answers exactly as SqliteAuditLog does; where SQL differs between the two, the comments say how.
 */
import type pg from 'pg';
import type { AuditEntry } from '../access/audit';
import type { AuditLog, AuditLogQuery, StoredAuditEvent } from '../access/audit-log';
import { eventFromRow, toAuditRecord, type AuditRecord, type AuditRow } from './sqlite-audit-log';

/** `user` is a reserved word in PostgreSQL (unquoted, it is the current role), so it is always quoted. */
const COLUMNS = 'at, "user", api_key, protocol, peer, vhost, action, resource, outcome, detail, affected';

/**
 * The batch as one array per column. WITH ORDINALITY and the ORDER BY give ids in the order of the batch, as
 * SQLite's one-by-one inserts do, so events of one millisecond keep their order.
 */
const INSERT_BATCH = `INSERT INTO audit_events (${COLUMNS})
  SELECT ${COLUMNS} FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
    $8::text[], $9::text[], $10::text[], $11::int[]) WITH ORDINALITY
    AS batch (at, "user", api_key, protocol, peer, vhost, action, resource, outcome, detail, affected, position)
  ORDER BY position`;

const PRUNE_SOME = 'DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events WHERE at < $1 LIMIT $2)';

export class PostgresAuditLog implements AuditLog {
  /** Each call is one statement, so a pool and a single connection serve alike. */
  constructor(private readonly db: pg.Pool | pg.ClientBase) {}

  async write(entries: readonly AuditEntry[]): Promise<void> {
    await this.writeRecords(entries.map(toAuditRecord));
  }

  async writeRecords(records: readonly AuditRecord[]): Promise<void> {
    if (!records.length) return;
    const column = <T>(value: (record: AuditRecord) => T) => records.map(value);
    await this.db.query(INSERT_BATCH, [
      column((r) => r.at),
      column((r) => storableText(r.user)),
      column((r) => storableText(r.apiKey ?? null)),
      column((r) => storableText(r.protocol)),
      column((r) => storableText(r.peer)),
      column((r) => storableText(r.vhost ?? null)),
      column((r) => storableText(r.action)),
      column((r) => storableText(r.resource ?? null)),
      column((r) => storableText(r.outcome)),
      column((r) => storableText(r.detail)),
      column((r) => r.affected ?? null),
    ]);
  }

  async query(query: AuditLogQuery): Promise<StoredAuditEvent[]> {
    const { text, values } = searchSql(query);
    const { rows } = await this.db.query<AuditRow>(text, values);
    return rows.map(eventFromRow);
  }

  async prune(beforeMs: number, limit: number): Promise<number> {
    const result = await this.db.query(PRUNE_SOME, [wholeMsBound(beforeMs), limit]);
    return result.rowCount ?? 0;
  }
}

/** The WHERE clause of a query: only the filters given, so the planner can pick the index that fits. */
function searchSql(query: AuditLogQuery): { text: string; values: unknown[] } {
  const where: string[] = [];
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  if (query.user !== undefined) where.push(`"user" = ${param(storableText(query.user))}`);
  if (query.action !== undefined) {
    if (query.action.endsWith('*')) {
      const prefix = query.action.slice(0, -1);
      // Literal and case-sensitive, as SQLite's GLOB on an escaped prefix: no character of the prefix is a wildcard.
      if (prefix) where.push(`starts_with(action, ${param(storableText(prefix))})`);
    } else where.push(`action = ${param(storableText(query.action))}`);
  }
  if (query.resource !== undefined) {
    // ASCII case-insensitive, as SQLite's LIKE: under the "C" collation ILIKE folds A-Z only, where the database's
    // own collation may fold É to é as well.
    where.push(`(resource COLLATE "C") ILIKE ${param(`%${escapeLike(storableText(query.resource))}%`)} ESCAPE '\\'`);
  }
  if (query.outcome !== undefined) where.push(`outcome = ${param(query.outcome)}`);
  if (query.vhost !== undefined) where.push(`vhost = ${param(storableText(query.vhost))}`);
  if (query.since !== undefined) where.push(`at >= ${param(wholeMsBound(query.since))}`);
  if (query.until !== undefined) where.push(`at < ${param(wholeMsBound(query.until))}`);
  if (query.before) where.push(`(at, id) < (${param(query.before.at)}, ${param(query.before.id)})`);
  const filters = where.length ? `WHERE ${where.join(' AND ')}` : '';
  return { text: `SELECT id, ${COLUMNS} FROM audit_events ${filters} ORDER BY at DESC, id DESC LIMIT ${param(query.limit)}`, values };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * PostgreSQL's text cannot hold U+0000, which a queue name in a resource may hold: it is kept as U+FFFD (what a
 * lone surrogate becomes on either store) rather than losing the batch, and a search is changed alike to find it.
 */
function storableText<T extends string | null>(text: T): T {
  return (text === null ? text : text.replaceAll('\u0000', '\uFFFD')) as T;
}

/** A time bound as BIGINT accepts it, meaning the same for whole-ms times: `at >= 10.5` is `at >= 11`. */
function wholeMsBound(ms: number): number {
  return Math.min(Math.max(Math.ceil(ms), -Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
}
