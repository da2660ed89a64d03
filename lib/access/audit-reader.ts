/** @module Reading the audit log a page at a time, newest first, with an opaque cursor to the next page. */
import { EngineError } from '../engine/errors';
import type { AuditFilter, AuditLog, AuditPosition, StoredAuditEvent } from './audit-log';

export const DEFAULT_AUDIT_PAGE = 100;
export const MAX_AUDIT_PAGE = 1000;

export interface AuditQuery extends AuditFilter {
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** 1..1000, default 100. */
  limit?: number;
}

export interface AuditPage {
  events: StoredAuditEvent[];
  /** Null on the last page. */
  nextCursor: string | null;
}

/** What the HTTP endpoint reads through: it knows nothing of the store behind it. */
export interface AuditReader {
  query(query: AuditQuery): Promise<AuditPage>;
}

/** A position as base64url of "at.id": opaque to clients, and stable under events added meanwhile. */
export function encodeAuditCursor(position: AuditPosition): string {
  return Buffer.from(`${position.at}.${position.id}`).toString('base64url');
}

export function decodeAuditCursor(cursor: string): AuditPosition | undefined {
  const match = /^(\d{1,16})\.(\d{1,16})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) return undefined;
  const position = { at: Number(match[1]), id: Number(match[2]) };
  return Number.isSafeInteger(position.at) && Number.isSafeInteger(position.id) ? position : undefined;
}

/**
 * Pages of `log`. `beforeRead` runs first (the writer's flush), so a page holds everything recorded before the
 * query, even what still waited in memory.
 */
export function auditReader(log: AuditLog, beforeRead: () => Promise<void> = async () => undefined): AuditReader {
  return {
    async query({ cursor, limit = DEFAULT_AUDIT_PAGE, user, action, resource, outcome, vhost, since, until }) {
      const before = cursor === undefined ? undefined : decodeAuditCursor(cursor);
      if (cursor !== undefined && !before) throw new EngineError('bad_request', 'cursor is not one this audit log handed out');
      const size = Math.min(Math.max(Math.floor(limit), 1), MAX_AUDIT_PAGE);
      await beforeRead();
      // One more than asked tells whether another page follows.
      const rows = await log.query({ user, action, resource, outcome, vhost, since, until, before, limit: size + 1 });
      const events = rows.slice(0, size);
      const last = events[events.length - 1];
      return { events, nextCursor: rows.length > size && last ? encodeAuditCursor(last) : null };
    },
  };
}
