import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { settle, text } from '../../../tests/support/engine-fixture';
import { counts, drain, settleAll, unique } from '../../../tests/support/engine-helpers';
import { SqliteStore } from '../../store/sqlite-store';
import { Broker } from '../broker';
import { FakeClock } from '../clock';
import type { WriteBatch } from '../store';

const dirs: string[] = [];
const abandoned: SqliteStore[] = [];
afterEach(() => {
  for (const store of abandoned.splice(0)) void store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A broker on its own fake timers; `crash()` just stops running them and abandons it, writes pending in memory are lost. */
async function open(dbPath: string, clock: FakeClock, batches: WriteBatch[] = []) {
  const store = SqliteStore.open(dbPath);
  const commit = store.commit.bind(store);
  store.commit = async (batch) => {
    batches.push(structuredClone(batch));
    await commit(batch);
  };
  const timers = new Set<{ at: number; run: () => void }>();
  const setTimer = (run: () => void, ms: number) => {
    const timer = { at: clock.now() + ms, run };
    timers.add(timer);
    return () => void timers.delete(timer);
  };
  const broker = await Broker.start({ store, clock, autoTick: false, setTimer, headLimit: 8 });
  return {
    broker,
    async advance(ms: number) {
      clock.advance(ms);
      for (const timer of [...timers]) if (timer.at <= clock.now()) (timers.delete(timer), timer.run());
      broker.tick();
      await settle();
    },
    crash() {
      timers.clear();
      abandoned.push(store);
    },
  };
}

async function deadLetters(broker: Broker, count: number) {
  const exchange = unique('orders');
  const work = unique('work');
  const dlx = unique('dlx');
  const dlq = unique('dlq');
  await broker.declareExchange(exchange, { type: 'direct' });
  await broker.declareExchange(dlx, { type: 'fanout' });
  await broker.declareQueue(dlq);
  await broker.bind({ source: dlx, destination: dlq });
  await broker.declareQueue(work, { arguments: { deadLetterExchange: dlx } });
  await broker.bind({ source: exchange, destination: work, routingKey: 'work' });
  for (let i = 0; i < count; i++) await broker.publish({ exchange, routingKey: 'work', payload: text(`p-${i}`), properties: { messageId: `m-${i}` } });
  const deliveries = await drain(broker, work, count);
  await broker.nack(work, deliveries.map((d) => d.deliveryTag), false);
  await settleAll();
  return { work, dlq };
}

describe('moves and replays are atomic, even across a crash', () => {
  it('commits each copy, the deletion of its original and the job progress in the same transaction', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-replay-'));
    dirs.push(dir);
    const batches: WriteBatch[] = [];
    const node = await open(join(dir, 'db'), new FakeClock(), batches);
    const { dlq } = await deadLetters(node.broker, 12);
    batches.length = 0;
    const { id } = await node.broker.startReplay(dlq, { ratePerSec: 30 });
    for (let i = 0; i < 20 && node.broker.getJob(id).status === 'running'; i++) await node.advance(100);
    expect(node.broker.getJob(id)).toMatchObject({ status: 'completed', done: 12 });
    let doneSoFar = 0;
    for (const batch of batches) {
      const jobWrites = batch.topology.filter((w) => w.op === 'putJob');
      const inserted = batch.inserts.length;
      if (inserted === 0) continue;
      expect(batch.deletes.length).toBe(inserted);
      const last = jobWrites.at(-1);
      expect(last?.op === 'putJob' && last.job.done).toBe(doneSoFar + inserted);
      doneSoFar += inserted;
    }
    expect(doneSoFar).toBe(12);
    await node.broker.close();
  });

  it('a single-message move commits the copy and the deletion of the original together, also when it starts a page-in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-move-'));
    dirs.push(dir);
    const batches: WriteBatch[] = [];
    const node = await open(join(dir, 'db'), new FakeClock(), batches);
    const source = unique('src');
    const target = unique('dst');
    await node.broker.declareQueue(source);
    await node.broker.declareQueue(target);
    for (let i = 0; i < 20; i++) await node.broker.publish({ exchange: '', routingKey: source, payload: text(`p-${i}`), properties: { messageId: `m-${i}` } });
    await settleAll();
    batches.length = 0;
    for (let i = 0; i < 20; i++) await node.broker.moveMessage(source, `m-${i}`, { queue: target });
    await settleAll();
    const moves = batches.filter((b) => b.inserts.length || b.deletes.length);
    expect(moves.reduce((n, b) => n + b.inserts.length, 0)).toBe(20);
    for (const batch of moves) expect(batch.deletes.length).toBe(batch.inserts.length);
    expect(counts(node.broker, target).ready).toBe(20);
    await node.broker.close();
  });

  it('after a crash mid-job the job resumes from what was committed: every message exactly once, counters exact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-replay-'));
    dirs.push(dir);
    const dbPath = join(dir, 'db');
    const clock = new FakeClock();
    const first = await open(dbPath, clock);
    const { work, dlq } = await deadLetters(first.broker, 50);
    const { id } = await first.broker.startReplay(dlq, { ratePerSec: 20 });
    for (let i = 0; i < 8; i++) await first.advance(100);
    // One more step starts and the process dies before its commit lands.
    clock.advance(100);
    first.crash();

    const second = await open(dbPath, clock);
    await settleAll();
    const recovered = second.broker.getJob(id);
    expect(recovered.status).toBe('running');
    expect(recovered.done).toBeGreaterThan(0);
    expect(recovered.done).toBeLessThan(50);
    expect(counts(second.broker, work).ready).toBe(recovered.done);
    expect(counts(second.broker, dlq).ready).toBe(50 - recovered.done);

    for (let i = 0; i < 100 && second.broker.getJob(id).status === 'running'; i++) await second.advance(100);
    expect(second.broker.getJob(id)).toMatchObject({ status: 'completed', total: 50, done: 50, skipped: 0, failed: 0 });
    const all = await drain(second.broker, work, 50);
    expect(all.map((d) => d.messageId).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `m-${i}`).sort());
    expect(counts(second.broker, dlq).ready).toBe(0);
    await second.broker.close();
  });
});
