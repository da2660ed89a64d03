/** @module Picks and opens the engine's Store from DATABASE_URL. */
import type { MetricsHistory } from '../engine/metrics/metrics-history';
import type { Store } from '../engine/store';
import { parseDatabaseUrl } from './database-url';
import { SqliteWorkerStore } from './sqlite-worker-store';

/** The engine's store and the metric history kept in the same database. */
export type EngineDatabase = Store & { metricsHistory(): MetricsHistory };

/** Opens the store named by `databaseUrl` (default: DATABASE_URL, else ./data/switchboard.db), migrated and ready to recover. */
export async function openStore(databaseUrl?: string): Promise<EngineDatabase> {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.kind === 'postgres') throw new Error('PostgreSQL storage is not implemented yet');
  // On its own thread, so SQLite's commits and fsyncs never hold up the event loop that serves AMQP and HTTP.
  return SqliteWorkerStore.open(target.path);
}
