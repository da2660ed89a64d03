/**
 * The worker-thread store when things go wrong: a worker that dies is started again and its callers hear errors;
 * a store that cannot write reports a fault until a probe write lands; a file it cannot write fails at open.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Broker } from '../engine/broker';
import { batch, message, queue } from './store-contract-fixtures';
import { SqliteWorkerStore } from './sqlite-worker-store';

const dirs: string[] = [];
const stores: SqliteWorkerStore[] = [];

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close().catch(() => undefined);
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function openStore(options: { maxPageCount?: number } = {}): Promise<{ store: SqliteWorkerStore; file: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-worker-faults-'));
  dirs.push(dir);
  const file = path.join(dir, 'store.db');
  const store = await SqliteWorkerStore.open(file, undefined, options);
  stores.push(store);
  return { store, file };
}

/** Waits for the next fault change the store reports. */
function nextFault(store: SqliteWorkerStore): Promise<string | null> {
  return new Promise((resolve) => {
    const stop = store.onFault((reason) => {
      stop();
      resolve(reason);
    });
  });
}

describe('SqliteWorkerStore faults', () => {
  it('a killed worker fails what it held, reports the fault, restarts, and what was committed is intact', { timeout: 60_000 }, async () => {
    const { store } = await openStore();
    const { maxSeq } = await store.recover();
    await store.commit(batch({ topology: [{ op: 'putQueue', queue: queue('kept') }], inserts: [message(maxSeq + 1, 'kept')] }));

    const reported = nextFault(store);
    const killed = store.currentWorker!;
    await killed.terminate();
    expect(await reported).toMatch(/storage worker stopped/);
    await expect(store.loadMessages('kept', 0, 0, 10)).rejects.toThrow(/restarting/);

    // Restarted by itself: the fault clears and the committed message is there.
    expect(await nextFault(store)).toBeNull();
    expect(store.currentWorker).not.toBe(killed);
    expect((await store.loadMessages('kept', 0, 0, 10)).map((m) => m.seq)).toEqual([maxSeq + 1]);
    await store.commit(batch({ inserts: [message(maxSeq + 2, 'kept')] }));
    expect(await store.loadMessages('kept', 0, 0, 10)).toHaveLength(2);
  });

  it('a full database reports the fault on the failed write, probes, and clears once there is room again', { timeout: 60_000 }, async () => {
    const { store } = await openStore();
    const { maxSeq } = await store.recover();
    await store.commit(batch({ topology: [{ op: 'putQueue', queue: queue('full') }] }));
    await store.setMaxPageCount((await store.pageCount()) + 4);
    const reported = nextFault(store);
    const big = Buffer.alloc(16 * 1024, 7);
    // Fills what is left (free pages included) until a commit is refused.
    let seq = maxSeq;
    let refused: Error | undefined;
    for (let i = 0; i < 100 && !refused; i++) {
      refused = await store.commit(batch({ inserts: [message(++seq, 'full', { payload: big })] })).then(() => undefined, (e: Error) => e);
    }
    expect(refused?.message).toMatch(/full/);
    const stored = await store.loadMessages('full', 0, 0, 1000);
    expect(await reported).toMatch(/storage cannot write: .*full/);
    expect(store.fault).toMatch(/full/);
    await expect(store.probe()).rejects.toThrow(/full/);

    const cleared = nextFault(store);
    await store.setMaxPageCount(0);
    expect(await cleared).toBeNull();
    await store.commit(batch({ inserts: [message(seq + 1, 'full', { payload: big })] }));
    expect((await store.loadMessages('full', 0, 0, 1000)).map((m) => m.seq)).toEqual([...stored.map((m) => m.seq), seq + 1]);
  });

  it('a request the worker cannot be handed fails alone; the worker carries on', { timeout: 60_000 }, async () => {
    const { store } = await openStore();
    const { maxSeq } = await store.recover();
    await store.commit(batch({ topology: [{ op: 'putQueue', queue: queue('q') }] }));
    const unclonable = message(maxSeq + 1, 'q', { properties: { headers: { f: (() => 1) as never } } });
    await expect(store.commit(batch({ inserts: [unclonable] }))).rejects.toThrow(/could not be handed to the storage worker/);
    await store.commit(batch({ inserts: [message(maxSeq + 2, 'q')] }));
    expect((await store.loadMessages('q', 0, 0, 10)).map((m) => m.seq)).toEqual([maxSeq + 2]);
  });

  it('refuses to open a database it cannot write, with the reason', { timeout: 60_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-worker-faults-'));
    dirs.push(dir);
    const blocker = path.join(dir, 'not-a-dir');
    fs.writeFileSync(blocker, '');
    await expect(SqliteWorkerStore.open(path.join(blocker, 'store.db'))).rejects.toThrow(/cannot open the SQLite store at .*store\.db: /);
  });

  it('a broker whose worker is killed under publishing: refused publishes never appear, confirmed ones all do', { timeout: 60_000 }, async () => {
    const { store, file } = await openStore();
    const broker = await Broker.start({ store, metrics: false });
    await broker.declareQueue('steady');
    const confirmed: string[] = [];
    const refused: string[] = [];
    const publish = async (id: string) => {
      const outcome = await broker.publish({ exchange: '', routingKey: 'steady', payload: Buffer.from(id), properties: { messageId: id } }).then(
        () => 'ok',
        (error: { code?: string }) => error.code,
      );
      if (outcome === 'ok') confirmed.push(id);
      else {
        expect(outcome).toBe('unavailable');
        refused.push(id);
      }
    };
    const restarted = nextFault(store).then(() => nextFault(store));
    let n = 0;
    const publishing = (async () => {
      for (let round = 0; round < 400 && (refused.length === 0 || !broker.writable); round++) {
        await Promise.all(Array.from({ length: 10 }, () => publish(`m-${n++}`)));
        if (round === 5) void store.currentWorker!.terminate();
      }
    })();
    expect(await restarted).toBeNull();
    await publishing;
    expect(refused.length).toBeGreaterThan(0);
    for (let i = 0; i < 200 && !broker.writable; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    await publish('after');
    expect(confirmed).toContain('after');
    const ready = await broker.peek('steady', { limit: 10_000 });
    expect(ready.items.map((m) => m.messageId)).toEqual(confirmed);
    await broker.close();
    stores.splice(stores.indexOf(store), 1);
    const reopened = await SqliteWorkerStore.open(file);
    stores.push(reopened);
    const again = await Broker.start({ store: reopened, metrics: false });
    expect((await again.peek('steady', { limit: 10_000 })).items.map((m) => m.messageId)).toEqual(confirmed);
    await again.close();
    stores.splice(stores.indexOf(reopened), 1);
  });
});
