/**
 * The audit log contract on the PostgreSQL at TEST_POSTGRES_URL (runs only when it is set), each test in a schema of
 * its own, dropped after; once on a single connection and once on a pool.
 */
import pg from 'pg';
import { describe } from 'vitest';
import { runAuditLogContract } from './audit-log-contract';
import { PostgresAuditLog } from './postgres-audit-log';
import { createMigratedTestSchema, TEST_POSTGRES_URL } from './postgres-test-schema';

/** A migrated schema of its own and a connection (or pool) to it; `reopen` connects afresh, as a restart would. */
async function openOn(kind: 'client' | 'pool') {
  const schema = await createMigratedTestSchema('switchboard_audit');
  const connect = async (): Promise<pg.Client | pg.Pool> => (kind === 'pool' ? schema.pool() : schema.client());
  let db = await connect();
  return {
    log: new PostgresAuditLog(db),
    async reopen() {
      await db.end();
      db = await connect();
      return new PostgresAuditLog(db);
    },
    close: () => schema.drop(),
  };
}

describe.runIf(TEST_POSTGRES_URL)('PostgresAuditLog (TEST_POSTGRES_URL)', () => {
  runAuditLogContract('PostgresAuditLog on one connection', () => openOn('client'));
  runAuditLogContract('PostgresAuditLog on a pool', () => openOn('pool'));
});
