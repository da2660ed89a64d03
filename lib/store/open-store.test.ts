import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from './database-url';
import { openStore } from './open-store';

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

  it('says PostgreSQL is not implemented yet', async () => {
    await expect(openStore('postgresql://localhost/switchboard')).rejects.toThrow('PostgreSQL storage is not implemented yet');
  });
});
