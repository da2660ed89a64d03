import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActiveProcessInfo } from '../server/standby-view';
import type { WriteBatch } from '../engine/store';
import { openStore, type EngineDatabase } from './open-store';
import { LeaseLostError, PostgresLease, type LeaseTimings } from './postgres-lease';
import { createTestSchema, TEST_POSTGRES_URL, type TestSchema } from './postgres-test-schema';
import { PostgresTestProxy } from './postgres-test-proxy';

const queue = (name: string): WriteBatch => ({
  topology: [{ op: 'putQueue', queue: { name, durable: true, autoDelete: false, arguments: {} } }],
  inserts: [],
  deliveries: [],
  deletes: [],
});

const FAST: Partial<LeaseTimings> = { pollMs: 20, heartbeatMs: 50 };

describe.runIf(TEST_POSTGRES_URL)('PostgresLease', () => {
  let schema: TestSchema;
  const opened: EngineDatabase[] = [];
  const aborts: AbortController[] = [];
  beforeEach(async () => {
    schema = await createTestSchema('switchboard_lease');
  });
  afterEach(async () => {
    for (const abort of aborts.splice(0)) abort.abort(new Error('test over'));
    for (const db of opened.splice(0)) await db.close().catch(() => undefined);
    await schema.drop();
  });

  async function becomeActive(processId: string, timings: Partial<LeaseTimings> = FAST, url = schema.url) {
    const lease = await PostgresLease.acquire(url, { identity: { processId, httpUrl: `http://${processId}`, amqpUrl: null }, timings });
    const db = await openStore(url, { session: lease.session() });
    opened.push(db);
    const previous = await lease.announce(db as EngineDatabase & Parameters<PostgresLease['announce']>[0]);
    return { lease, db, previous };
  }

  /** Stands by in the background; resolves with the lease once it is held, and reports every holder it sees. */
  function standBy(processId: string, timings: Partial<LeaseTimings> = FAST) {
    const seen: (ActiveProcessInfo | null)[] = [];
    const abort = new AbortController();
    aborts.push(abort);
    let sawHolder!: (active: ActiveProcessInfo) => void;
    const holderSeen = new Promise<ActiveProcessInfo>((resolve) => (sawHolder = resolve));
    const acquired = PostgresLease.acquire(schema.url, {
      identity: { processId, httpUrl: null, amqpUrl: null },
      timings,
      signal: abort.signal,
      onStandby: (active) => {
        seen.push(active);
        if (active) sawHolder(active);
      },
    });
    // Aborted at the end of a test that never needed it to acquire.
    acquired.catch(() => undefined);
    return { acquired, holderSeen, seen };
  }

  it('makes one process active; another stands by, names it, and takes over at once when it stops cleanly', async () => {
    const first = await becomeActive('first');
    expect(first.previous).toBeNull();
    const second = standBy('second');
    const holder = await second.holderSeen;
    expect(holder).toMatchObject({ processId: 'first', httpUrl: 'http://first' });
    expect(holder.heartbeatAgeMs).toBeLessThan(5000);
    first.lease.stop();
    await first.db.close();
    const lease = await second.acquired;
    const db = await openStore(schema.url, { session: lease.session() });
    opened.push(db);
    // It names the process it took over from, and its heartbeat owns the row now.
    expect(await lease.announce(db as never)).toMatchObject({ processId: 'first' });
    expect(lease.endedStaleHolder).toBeNull();
  });

  it('fences a paused former active: once a standby ended its stale session, it cannot commit and knows it lost', async () => {
    // "Paused": its heartbeat never moves after the announcement, as a stopped process's would not.
    const paused = await becomeActive('paused', { pollMs: 20, heartbeatMs: 3_600_000, validMs: 100 });
    await paused.db.commit(queue('before'));
    const lost = new Promise<LeaseLostError>((resolve) => paused.lease.onLost(resolve));
    const standby = standBy('standby', { pollMs: 20, heartbeatMs: 50, staleMs: 300 });
    const lease = await standby.acquired;
    expect(lease.endedStaleHolder).toMatchObject({ processId: 'paused' });
    const db = await openStore(schema.url, { session: lease.session() });
    opened.push(db);
    await lease.announce(db as never);

    // The former active wakes and writes: its session is gone, a new one cannot take the lock, nothing lands.
    await expect(paused.db.commit(queue('after-takeover'))).rejects.toThrow(LeaseLostError);
    await expect(lost).resolves.toBeInstanceOf(LeaseLostError);
    // A listener that comes after the loss (the process was still booting) hears it too.
    await expect(new Promise((resolve) => paused.lease.onLost(resolve))).resolves.toBeInstanceOf(LeaseLostError);
    expect(paused.lease.valid).toBe(false);
    await expect(paused.db.commit(queue('again'))).rejects.toThrow(/lost the active lock/);
    expect((await db.recover()).queues.map((q) => q.name)).toEqual(['before']);
  });

  it('says it is no longer valid once its last good heartbeat is older than validMs', async () => {
    const active = await becomeActive('slow', { pollMs: 20, heartbeatMs: 3_600_000, validMs: 150 });
    expect(active.lease.valid).toBe(true);
    await expect.poll(() => active.lease.valid, { interval: 20, timeout: 2000 }).toBe(false);
    expect(active.lease.lost).toBeNull();
  });

  it('takes the lock again on a new connection after the database was away, and heartbeats from it', async () => {
    const proxy = await PostgresTestProxy.start(schema.url);
    try {
      const active = await becomeActive('alone', FAST, proxy.urlThrough(schema.url));
      proxy.cut();
      await expect(active.db.commit(queue('while-away'))).rejects.toThrow();
      proxy.restore();
      await active.db.commit(queue('after'));
      // A standby sees it holding the lock, with a fresh heartbeat from its new connection.
      const standby = standBy('watcher');
      const holder = await standby.holderSeen;
      expect(holder.processId).toBe('alone');
      await expect.poll(async () => (await standBy('watcher2').holderSeen).heartbeatAgeMs, { timeout: 3000 }).toBeLessThan(500);
      expect(active.lease.lost).toBeNull();
      expect((await active.db.recover()).queues.map((q) => q.name)).toEqual(['after']);
    } finally {
      await proxy.close();
    }
  });
});
