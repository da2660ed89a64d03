/**
 * @module The audit log on SQLite: `audit_events` on the store's own connection (and so on its worker thread), one
 * transaction per batch, searched newest first through the indexes on `at`, `(user, at)` and `(action, at)`.
 */
import type Database from 'better-sqlite3';
import type { AuditEntry, AuditOutcome } from '../access/audit';
import type { AuditLog, AuditLogQuery, StoredAuditEvent } from '../access/audit-log';

/** An entry as it crosses to the worker: `detail` already JSON text, so nothing uncloneable or unserialisable travels. */
export type AuditRecord = Omit<AuditEntry, 'detail'> & { detail: string };

/** A stored event as both stores select it (PostgreSQL's BIGINT `at` arrives as text). */
export interface AuditRow {
  id: number;
  at: number | string;
  user: string;
  api_key: string | null;
  protocol: string;
  peer: string;
  vhost: string | null;
  action: string;
  resource: string | null;
  outcome: string;
  detail: string;
  affected: number | null;
}

const COLUMNS = 'at, user, api_key, protocol, peer, vhost, action, resource, outcome, detail, affected';

/** `detail` as JSON text; a detail JSON cannot hold (a BigInt, a cycle) is kept as a note rather than losing the batch. */
export function toAuditRecord(entry: AuditEntry): AuditRecord {
  const { detail, ...rest } = entry;
  return { ...rest, detail: detailJson(detail) };
}

function detailJson(detail: Record<string, unknown> | undefined): string {
  if (!detail) return '{}';
  try {
    return JSON.stringify(detail, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  } catch (error) {
    return JSON.stringify({ unserializable: (error as Error).message });
  }
}

export class SqliteAuditLog implements AuditLog {
  private readonly insert: Database.Statement;
  private readonly pruneSome: Database.Statement<[number, number]>;
  private readonly insertAll: Database.Transaction<(records: readonly AuditRecord[]) => void>;
  /** One prepared statement per combination of filters (at most 2^8), made on first use. */
  private readonly searches = new Map<string, Database.Statement<unknown[], AuditRow>>();

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(`INSERT INTO audit_events (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.pruneSome = db.prepare('DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events WHERE at < ? LIMIT ?)');
    this.insertAll = db.transaction((records: readonly AuditRecord[]) => {
      for (const r of records) {
        this.insert.run(r.at, r.user, r.apiKey ?? null, r.protocol, r.peer, r.vhost ?? null, r.action, r.resource ?? null, r.outcome, r.detail, r.affected ?? null);
      }
    });
  }

  async write(entries: readonly AuditEntry[]): Promise<void> {
    this.writeRecords(entries.map(toAuditRecord));
  }

  writeRecords(records: readonly AuditRecord[]): void {
    if (records.length) this.insertAll.immediate(records);
  }

  async query(query: AuditLogQuery): Promise<StoredAuditEvent[]> {
    const { sql, params } = searchSql(query);
    let statement = this.searches.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[], AuditRow>(sql);
      this.searches.set(sql, statement);
    }
    return statement.all(...params).map(eventFromRow);
  }

  async prune(beforeMs: number, limit: number): Promise<number> {
    return this.pruneSome.run(beforeMs, limit).changes;
  }
}

/** The WHERE clause of a query: only the filters given, so the planner can pick the index that fits. */
function searchSql(query: AuditLogQuery): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (query.user !== undefined) add('user = ?', query.user);
  if (query.action !== undefined) {
    if (query.action.endsWith('*')) {
      const prefix = query.action.slice(0, -1);
      // GLOB is case-sensitive and, with a literal prefix, a range on the (action, at) index.
      if (prefix) add('action GLOB ?', `${escapeGlob(prefix)}*`);
    } else add('action = ?', query.action);
  }
  if (query.resource !== undefined) add("resource LIKE ? ESCAPE '\\'", `%${escapeLike(query.resource)}%`);
  if (query.outcome !== undefined) add('outcome = ?', query.outcome);
  if (query.vhost !== undefined) add('vhost = ?', query.vhost);
  if (query.since !== undefined) add('at >= ?', query.since);
  if (query.until !== undefined) add('at < ?', query.until);
  if (query.before) add('at <= ? AND (at < ? OR id < ?)', query.before.at, query.before.at, query.before.id);
  const filters = where.length ? `WHERE ${where.join(' AND ')}` : '';
  params.push(query.limit);
  return { sql: `SELECT id, ${COLUMNS} FROM audit_events ${filters} ORDER BY at DESC, id DESC LIMIT ?`, params };
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[]/g, (c) => `[${c}]`);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function eventFromRow(row: AuditRow): StoredAuditEvent {
  return {
    id: row.id,
    at: Number(row.at),
    user: row.user,
    ...(row.api_key !== null ? { apiKey: row.api_key } : {}),
    protocol: row.protocol as AuditEntry['protocol'],
    peer: row.peer,
    ...(row.vhost !== null ? { vhost: row.vhost } : {}),
    action: row.action,
    ...(row.resource !== null ? { resource: row.resource } : {}),
    outcome: row.outcome as AuditOutcome,
    detail: parseDetail(row.detail),
    ...(row.affected !== null ? { affected: row.affected } : {}),
  };
}

/** `detail` as stored: an object as it is, any other JSON under `value`, what is not JSON under `text`. */
function parseDetail(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { text };
  }
}
