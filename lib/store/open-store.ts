/** @module Picks and opens the engine's Store from DATABASE_URL. */
import type { Store } from '../engine/store';
import { parseDatabaseUrl } from './database-url';
import { SqliteStore } from './sqlite-store';

/** Opens the store named by `databaseUrl` (default: DATABASE_URL, else ./data/switchboard.db), migrated and ready to recover. */
export async function openStore(databaseUrl?: string): Promise<Store> {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.kind === 'postgres') throw new Error('PostgreSQL storage is not implemented yet');
  return SqliteStore.open(target.path);
}
