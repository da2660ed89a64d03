/** @module The audit log's storage port: what a store must do to keep, search and forget audit entries. */
import type { AuditEntry, AuditOutcome } from './audit';

/** An entry as stored, with the id the store gave it. */
export interface StoredAuditEvent extends AuditEntry {
  id: number;
}

/** Where a page ended: events are ordered newest first by `at`, then by `id`. */
export interface AuditPosition {
  at: number;
  id: number;
}

/** What to look for; every field narrows the search, none means everything. */
export interface AuditFilter {
  /** Exactly this user. */
  user?: string;
  /** Exactly this action, or every action starting with the text before a trailing `*` (`queue.*`). */
  action?: string;
  /** A substring of the resource, ASCII case-insensitive. */
  resource?: string;
  outcome?: AuditOutcome;
  /** Exactly this vhost. */
  vhost?: string;
  /** From this time on (epoch ms, inclusive). */
  since?: number;
  /** Before this time (epoch ms, exclusive). */
  until?: number;
}

export interface AuditLogQuery extends AuditFilter {
  /** Only events older than this position (the previous page's last event). */
  before?: AuditPosition;
  limit: number;
}

/** A store's audit table. Writes are batches; prunes are bounded so other writers get their turn between them. */
export interface AuditLog {
  write(entries: readonly AuditEntry[]): Promise<void>;
  /** Newest first. */
  query(query: AuditLogQuery): Promise<StoredAuditEvent[]>;
  /** Deletes up to `limit` events older than `beforeMs`; answers how many it deleted. */
  prune(beforeMs: number, limit: number): Promise<number>;
}
