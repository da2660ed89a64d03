/**
 * The PostgreSQL migration runner on the PostgreSQL at TEST_POSTGRES_URL (runs only when it is set; `.ci/run` sets
 * it), each test in a schema of its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deathKey } from '../engine/queue/dead-letter-tally';
import type { MessageProperties } from '../engine/types';
import { readMigrations } from './migrate';
import { defaultPostgresMigrationsDir, migratePostgres } from './migrate-postgres';
import { migrationsWith as copyWith } from './migration-fixtures';
import { createTestSchema, TEST_POSTGRES_URL, type TestSchema } from './postgres-test-schema';

const migrationsDir = defaultPostgresMigrationsDir();
const names = readMigrations(migrationsDir).map((m) => m.name);

describe.runIf(TEST_POSTGRES_URL)('migratePostgres (TEST_POSTGRES_URL)', () => {
  let target: TestSchema;
  let client: pg.Client;
  let dir: string;
  beforeEach(async () => {
    target = await createTestSchema('switchboard_migrate');
    client = new pg.Client({ connectionString: target.connectionString });
    await client.connect();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-pg-migrate-'));
  });
  afterEach(async () => {
    await client.end();
    await target.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const history = async () =>
    (await client.query(`SELECT * FROM "${target.schema}"."_prisma_migrations" ORDER BY migration_name`)).rows as {
      id: string;
      checksum: string;
      finished_at: Date | null;
      migration_name: string;
      rolled_back_at: Date | null;
      applied_steps_count: number;
    }[];
  const tables = async () =>
    (await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`, [target.schema])).rows.map(
      (row) => row.table_name as string,
    );
  const migrationsWith = (extra: Record<string, string>): string => copyWith(migrationsDir, dir, extra);

  it('applies every migration into its schema, records each as Prisma does, then nothing on the next run', async () => {
    expect(await migratePostgres(client, target.schema)).toEqual({ applied: names });
    expect(await tables()).toEqual(expect.arrayContaining(['_prisma_migrations', 'messages', 'queues', 'audit_events', 'dead_letter_tally']));
    const rows = await history();
    expect(rows.map((row) => row.migration_name)).toEqual(names);
    const files = readMigrations(migrationsDir);
    rows.forEach((row, i) => {
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.checksum).toBe(files[i].checksum);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    });
    expect(await migratePostgres(client, target.schema)).toEqual({ applied: [] });
    // Nothing went to public.
    const leaked = await client.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'message_seq_high_water'`);
    expect(leaked.rowCount).toBe(0);
  });

  it('lets two processes start at once: one migrates, the other finds it done', async () => {
    const other = new pg.Client({ connectionString: target.connectionString });
    await other.connect();
    try {
      const results = await Promise.all([migratePostgres(client, target.schema), migratePostgres(other, target.schema)]);
      expect(results.map((r) => r.applied.length).sort()).toEqual([0, names.length]);
      expect((await history()).map((row) => row.migration_name)).toEqual(names);
    } finally {
      await other.end();
    }
  });

  it('rolls a failing migration back whole and records nothing of it', async () => {
    await migratePostgres(client, target.schema);
    const broken = migrationsWith({ '99990101000000_broken': 'CREATE TABLE "half" ("id" TEXT PRIMARY KEY);\nINSERT INTO "no_such_table" VALUES (1);' });
    await expect(migratePostgres(client, target.schema, broken)).rejects.toThrow(/99990101000000_broken/);
    expect(await tables()).not.toContain('half');
    expect((await history()).map((row) => row.migration_name)).toEqual(names);
  });

  it('refuses a schema that a newer Switchboard migrated, and one with a migration left failed', async () => {
    const newer = migrationsWith({ '99990101000000_from_the_future': 'CREATE TABLE "future" ("id" TEXT PRIMARY KEY);' });
    await migratePostgres(client, target.schema, newer);
    await expect(migratePostgres(client, target.schema)).rejects.toMatchObject({ reason: 'newer_schema', migrations: ['99990101000000_from_the_future'] });

    await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ('x', 'y', '99990102000000_failed')`);
    await expect(migratePostgres(client, target.schema, newer)).rejects.toMatchObject({ reason: 'failed_migration', migrations: ['99990102000000_failed'] });
  });

  it('keys the dead-letter tally exactly as the engine does', async () => {
    await migratePostgres(client, target.schema);
    const cases: MessageProperties[] = [
      { headers: { 'x-death': [{ reason: 'rejected', queue: 'orders "eu"\n\t\u0001', exchange: '' }] } },
      { headers: { 'x-death': [{ reason: 'expired', queue: 'naïve-队列-🚀', exchange: 'x\\y', count: 2 }, { reason: 'maxlen' }] } },
      { headers: { 'x-death': [{ reason: 7, queue: null }] } },
      { headers: { 'x-death': [['not', 'an', 'object']] } },
      { headers: { 'x-death': 'not a list' } },
      { headers: { note: 'x-death' } },
      {},
    ];
    for (const properties of cases) {
      const { rows } = await client.query('SELECT "dead_letter_death_key"($1) AS key', [JSON.stringify(properties)]);
      expect(rows[0].key).toBe(deathKey({ properties }));
    }
  });
});
