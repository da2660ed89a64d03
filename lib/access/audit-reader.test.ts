import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteWorkerStore } from '../store/sqlite-worker-store';
import { AccessDirectory } from './access-directory';
import { AccessPolicy } from './access-policy';
import type { AccessRepository, AccessSnapshot } from './access-repository';
import type { AuditEntry } from './audit';
import { startAuditRetention } from './audit-retention';
import { decodeAuditCursor, encodeAuditCursor } from './audit-reader';
import { startAudit, type AuditServices } from './audit-services';
import { auditVisibility, visibleAuditFilter } from './audit-visibility';

// Reader, writer and prune together, as boot starts them, over the real store worker.
let dir: string;
let store: SqliteWorkerStore;
let audit: AuditServices | undefined;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-audit-reader-'));
  store = await SqliteWorkerStore.open(path.join(dir, 'store.db'));
});

afterEach(async () => {
  await audit?.stop();
  audit = undefined;
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const DAY = 24 * 60 * 60 * 1000;
const NOW = 1_800_000_000_000;
const entry = (at: number, user = 'ann', action = 'queue.purge'): AuditEntry => ({ at, user, protocol: 'console', peer: 'p', action, outcome: 'ok' });

describe('the audit reader', () => {
  it('pages with an opaque cursor, and sees entries the writer still holds', async () => {
    audit = startAudit(store.auditLog(), { retentionDays: 90, flushIntervalMs: 60_000, now: () => NOW });
    for (let i = 0; i < 25; i++) audit.writer.record(entry(NOW - i * 1000, i % 2 ? 'bob' : 'ann'));
    const first = await audit.reader.query({ limit: 10 });
    expect(first.events.map((e) => e.at)).toEqual(Array.from({ length: 10 }, (_, i) => NOW - i * 1000));
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await audit.reader.query({ limit: 10, cursor: first.nextCursor! });
    const third = await audit.reader.query({ limit: 10, cursor: second.nextCursor! });
    expect(third.events).toHaveLength(5);
    expect(third.nextCursor).toBeNull();
    expect(new Set([...first.events, ...second.events, ...third.events].map((e) => e.id)).size).toBe(25);
    const bobs = await audit.reader.query({ user: 'bob', limit: 12 });
    expect(bobs).toMatchObject({ events: expect.any(Array), nextCursor: null });
    expect(bobs.events).toHaveLength(12);
  });

  it('answers a cursor it did not hand out as bad_request', async () => {
    audit = startAudit(store.auditLog(), { retentionDays: 90, now: () => NOW });
    for (const cursor of ['nonsense', encodeAuditCursor({ at: 1, id: 2 }).slice(1), Buffer.from('1.2.3').toString('base64url')]) {
      await expect(audit.reader.query({ cursor })).rejects.toMatchObject({ name: 'EngineError', code: 'bad_request' });
    }
    expect(decodeAuditCursor(encodeAuditCursor({ at: NOW, id: 7 }))).toEqual({ at: NOW, id: 7 });
  });
});

describe('audit retention', () => {
  it('prunes what is older than the retention at start, and again on each interval', async () => {
    let now = NOW;
    await store.auditLog().write([entry(NOW - 91 * DAY), entry(NOW - 89 * DAY), entry(NOW - 2 * DAY), entry(NOW)]);
    audit = startAudit(store.auditLog(), { retentionDays: 90, pruneIntervalMs: 50, now: () => now });
    const left = async () => (await audit!.reader.query({})).events.map((e) => Math.round((NOW - e.at) / DAY));
    await expect.poll(left, { timeout: 2_000 }).toEqual([0, 2, 89]);
    now = NOW + 2 * DAY;
    await expect.poll(left, { timeout: 2_000 }).toEqual([0, 2]);
  });

  it('prunes in chunks until nothing old is left', async () => {
    const old = Array.from({ length: 12_345 }, (_, i) => entry(NOW - 100 * DAY - i));
    await store.auditLog().write([...old, entry(NOW)]);
    const retention = startAuditRetention(store.auditLog(), { retentionDays: 90, intervalMs: DAY, now: () => NOW });
    try {
      // Called before the start's own prune fires, which then joins this one rather than running twice.
      expect(await retention.pruneNow()).toBe(12_345);
      expect(await store.auditLog().query({ limit: 10 })).toEqual([expect.objectContaining({ at: NOW })]);
    } finally {
      await retention.stop();
    }
  });
});

describe('audit visibility', () => {
  const snapshot: AccessSnapshot = {
    users: [
      { name: 'root', tags: ['administrator'] },
      { name: 'watch', tags: ['monitoring'] },
      { name: 'app', tags: ['management'] },
    ],
    vhosts: [{ name: '/', description: '' }],
    permissions: [],
    apiKeys: [],
  };
  const policy = async () => new AccessPolicy(await AccessDirectory.load({ load: async () => snapshot } as unknown as AccessRepository));
  const principal = (user: string) => ({ user, tags: snapshot.users.find((u) => u.name === user)!.tags });

  it("shows administrators and monitoring users everyone's events, others only their own", async () => {
    const p = await policy();
    expect(auditVisibility(principal('root'), p)).toEqual({});
    expect(auditVisibility(principal('watch'), p)).toEqual({});
    expect(auditVisibility(principal('app'), p)).toEqual({ user: 'app' });
    expect(visibleAuditFilter({}, { user: 'app', action: 'queue.*' })).toEqual({ user: 'app', action: 'queue.*' });
    expect(visibleAuditFilter({ user: 'app' }, { action: 'login' })).toEqual({ user: 'app', action: 'login' });
    expect(visibleAuditFilter({ user: 'app' }, { user: 'app' })).toEqual({ user: 'app' });
    expect(() => visibleAuditFilter({ user: 'app' }, { user: 'root' })).toThrow("user 'app' may read only its own audit events");
  });
});
