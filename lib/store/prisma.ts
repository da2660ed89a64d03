/** @module The Prisma client for ordinary reads and writes (credentials, sessions, metric history) on the engine's database. */
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../generated/prisma/client';
import { parseDatabaseUrl } from './database-url';
import { migrateSqlite } from './migrate';

/**
 * A PrismaClient on the database named by `databaseUrl` (default: DATABASE_URL, else ./data/switchboard.db).
 * Pending migrations are applied first, so the client never sees a missing table.
 */
export function createPrisma(databaseUrl?: string): PrismaClient {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.kind === 'postgres') throw new Error('PostgreSQL storage is not implemented yet');
  if (target.path === ':memory:') {
    throw new Error('An in-memory SQLite database cannot be shared between Prisma and the store; use a file');
  }
  migrateSqlite(target.path);
  // The engine writes to the same WAL file on its own connection: wait for its lock rather than fail.
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: target.path, timeout: 5000 }) });
}
