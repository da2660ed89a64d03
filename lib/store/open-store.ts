/** @module Picks and opens the engine's Store from DATABASE_URL. */
import type { AuditLog } from '../access/audit-log';
import type { MetricsHistory } from '../engine/metrics/metrics-history';
import type { SharedStore } from '../engine/store';
import { parseDatabaseUrl } from './database-url';
import { PostgresDatabase } from './postgres-database';
import type { PostgresSession } from './postgres-store';
import { SqliteWorkerStore } from './sqlite-worker-store';
import type { StoreFaultListener } from './store-faults';

/**
 * The engine's database: the Store of each vhost (`forVhost`; used as a Store itself it is vhost `/`), deleting a
 * vhost, each vhost's metric history (default `/`) and the audit log. `close()` closes it all, once.
 */
export type EngineDatabase = SharedStore & {
  metricsHistory(vhost?: string): MetricsHistory;
  auditLog(): AuditLog;
  /** Hears when the store cannot write (a reason) and when it can again (null). */
  onFault(listener: StoreFaultListener): () => void;
};

/**
 * Opens the store named by `databaseUrl` (default: DATABASE_URL, else ./data/switchboard.db), migrated and ready to
 * recover. On PostgreSQL, `session` is the active process's lease: the store commits on its locked connection.
 */
export async function openStore(databaseUrl?: string, options: { session?: PostgresSession } = {}): Promise<EngineDatabase> {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.kind === 'postgres') return PostgresDatabase.open(target.url, options);
  // On its own thread, so SQLite's commits and fsyncs never hold up the event loop that serves AMQP and HTTP.
  return SqliteWorkerStore.open(target.path);
}
