/** @module Picks and opens the engine's Store from DATABASE_URL. */
import type { AuditLog } from '../access/audit-log';
import type { MetricsHistory } from '../engine/metrics/metrics-history';
import type { SharedStore } from '../engine/store';
import { parseDatabaseUrl } from './database-url';
import { SqliteWorkerStore, type StoreFaultListener } from './sqlite-worker-store';

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

/** Opens the store named by `databaseUrl` (default: DATABASE_URL, else ./data/switchboard.db), migrated and ready to recover. */
export async function openStore(databaseUrl?: string): Promise<EngineDatabase> {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.kind === 'postgres') throw new Error('PostgreSQL storage is not implemented yet');
  // On its own thread, so SQLite's commits and fsyncs never hold up the event loop that serves AMQP and HTTP.
  return SqliteWorkerStore.open(target.path);
}
