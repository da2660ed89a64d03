/**
 * @module Applies prisma/migrations to a SQLite file at start, without Prisma's native engine,
 * recording each in `_prisma_migrations` exactly as Prisma does so that `prisma migrate deploy/status` agree.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { pendingMigrations, type HistoryRow } from './migration-history';
import { useIncrementalVacuum } from './sqlite-reclaim';

/** The DDL Prisma's schema engine uses for its history table on SQLite. */
const HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  name: string;
  sql: string;
  /** sha256 of the file's bytes, hex: what Prisma stores in `_prisma_migrations.checksum`. */
  checksum: string;
}

/** `prisma/migrations` under the working directory, else beside this module's project root. */
export function defaultMigrationsDir(): string {
  const candidates = [path.resolve(process.cwd(), 'prisma/migrations')];
  try {
    // Not `new URL('../..', import.meta.url)`: bundlers would try to turn that pattern into an asset.
    candidates.push(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../prisma/migrations'));
  } catch {
    // Bundlers may give this module a non-file URL; the working directory is then the only guess.
  }
  return candidates.find((dir) => fs.existsSync(dir)) ?? candidates[0];
}

/** The migrations in a directory, in the order Prisma applies them (by folder name). */
export function readMigrations(migrationsDir: string): MigrationFile[] {
  if (!fs.existsSync(migrationsDir)) throw new Error(`No migrations directory at ${migrationsDir}`);
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(migrationsDir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = fs.readFileSync(path.join(migrationsDir, name, 'migration.sql'));
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') };
    });
}

/** Prisma's SQLite adapter writes DATETIME as ISO-8601 with an explicit offset; the native engine reads it too. */
const timestamp = (date = new Date()): string => date.toISOString().replace('Z', '+00:00');

/**
 * Applies every pending migration to the SQLite file at `dbPath` (see {@link migrateDatabase}) and closes it again.
 * Also switches the file to WAL, which every Switchboard connection expects.
 */
export function migrateSqlite(dbPath: string, migrationsDir: string = defaultMigrationsDir()): { applied: string[] } {
  const db = new Database(dbPath, { timeout: 5000 });
  try {
    // Before WAL: on a new file auto_vacuum takes only while the file has no header yet (sqlite-reclaim).
    useIncrementalVacuum(db, dbPath);
    if (dbPath !== ':memory:') db.pragma('journal_mode = WAL');
    return migrateDatabase(db, migrationsDir);
  } finally {
    db.close();
  }
}

/**
 * Applies every pending migration over an open connection, each in its own transaction, and records it.
 * Idempotent; safe against a concurrent runner (each migration re-checks the history under the write lock).
 */
export function migrateDatabase(db: Database.Database, migrationsDir: string = defaultMigrationsDir()): { applied: string[] } {
  const migrations = readMigrations(migrationsDir);
  db.exec(HISTORY_TABLE);
  const history = db.prepare<[], HistoryRow>('SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations"');
  const record = db.prepare(
    `INSERT INTO "_prisma_migrations"
       (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
     VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
  );

  const applied: string[] = [];
  for (const migration of pendingMigrations(history.all(), migrations)) {
    const apply = db.transaction(() => {
      const done = history
        .all()
        .some((row) => row.migration_name === migration.name && row.finished_at !== null && row.rolled_back_at === null);
      if (done) return false;
      const startedAt = timestamp();
      db.exec(migration.sql);
      record.run(randomUUID(), migration.checksum, timestamp(), migration.name, startedAt);
      return true;
    });
    try {
      if (apply.immediate()) applied.push(migration.name);
    } catch (error) {
      throw new Error(`Migration ${migration.name} failed and was rolled back: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  return { applied };
}
