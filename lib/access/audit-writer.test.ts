import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteWorkerStore } from '../store/sqlite-worker-store';
import type { AuditEntry } from './audit';
import type { AuditLog } from './audit-log';
import { AuditWriter } from './audit-writer';

// The writer over the real store worker's audit table; `counted` only watches the calls that reach it.
let dir: string;
let store: SqliteWorkerStore;
let writes: number[];
let reports: string[];

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-audit-writer-'));
  store = await SqliteWorkerStore.open(path.join(dir, 'store.db'));
  writes = [];
  reports = [];
});

afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function counted(log: AuditLog, before?: () => Promise<void>): AuditLog {
  return {
    ...log,
    write: async (entries) => {
      writes.push(entries.length);
      await before?.();
      await log.write(entries);
    },
  };
}

const entry = (i: number): AuditEntry => ({ at: 1_800_000_000_000 + i, user: 'ann', protocol: 'amqp', peer: 'p', action: 'queue.bind', resource: `#${i}`, outcome: 'ok' });
const stored = async () => (await store.auditLog().query({ limit: 100_000 })).map((e) => e.resource).reverse();
const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);
const report = (message: string) => reports.push(message);

describe('AuditWriter', () => {
  it('turns many records into a few batched writes, in order', async () => {
    const writer = new AuditWriter(counted(store.auditLog()), { report });
    for (const i of range(1_800)) writer.record(entry(i));
    await writer.flush();
    expect(writes).toEqual([500, 500, 500, 300]);
    expect(await stored()).toEqual(range(1_800).map((i) => `#${i}`));
    await writer.close();
  });

  it('writes a partial batch once it has waited the interval, without being asked', async () => {
    const writer = new AuditWriter(counted(store.auditLog()), { flushIntervalMs: 50, report });
    for (const i of range(7)) writer.record(entry(i));
    expect(writes).toEqual([]);
    await expect.poll(stored, { timeout: 2_000 }).toHaveLength(7);
    expect(writes).toEqual([7]);
    await writer.close();
  });

  it('writes what still waits when it closes, and reports what comes after', async () => {
    const writer = new AuditWriter(store.auditLog(), { flushIntervalMs: 60_000, report });
    for (const i of range(1_234)) writer.record(entry(i));
    await writer.close();
    expect(await stored()).toHaveLength(1_234);
    writer.record(entry(9_999));
    expect(reports).toEqual(['Switchboard: 1 audit events were dropped after the audit log closed']);
  });

  it('holds at most maxPending entries while the store is slow, and says how many it dropped', async () => {
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const writer = new AuditWriter(counted(store.auditLog(), () => slow), { batchSize: 500, maxPending: 1_000, report });
    for (const i of range(1_600)) writer.record(entry(i));
    // One batch is being written and one waits: the rest did not fit.
    expect(writes).toEqual([500]);
    expect(reports).toEqual([]);
    release();
    await writer.flush();
    expect(await stored()).toEqual(range(1_000).map((i) => `#${i}`));
    expect(reports).toEqual(['Switchboard: 600 audit events were dropped while 1000 waited to be written']);
    // Room again once written.
    writer.record(entry(5_000));
    await writer.close();
    expect(await stored()).toHaveLength(1_001);
  });

  it('retries a failed write once', async () => {
    let failures = 1;
    const flaky = counted(store.auditLog(), async () => {
      if (failures-- > 0) throw new Error('disk I/O error');
    });
    const writer = new AuditWriter(flaky, { retryDelayMs: 10, report });
    for (const i of range(3)) writer.record(entry(i));
    await writer.close();
    expect(writes).toEqual([3, 3]);
    expect(await stored()).toEqual(['#0', '#1', '#2']);
    expect(reports).toEqual([]);
  });

  it('reports a batch lost when the retry fails too, and goes on with the next', async () => {
    let failures = 2;
    const failing = counted(store.auditLog(), async () => {
      if (failures-- > 0) throw new Error('database is locked');
    });
    const writer = new AuditWriter(failing, { batchSize: 2, retryDelayMs: 10, report });
    for (const i of range(3)) writer.record(entry(i));
    await writer.close();
    expect(writes).toEqual([2, 2, 1]);
    expect(reports).toEqual(['Switchboard: 2 audit events could not be written and are lost: database is locked']);
    expect(await stored()).toEqual(['#2']);
  });
});
