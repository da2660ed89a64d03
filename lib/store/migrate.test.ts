import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateSqlite, readMigrations } from './migrate';
import { migrationsWith as copyWith } from './migration-fixtures';

const root = fileURLToPath(new URL('../..', import.meta.url));
const migrationsDir = path.join(root, 'prisma/migrations');
/** The development stand-in for Prisma's native schema engine (see PRISMA.md); users' machines lack it. */
const schemaEngine = path.resolve(root, '../shared/tools/prisma-schema-engine.mjs');
const hasSchemaEngine = fs.existsSync(schemaEngine);

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-migrate-'));
  file = path.join(dir, 'test.db');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

interface HistoryRow {
  id: string;
  checksum: string;
  finished_at: string | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: string | null;
  started_at: string;
  applied_steps_count: number;
}

const history = (dbFile: string): HistoryRow[] => {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare<[], HistoryRow>('SELECT * FROM _prisma_migrations ORDER BY migration_name').all();
  } finally {
    db.close();
  }
};

const tables = (dbFile: string): string[] => {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => row.name);
  } finally {
    db.close();
  }
};

/** A copy of the project's migrations plus `extra` ones, to test upgrades. */
const migrationsWith = (extra: Record<string, string>): string => copyWith(migrationsDir, dir, extra);

describe('migrateSqlite', () => {
  const names = readMigrations(migrationsDir).map((m) => m.name);

  it('applies every migration to a fresh file, then nothing on the next run', () => {
    expect(names.length).toBeGreaterThan(0);
    expect(migrateSqlite(file, migrationsDir)).toEqual({ applied: names });
    expect(migrateSqlite(file, migrationsDir)).toEqual({ applied: [] });
    expect(tables(file)).toEqual(
      expect.arrayContaining(['_prisma_migrations', 'bindings', 'exchanges', 'jobs', 'messages', 'metric_rollups', 'queues', 'sessions']),
    );
  });

  it('records each migration as Prisma does: uuid, sha256 of the file, timestamps, one step', () => {
    migrateSqlite(file, migrationsDir);
    const rows = history(file);
    expect(rows.map((row) => row.migration_name)).toEqual(names);
    for (const row of rows) {
      const bytes = fs.readFileSync(path.join(migrationsDir, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(Date.parse(row.started_at)).not.toBeNaN();
      expect(Date.parse(row.finished_at!)).toBeGreaterThanOrEqual(Date.parse(row.started_at));
    }
  });

  it('leaves the file in WAL mode', () => {
    migrateSqlite(file, migrationsDir);
    const db = new Database(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('applies only the migrations that are new', () => {
    migrateSqlite(file, migrationsDir);
    const upgraded = migrationsWith({ '99990101000000_add_notes': 'CREATE TABLE "notes" ("id" TEXT NOT NULL PRIMARY KEY);' });
    expect(migrateSqlite(file, upgraded)).toEqual({ applied: ['99990101000000_add_notes'] });
    expect(tables(file)).toContain('notes');
    expect(history(file).map((row) => row.migration_name)).toEqual([...names, '99990101000000_add_notes']);
  });

  it('rolls a failing migration back whole and records nothing of it', () => {
    migrateSqlite(file, migrationsDir);
    const broken = migrationsWith({
      '99990101000000_broken': 'CREATE TABLE "half" ("id" TEXT PRIMARY KEY);\nINSERT INTO "no_such_table" VALUES (1);',
    });
    expect(() => migrateSqlite(file, broken)).toThrow(/99990101000000_broken/);
    expect(tables(file)).not.toContain('half');
    expect(history(file).map((row) => row.migration_name)).toEqual(names);
  });

  it('refuses to start over a migration that Prisma recorded as failed', () => {
    migrateSqlite(file, migrationsDir);
    const db = new Database(file);
    db.prepare(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at)
       VALUES ('x', 'y', '99990101000000_failed', '2024-01-01')`,
    ).run();
    db.close();
    expect(() => migrateSqlite(file, migrationsDir)).toThrow(/99990101000000_failed/);
  });

  it('refuses a database that a newer Switchboard migrated, and writes nothing to it', () => {
    const newer = migrationsWith({ '99990101000000_from_the_future': 'CREATE TABLE "future" ("id" TEXT NOT NULL PRIMARY KEY);' });
    migrateSqlite(file, newer);
    const before = history(file);
    expect(() => migrateSqlite(file, migrationsDir)).toThrow(
      expect.objectContaining({ reason: 'newer_schema', migrations: ['99990101000000_from_the_future'] }),
    );
    expect(history(file)).toEqual(before);
  });
});

// Prisma's CLI needs its schema engine, which is only on development machines (the stand-in in ../shared/tools).
const withSchemaEngine = 'migrateSqlite agrees with Prisma migrate (runs only where the stand-in schema engine in ../shared/tools exists)';
describe.runIf(hasSchemaEngine)(withSchemaEngine, () => {
  const prismaCli = path.join(path.dirname(createRequire(import.meta.url).resolve('prisma/package.json')), 'build/index.js');
  const prisma = (...args: string[]) => {
    const result = spawnSync(process.execPath, [prismaCli, ...args], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, DATABASE_URL: `file:${file}`, PRISMA_SCHEMA_ENGINE_BINARY: schemaEngine },
    });
    return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
  };

  it('prisma migrate status and deploy see a database migrated by the runner as up to date', { timeout: 60_000 }, () => {
    migrateSqlite(file, migrationsDir);
    const status = prisma('migrate', 'status');
    expect(status.output).toContain('Database schema is up to date!');
    expect(status.status).toBe(0);
    const deploy = prisma('migrate', 'deploy');
    expect(deploy.output).toContain('No pending migrations to apply.');
    expect(deploy.status).toBe(0);
  });

  it('the runner sees a database migrated by prisma migrate deploy as up to date', { timeout: 60_000 }, () => {
    const deploy = prisma('migrate', 'deploy');
    expect(deploy.status, deploy.output).toBe(0);
    const prismaRows = history(file);
    expect(migrateSqlite(file, migrationsDir)).toEqual({ applied: [] });
    expect(prismaRows.map((row) => row.checksum)).toEqual(readMigrations(migrationsDir).map((m) => m.checksum));
  });
});
