/**
 * @module Applies prisma/postgresql/migrations to a PostgreSQL schema at start, without Prisma's native engine, as
 * migrate.ts does for SQLite: each migration in its own transaction, recorded in `_prisma_migrations` exactly as
 * `prisma migrate deploy` records it, under the advisory lock Prisma's own migrate takes (so that several Switchboard
 * processes starting on one database, or one of them and `prisma migrate deploy`, never migrate at once).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ClientBase } from 'pg';
import { defaultMigrationsDir, readMigrations } from './migrate';
import { pendingMigrations, type HistoryRow } from './migration-history';
import { quoteIdentifier } from './postgres-url';

/** Prisma's migrate takes this advisory lock on PostgreSQL (its "prisma_migrate" key). */
export const PRISMA_MIGRATE_LOCK = 72707369;

/** The DDL Prisma's schema engine uses for its history table on PostgreSQL. */
const HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** `prisma/postgresql/migrations`, found as the SQLite migrations are. */
export function defaultPostgresMigrationsDir(): string {
  return path.join(path.dirname(defaultMigrationsDir()), 'postgresql', 'migrations');
}

/**
 * Applies every pending migration to `schema` over a connected client (creating the schema first) and leaves the
 * client's search_path on it. Idempotent; throws {@link MigrationRefused} over a failed or newer history.
 */
export async function migratePostgres(
  client: ClientBase,
  schema: string,
  migrationsDir: string = defaultPostgresMigrationsDir(),
): Promise<{ applied: string[] }> {
  if (!fs.existsSync(migrationsDir)) throw new Error(`No PostgreSQL migrations directory at ${migrationsDir}`);
  const migrations = readMigrations(migrationsDir);
  await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
    await client.query(`SET search_path TO ${quoteIdentifier(schema)}`);
    await client.query(HISTORY_TABLE);
    const { rows } = await client.query<HistoryRow>('SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations"');
    const applied: string[] = [];
    for (const migration of pendingMigrations(rows, migrations)) {
      const startedAt = new Date();
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
          [randomUUID(), migration.checksum, migration.name, startedAt],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new Error(`Migration ${migration.name} failed and was rolled back: ${(error as Error).message}`, { cause: error });
      }
      applied.push(migration.name);
    }
    return { applied };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]).catch(() => undefined);
  }
}
