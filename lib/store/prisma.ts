/** @module The Prisma client for ordinary reads and writes (credentials, sessions, metric history) on the engine's database. */
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';
import { PrismaClient as PostgresPrismaClient } from '../generated/prisma-postgresql/client';
import { parseDatabaseUrl } from './database-url';
import { migrateSqlite } from './migrate';
import { parsePostgresUrl } from './postgres-url';

/** Connections of the Prisma client's pool on PostgreSQL: sessions and access changes, never the hot path. */
export const PRISMA_POSTGRES_POOL_SIZE = 4;

/**
 * A PrismaClient on the database named by `databaseUrl` (default: DATABASE_URL, else ./data/switchboard.db).
 * SQLite: pending migrations are applied first, so the client never sees a missing table. PostgreSQL: the store's
 * open applies them (asynchronously, under Prisma's migrate lock) before the server makes this client.
 */
export function createPrisma(databaseUrl?: string): PrismaClient {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.kind === 'postgres') {
    const { connectionString, schema } = parsePostgresUrl(target.url);
    const adapter = new PrismaPg({ connectionString, max: PRISMA_POSTGRES_POOL_SIZE, connectionTimeoutMillis: 10_000 }, { schema });
    // The two generated clients have the same models (lib/store/schemas-agree.test.ts), so one type serves both.
    return new PostgresPrismaClient({ adapter }) as unknown as PrismaClient;
  }
  if (target.path === ':memory:') {
    throw new Error('An in-memory SQLite database cannot be shared between Prisma and the store; use a file');
  }
  migrateSqlite(target.path);
  // The engine writes to the same WAL file on its own connection: wait for its lock rather than fail.
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: target.path, timeout: 5000 }) });
}
