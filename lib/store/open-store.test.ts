import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { parseDatabaseUrl } from './database-url';
import { entry } from './audit-log-contract';
import { rollup } from './metrics-history-contract';
import { openStore } from './open-store';
import { createTestSchema, TEST_POSTGRES_URL, type TestSchema } from './postgres-test-schema';
import { PostgresTestProxy } from './postgres-test-proxy';
import { createPrisma } from './prisma';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-open-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('parseDatabaseUrl', () => {
  it('defaults to ./data/switchboard.db under the working directory and creates the directory', () => {
    expect(parseDatabaseUrl('', dir)).toEqual({ kind: 'sqlite', path: path.join(dir, 'data', 'switchboard.db') });
    expect(fs.existsSync(path.join(dir, 'data'))).toBe(true);
  });

  it('reads relative, absolute and file:// SQLite URLs, ignoring options', () => {
    expect(parseDatabaseUrl('file:db/x.db', dir)).toEqual({ kind: 'sqlite', path: path.join(dir, 'db', 'x.db') });
    expect(parseDatabaseUrl(`file:${dir}/abs/y.db?connection_limit=1`, '/')).toEqual({ kind: 'sqlite', path: `${dir}/abs/y.db` });
    expect(parseDatabaseUrl(`file://${dir}/z.db`, '/')).toEqual({ kind: 'sqlite', path: `${dir}/z.db` });
    expect(parseDatabaseUrl('file::memory:', dir)).toEqual({ kind: 'sqlite', path: ':memory:' });
  });

  it('passes PostgreSQL URLs through and rejects other schemes without leaking passwords', () => {
    const pg = 'postgresql://user:secret@db.example:5432/switchboard?schema=public';
    expect(parseDatabaseUrl(pg)).toEqual({ kind: 'postgres', url: pg });
    expect(parseDatabaseUrl('postgres://localhost/sb')).toEqual({ kind: 'postgres', url: 'postgres://localhost/sb' });
    expect(() => parseDatabaseUrl('mysql://user:secret@host/db')).toThrow(/Unsupported DATABASE_URL/);
    expect(() => parseDatabaseUrl('mysql://user:secret@host/db')).not.toThrow(/secret/);
  });
});

describe('openStore', () => {
  it('opens a migrated SQLite store for a file: URL', async () => {
    const store = await openStore(`file:${path.join(dir, 'sub', 'broker.db')}`);
    try {
      expect(store.kind).toBe('sqlite');
      expect(await store.recover()).toEqual({ exchanges: [], queues: [], bindings: [], readyCounts: [], deadLetterCounts: [], maxSeq: 0 });
    } finally {
      await store.close();
    }
  });

  it('gives each vhost its Store and its metric history', async () => {
    const db = await openStore(`file:${path.join(dir, 'vhosts.db')}`);
    try {
      const tenant = db.forVhost('tenant');
      await tenant.commit({
        topology: [{ op: 'putQueue', queue: { name: 'q', durable: true, autoDelete: false, arguments: {} } }],
        inserts: [],
        deliveries: [],
        deletes: [],
      });
      expect((await tenant.recover()).queues.map((q) => q.name)).toEqual(['q']);
      expect((await db.recover()).queues).toEqual([]);
      await expect(db.metricsHistory('tenant').read('queue:q', 10_000, 0, 1)).resolves.toEqual([]);
      await db.deleteVhost('tenant');
      expect((await tenant.recover()).queues).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('refuses a PostgreSQL URL it cannot reach with the database error, password hidden', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const opening = openStore('postgresql://switchboard:secret@127.0.0.1:1/switchboard');
    await expect(opening).rejects.toThrow(/ECONNREFUSED/);
    await expect(opening).rejects.not.toThrow(/secret/);
  });
});

/** A connection of the test's own, straight to the database (not through a proxy), in the schema. */
async function connectAdmin(schema: TestSchema): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: schema.connectionString, options: `-c search_path=${schema.schema}` });
  await client.connect();
  return client;
}

describe.runIf(TEST_POSTGRES_URL)('openStore on PostgreSQL', () => {
  let schema: TestSchema;
  beforeEach(async () => {
    schema = await createTestSchema('switchboard_open');
  });
  afterEach(() => schema.drop());

  it('opens a migrated store whose vhosts, metric history, audit log and Prisma client all use the URL schema', async () => {
    const db = await openStore(schema.url);
    const prisma = createPrisma(schema.url);
    try {
      expect(db.kind).toBe('postgres');
      const tenant = db.forVhost('tenant');
      await tenant.commit({ topology: [{ op: 'putQueue', queue: { name: 'q', durable: true, autoDelete: false, arguments: {} } }], inserts: [], deliveries: [], deletes: [] });
      expect((await tenant.recover()).queues.map((q) => q.name)).toEqual(['q']);
      expect((await db.recover()).queues).toEqual([]);
      const row = rollup('queue:q', 10_000, 10_000, { publish: 1, ready: 1 });
      await db.metricsHistory('tenant').write([row]);
      expect(await db.metricsHistory('tenant').read('queue:q', 10_000, 0, 20_000)).toEqual([row]);
      expect(await db.metricsHistory().read('queue:q', 10_000, 0, 20_000)).toEqual([]);
      await db.auditLog().write([entry(5, { action: 'queue.create' })]);
      expect((await db.auditLog().query({ limit: 10 })).map((event) => event.action)).toEqual(['queue.create']);
      // Prisma reads the same schema's tables: the migration made them, empty.
      expect(await prisma.user.count()).toBe(0);
      await db.deleteVhost('tenant');
      expect((await tenant.recover()).queues).toEqual([]);
    } finally {
      await prisma.$disconnect();
      await db.close();
    }
  });

  it('rejects a metric write whose connection is lost mid-transaction, and does not crash the process', async () => {
    const proxy = await PostgresTestProxy.start(schema.url);
    const db = await openStore(proxy.urlThrough(schema.url));
    const admin = await connectAdmin(schema);
    try {
      // The write waits on the table's lock while it holds a pooled connection; then the database goes away.
      await admin.query('BEGIN');
      await admin.query('LOCK TABLE metric_rollups IN ACCESS EXCLUSIVE MODE');
      const write = db.metricsHistory().write([rollup('queue:q', 10_000, 10_000, { publish: 1 })]);
      write.catch(() => undefined);
      await expect
        .poll(async () => {
          // Statistics views are a snapshot per transaction, and this one holds the lock open.
          await admin.query('SELECT pg_stat_clear_snapshot()');
          const waiting = await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE 'LOCK TABLE metric_rollups%'");
          return waiting.rows[0].n;
        })
        .toBe(1);
      proxy.cut();
      await expect(write).rejects.toThrow();
    } finally {
      await admin.query('ROLLBACK').catch(() => undefined);
      await admin.end();
      await db.close();
      await proxy.close();
    }
  });

  it('reports a fault while the database is away, refuses the writes, and clears it by itself once it is back', async () => {
    const proxy = await PostgresTestProxy.start(schema.url);
    const db = await openStore(proxy.urlThrough(schema.url));
    const faults: (string | null)[] = [];
    let faulted!: () => void;
    let cleared!: () => void;
    const faultSeen = new Promise<void>((resolve) => (faulted = resolve));
    const clearSeen = new Promise<void>((resolve) => (cleared = resolve));
    db.onFault((reason) => {
      faults.push(reason);
      (reason === null ? cleared : faulted)();
    });
    const batch = { topology: [{ op: 'putQueue' as const, queue: { name: 'later', durable: true, autoDelete: false, arguments: {} } }], inserts: [], deliveries: [], deletes: [] };
    try {
      proxy.cut();
      await expect(db.commit(batch)).rejects.toThrow();
      await faultSeen;
      proxy.restore();
      await clearSeen;
      expect(faults).toEqual([expect.stringMatching(/^the PostgreSQL store cannot write: /), null]);
      await db.commit(batch);
      expect((await db.recover()).queues.map((q) => q.name)).toEqual(['later']);
    } finally {
      await db.close();
      await proxy.close();
    }
  });
});
