import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MetricsHistory, RollupRow } from '../engine/metrics/metrics-history';
import type { SharedStore } from '../engine/store';
import { batch, message, queue, topology } from './store-contract-fixtures';
import { runStoreContract } from './store-contract';
import { SqliteWorkerStore } from './sqlite-worker-store';

function tempDatabase(): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-worker-store-'));
  return { dir, file: path.join(dir, 'store.db') };
}

runStoreContract('sqlite on a worker thread', async () => {
  const { dir, file } = tempDatabase();
  const opened: SharedStore[] = [];
  const openOne = async (): Promise<SharedStore> => {
    const store = await SqliteWorkerStore.open(file);
    opened.push(store);
    return store;
  };
  return {
    store: await openOne(),
    reopen: openOne,
    cleanup: async () => {
      for (const store of opened) await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  // The worker runs SqliteStore, whose suite goes through a vhost's view too; each start of a worker costs ~0.3 s.
}, { throughVhostView: false });

describe('SqliteWorkerStore', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Opens a worker store on a fresh file, recovers it, runs `work`, and closes it. */
  async function withStore(work: (store: SqliteWorkerStore, maxSeq: number, file: string) => Promise<void>): Promise<string> {
    const { dir, file } = tempDatabase();
    dirs.push(dir);
    const store = await SqliteWorkerStore.open(file);
    try {
      await work(store, (await store.recover()).maxSeq, file);
    } finally {
      await store.close();
    }
    return file;
  }

  it('hands payloads back as Buffers, byte for byte', async () => {
    await withStore(async (store, maxSeq) => {
      const bytes = Buffer.from([0, 255, 1, 128]);
      await store.commit(batch({ topology: [{ op: 'putQueue', queue: queue('bytes') }], inserts: [message(maxSeq + 1, 'bytes', { payload: bytes })] }));
      const [loaded] = await store.loadMessages('bytes', 0, 0, 10);
      expect(Buffer.isBuffer(loaded!.payload)).toBe(true);
      expect(loaded!.payload.equals(bytes)).toBe(true);
    });
  });

  it('keeps each vhost\'s rollups apart, `/` under its old entity names, and deletes them with their vhost', async () => {
    const row = (publish: number): RollupRow => ({
      entity: 'queue:orders',
      resolutionMs: 10_000,
      t: 10_000,
      publish,
      deliver: 0,
      ack: 0,
      redeliver: 0,
      deadLetter: 0,
      ready: publish,
      unacked: 0,
      oldestReadyAgeMs: 0,
      deliverLatency: '',
      ackLatency: '',
    });
    const publishes = async (history: MetricsHistory) => (await history.read('queue:orders', 10_000, 0, 20_000)).map((r) => r.publish);
    const file = await withStore(async (store) => {
      const [root, tenant, other] = [store.metricsHistory(), store.metricsHistory('tenant/1'), store.metricsHistory('other')];
      await root.write([row(1)]);
      await tenant.write([row(2)]);
      await other.write([row(3)]);
      expect(await publishes(root)).toEqual([1]);
      expect(await publishes(tenant)).toEqual([2]);
      expect(await tenant.latestBefore('queue:orders', 10_000, 20_000)).toEqual(row(2));

      await store.deleteVhost('tenant/1');
      expect(await publishes(tenant)).toEqual([]);
      expect(await publishes(root)).toEqual([1]);
      await store.deleteVhost('/');
      expect(await publishes(root)).toEqual([]);
      expect(await publishes(other)).toEqual([3]);
    });
    const db = new Database(file, { readonly: true });
    try {
      expect(db.prepare('SELECT entity FROM metric_rollups').pluck().all()).toEqual(['vhost:other:queue:orders']);
    } finally {
      db.close();
    }
  });

  it('rejects a failed commit with the database error, and keeps serving', async () => {
    await withStore(async (store, maxSeq) => {
      await store.commit(topology({ op: 'putQueue', queue: queue('dup') }));
      const twice = batch({ inserts: [message(maxSeq + 1, 'dup'), message(maxSeq + 1, 'dup')] });
      await expect(store.commit(twice)).rejects.toThrow(/UNIQUE/);
      await expect(store.loadMessages('dup', 0, 0, 10)).resolves.toEqual([]);
      await expect(store.commit(batch({ inserts: [message(maxSeq + 2, 'dup')] }))).resolves.toBeUndefined();
    });
  });

  it('has the WAL copied into the database file by its checkpointer, not by a commit', async () => {
    const file = await withStore(async (store, maxSeq, file) => {
      await store.commit(topology({ op: 'putQueue', queue: queue('wal') }));
      const sizeBefore = fs.statSync(file).size;
      // Well past SQLite's default checkpoint (1,000 pages) and under the writer's backstop.
      const payload = Buffer.alloc(4000, 1);
      const inserts = Array.from({ length: 2000 }, (_, i) => message(maxSeq + 1 + i, 'wal', { payload }));
      await store.commit(batch({ inserts }));
      await vi.waitFor(() => expect(fs.statSync(file).size).toBeGreaterThan(sizeBefore + 2000 * 4000), { timeout: 5000, interval: 50 });
      expect(await store.loadMessages('wal', 0, 0, 5000)).toHaveLength(2000);
    });
    expect(fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0).toBe(0);
  });

  it('fails every request once its worker thread has died, and still closes', async () => {
    await withStore(async (store) => {
      // Stands in for a crash of the thread: the proxy only sees the worker exit.
      await (store as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
      await expect(store.commit(batch())).rejects.toThrow(/storage worker stopped/);
      await expect(store.loadMessages('q', 0, 0, 1)).rejects.toThrow(/storage worker stopped/);
    });
  });

  it('refuses requests once closed, and fails to open a file it cannot create', async () => {
    const { dir, file } = tempDatabase();
    dirs.push(dir);
    const store = await SqliteWorkerStore.open(file);
    await store.close();
    await expect(store.loadJobs()).rejects.toThrow(/closed/);
    await expect(SqliteWorkerStore.open(path.join(dir, 'missing', 'dir', 'store.db'))).rejects.toThrow(/cannot open the SQLite store/);
  });
});
