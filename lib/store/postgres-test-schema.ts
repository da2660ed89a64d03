/**
 * @module For tests on PostgreSQL: a schema of their own in the database at TEST_POSTGRES_URL (one per call, so
 * runs and files never see each other's rows), dropped again by `drop()`.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migratePostgres } from './migrate-postgres';
import { parsePostgresUrl, quoteIdentifier } from './postgres-url';

export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL;

export interface TestSchema {
  /** TEST_POSTGRES_URL with `?schema=` naming the new schema: what DATABASE_URL would be. */
  url: string;
  schema: string;
  /** node-postgres's connection string (the URL without `schema`). */
  connectionString: string;
  drop(): Promise<void>;
}

export async function createTestSchema(prefix = 'switchboard_test'): Promise<TestSchema> {
  if (!TEST_POSTGRES_URL) throw new Error('TEST_POSTGRES_URL is not set');
  const { connectionString } = parsePostgresUrl(TEST_POSTGRES_URL);
  const schema = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = new URL(connectionString);
  url.searchParams.set('schema', schema);
  const admin = new pg.Client({ connectionString });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${quoteIdentifier(schema)}`);
  } finally {
    await admin.end();
  }
  return {
    url: url.toString(),
    schema,
    connectionString,
    async drop() {
      const client = new pg.Client({ connectionString });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

export interface MigratedTestSchema extends TestSchema {
  /** A new connection whose search_path is the schema (closed by `drop`). */
  client(): Promise<pg.Client>;
  /** A new pool whose connections' search_path is the schema (ended by `drop`). */
  pool(): pg.Pool;
  /** Ends every connection and pool opened here, then drops the schema. */
  drop(): Promise<void>;
}

/** A schema of its own with every migration applied, and connections into it for the store's smaller tables. */
export async function createMigratedTestSchema(prefix: string): Promise<MigratedTestSchema> {
  const target = await createTestSchema(prefix);
  const options = `-c search_path=${quoteIdentifier(target.schema)}`;
  const migrator = new pg.Client({ connectionString: target.connectionString });
  await migrator.connect();
  try {
    await migratePostgres(migrator, target.schema);
  } finally {
    await migrator.end();
  }
  const opened: (pg.Client | pg.Pool)[] = [];
  return {
    ...target,
    async client() {
      const client = new pg.Client({ connectionString: target.connectionString, options });
      await client.connect();
      opened.push(client);
      return client;
    },
    pool() {
      const pool = new pg.Pool({ connectionString: target.connectionString, options });
      opened.push(pool);
      return pool;
    },
    async drop() {
      // Ended already by a test (a restart) is fine: end() of an ended client or pool only rejects.
      await Promise.all(opened.map((db) => db.end().catch(() => undefined)));
      await target.drop();
    },
  };
}
