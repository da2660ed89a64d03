/**
 * The audit log contract on the PostgreSQL at TEST_POSTGRES_URL (runs only when it is set), each test in a schema of
 * its own, dropped after; once on a single connection and once on a pool.
 */
import pg from 'pg';
import { describe } from 'vitest';
import { runAuditLogContract } from './audit-log-contract';
import { migratePostgres } from './migrate-postgres';
import { PostgresAuditLog } from './postgres-audit-log';
import { createTestSchema, TEST_POSTGRES_URL, type TestSchema } from './postgres-test-schema';
import { quoteIdentifier } from './postgres-url';

/** A migrated schema of its own and a connection (or pool) to it; `reopen` connects afresh, as a restart would. */
async function openOn(kind: 'client' | 'pool') {
  const target: TestSchema = await createTestSchema('switchboard_audit');
  const migrator = new pg.Client({ connectionString: target.connectionString });
  await migrator.connect();
  try {
    await migratePostgres(migrator, target.schema);
  } finally {
    await migrator.end();
  }
  const connect = async (): Promise<pg.Client | pg.Pool> => {
    const options = `-c search_path=${quoteIdentifier(target.schema)}`;
    if (kind === 'pool') return new pg.Pool({ connectionString: target.connectionString, options });
    const client = new pg.Client({ connectionString: target.connectionString, options });
    await client.connect();
    return client;
  };
  let db = await connect();
  return {
    log: new PostgresAuditLog(db),
    async reopen() {
      await db.end();
      db = await connect();
      return new PostgresAuditLog(db);
    },
    async close() {
      await db.end();
      await target.drop();
    },
  };
}

describe.runIf(TEST_POSTGRES_URL)('PostgresAuditLog (TEST_POSTGRES_URL)', () => {
  runAuditLogContract('PostgresAuditLog on one connection', () => openOn('client'));
  runAuditLogContract('PostgresAuditLog on a pool', () => openOn('pool'));
});
