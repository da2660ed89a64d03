import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RECLAIM_MIN_FREE_PAGES, RECLAIM_STEP_PAGES, useIncrementalVacuum } from './sqlite-reclaim';
import { SqliteStore } from './sqlite-store';
import { batch, message, queue, topology } from './store-contract-fixtures';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-reclaim-'));
  file = path.join(dir, 'store.db');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Page figures of the database file, read on a connection of their own. */
function pages(): { pageCount: number; freelist: number; autoVacuum: number } {
  const db = new Database(file, { readonly: true });
  try {
    return {
      pageCount: db.pragma('page_count', { simple: true }) as number,
      freelist: db.pragma('freelist_count', { simple: true }) as number,
      autoVacuum: db.pragma('auto_vacuum', { simple: true }) as number,
    };
  } finally {
    db.close();
  }
}

const walBytes = () => (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);

/** Stores `count` messages of 1 KiB in a queue, a thousand per commit. */
async function fill(store: SqliteStore, name: string, count: number, firstSeq = 1): Promise<void> {
  await store.commit(topology({ op: 'putQueue', queue: queue(name) }));
  for (let start = 0; start < count; start += 1000) {
    const inserts = Array.from({ length: Math.min(1000, count - start) }, (_, i) => message(firstSeq + start + i, name, { payload: Buffer.alloc(1024, 7) }));
    await store.commit(batch({ inserts }));
  }
}

describe('space after a large delete', () => {
  it('a new database vacuums incrementally: a purge gives its pages back and truncates the WAL', async () => {
    const store = SqliteStore.open(file);
    try {
      await fill(store, 'deep', 20_000);
      const full = pages();
      expect(full.autoVacuum).toBe(2);
      expect(full.pageCount).toBeGreaterThan(5000);

      await store.commit(topology({ op: 'deleteQueueMessages', queue: 'deep', exceptSeqs: [] }));
      await store.reclaimed();

      const after = pages();
      expect(after.freelist).toBe(0);
      expect(after.pageCount).toBeLessThan(full.pageCount / 10);
      expect(walBytes()).toBe(0);
      expect(fs.statSync(file).size).toBeLessThan(full.pageCount * 4096 / 10);
    } finally {
      await store.close();
    }
  });

  it('a deleted queue gives its pages back too; the messages of other queues stay', async () => {
    const store = SqliteStore.open(file);
    try {
      await fill(store, 'gone', 10_000);
      await fill(store, 'kept', 100, 20_000);
      const full = pages();

      await store.commit(topology({ op: 'deleteQueue', name: 'gone' }));
      await store.reclaimed();

      expect(pages().pageCount).toBeLessThan(full.pageCount / 5);
      expect(walBytes()).toBe(0);
      expect(await store.loadMessages('kept', 0, 0, 1000)).toHaveLength(100);
    } finally {
      await store.close();
    }
  });

  it('gives pages back in steps: a commit made after a large purge is not held until the whole reclaim is done', async () => {
    const store = SqliteStore.open(file);
    try {
      await fill(store, 'deep', 20_000);
      await fill(store, 'other', 1, 30_000);
      await store.commit(topology({ op: 'deleteQueueMessages', queue: 'deep', exceptSeqs: [] }));
      let reclaimDone = false;
      const reclaim = store.reclaimed().then(() => (reclaimDone = true));

      await store.commit(batch({ inserts: [message(30_001, 'other')] }));
      expect(reclaimDone).toBe(false);
      expect(pages().freelist).toBeGreaterThan(RECLAIM_STEP_PAGES);

      await reclaim;
      expect(pages().freelist).toBe(0);
      expect(walBytes()).toBe(0);
      expect(await store.loadMessages('other', 0, 0, 10)).toHaveLength(2);
    } finally {
      await store.close();
    }
  });

  it('truncates the WAL once a reader of an old snapshot lets go, rather than giving up at the first refusal', async () => {
    const store = SqliteStore.open(file);
    const reader = new Database(file);
    try {
      await fill(store, 'deep', 10_000);
      // A read transaction on the state before the purge: no checkpoint can finish past it.
      reader.exec('BEGIN');
      reader.prepare('SELECT count(*) FROM sqlite_master').get();
      await store.commit(topology({ op: 'deleteQueueMessages', queue: 'deep', exceptSeqs: [] }));
      // The pages are back once the steps are done, and the truncation right after them was refused.
      await vi.waitFor(() => expect(pages().freelist).toBe(0));
      expect(walBytes()).toBeGreaterThan(0);

      reader.exec('COMMIT');
      await store.reclaimed();
      expect(walBytes()).toBe(0);
    } finally {
      reader.close();
      await store.close();
    }
  });

  it('a small delete leaves its few free pages for SQLite to reuse', async () => {
    const store = SqliteStore.open(file);
    try {
      await fill(store, 'small', 1000);
      await store.commit(topology({ op: 'deleteQueueMessages', queue: 'small', exceptSeqs: [] }));
      await store.reclaimed();
      const { freelist } = pages();
      expect(freelist).toBeGreaterThan(0);
      expect(freelist).toBeLessThan(RECLAIM_MIN_FREE_PAGES);
    } finally {
      await store.close();
    }
  });

  it('a small database made before incremental vacuum is converted once at start; its purge then gives pages back', async () => {
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE legacy (id INTEGER PRIMARY KEY)');
    old.close();
    expect(pages().autoVacuum).toBe(0);

    const store = SqliteStore.open(file);
    try {
      expect(pages().autoVacuum).toBe(2);
      await fill(store, 'deep', 10_000);
      const full = pages();
      await store.commit(topology({ op: 'deleteQueueMessages', queue: 'deep', exceptSeqs: [] }));
      await store.reclaimed();
      expect(pages().pageCount).toBeLessThan(full.pageCount / 5);
    } finally {
      await store.close();
    }
  });

  it('a database too large to rewrite at start is left as it is (its free pages are reused)', () => {
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE big (id INTEGER PRIMARY KEY, b BLOB)');
      // 65 MiB > CONVERT_MAX_BYTES
      const insert = db.prepare('INSERT INTO big (b) VALUES (?)');
      const chunk = Buffer.alloc(64 * 1024);
      db.transaction(() => {
        for (let i = 0; i < 1040; i++) insert.run(chunk);
      })();
      expect(useIncrementalVacuum(db, file)).toBe(false);
      expect(db.pragma('auto_vacuum', { simple: true })).toBe(0);
    } finally {
      db.close();
    }
  });
});
