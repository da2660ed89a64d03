/**
 * The broker on a real SQLite store that stops taking writes: SQLite's max_page_count (a full disk) and query_only
 * (a read-only file). Nothing answered with an error stays applied, operations are all-or-nothing, and writes
 * resume by themselves once the store takes them again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { settleAll, unique } from '../../tests/support/engine-helpers';
import { SqliteStore } from '../store/sqlite-store';
import { Broker } from './broker';
import type { EngineError } from './errors';

const dirs: string[] = [];
const open: Broker[] = [];

afterEach(async () => {
  for (const broker of open.splice(0)) await broker.close().catch(() => undefined);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(file?: string, headLimit = 5) {
  const path = file ?? join(dirs[dirs.push(mkdtempSync(join(tmpdir(), 'switchboard-faults-'))) - 1], 'engine.db');
  const store = SqliteStore.open(path);
  const broker = await Broker.start({ store, headLimit, metrics: false });
  open.push(broker);
  return { broker, store, path };
}

async function restart(broker: Broker, path: string) {
  open.splice(open.indexOf(broker), 1);
  await broker.close().catch(() => undefined);
  return start(path);
}

const codeOf = async (promise: Promise<unknown>) => ((await promise.then(() => undefined, (e: unknown) => e)) as EngineError | undefined)?.code;

/** Resolves once the broker takes writes again (the store is probed on a doubling wait). */
async function writableAgain(broker: Broker): Promise<void> {
  for (let i = 0; i < 200 && !broker.writable; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(broker.writable).toBe(true);
}

async function fill(broker: Broker, queue: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `m-${i}`);
  for (const id of ids) await broker.publish({ exchange: '', routingKey: queue, payload: Buffer.from(id), properties: { messageId: id } });
  return ids;
}

async function readyIds(broker: Broker, queue: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await broker.peek(queue, { limit: 100, ...(cursor ? { cursor } : {}) });
    ids.push(...page.items.map((m) => m.messageId));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
}

describe('broker on a store that cannot write', () => {
  it('disk full: publishes are refused, none answered with an error is ever found, and writes resume when space returns', async () => {
    const { broker, store, path } = await start();
    const queue = unique('full');
    await broker.declareQueue(queue);
    store.setMaxPageCount(store.pageCount() + 20);
    const payload = Buffer.alloc(8 * 1024, 1);
    const accepted: string[] = [];
    const refused: string[] = [];
    for (let i = 0; i < 200 && refused.length === 0; i++) {
      const id = `p-${i}`;
      const code = await codeOf(broker.publish({ exchange: '', routingKey: queue, payload, properties: { messageId: id } }));
      (code === undefined ? accepted : refused).push(id);
      if (code !== undefined) expect(code).toBe('unavailable');
    }
    expect(refused).toHaveLength(1);
    expect(broker.writable).toBe(false);
    expect(await codeOf(broker.publish({ exchange: '', routingKey: queue, payload, properties: { messageId: 'while-full' } }))).toBe('unavailable');
    expect(broker.getQueue(queue).messagesReady).toBe(accepted.length);

    store.setMaxPageCount(0);
    await writableAgain(broker);
    await broker.publish({ exchange: '', routingKey: queue, payload, properties: { messageId: 'after' } });
    expect(await readyIds(broker, queue)).toEqual([...accepted, 'after']);

    const again = await restart(broker, path);
    expect(await readyIds(again.broker, queue)).toEqual([...accepted, 'after']);
  });

  it('a purge whose commit fails answers unavailable and the queue keeps every message, in memory and paged', async () => {
    const { broker, store, path } = await start();
    const queue = unique('purge');
    await broker.declareQueue(queue);
    const ids = await fill(broker, queue, 12);
    store.setQueryOnly(true);
    expect(await codeOf(broker.purgeQueue(queue))).toBe('unavailable');
    expect(broker.getQueue(queue).messagesReady).toBe(12);
    store.setQueryOnly(false);
    await writableAgain(broker);
    expect(await readyIds(broker, queue)).toEqual(ids);
    const again = await restart(broker, path);
    expect(await readyIds(again.broker, queue)).toEqual(ids);
    expect(await again.broker.purgeQueue(queue)).toBe(12);
  });

  it('a purge, move or delete whose commit fails leaves the dead-letter counts and the queue\'s bytes as they were', async () => {
    const { broker, store } = await start();
    const [dlq, target] = [unique('dlq'), unique('target')];
    await broker.declareQueue(dlq);
    await broker.declareQueue(target);
    // More than the head holds (5), so some are paged out; each says where it was dead-lettered from.
    for (let i = 0; i < 9; i++) {
      const death = { reason: i % 3 === 0 ? 'expired' : 'rejected', queue: `orders-${i % 2}`, exchange: 'orders', count: 1 };
      await broker.publish({ exchange: '', routingKey: dlq, payload: Buffer.from(`d-${i}`), properties: { messageId: `d-${i}`, headers: { 'x-death': [death] } } });
    }
    const counts = await broker.deadLetterCounts(dlq);
    const { bytesReady } = broker.getQueue(dlq);
    expect(counts.total).toBe(9);
    for (const action of [() => broker.purgeQueue(dlq), () => broker.moveMessage(dlq, 'd-2', { queue: target }), () => broker.deleteMessage(dlq, 'd-7')]) {
      store.setQueryOnly(true);
      expect(await codeOf(action())).toBe('unavailable');
      store.setQueryOnly(false);
      await writableAgain(broker);
      expect(await broker.deadLetterCounts(dlq)).toEqual(counts);
      expect(broker.getQueue(dlq).bytesReady).toBe(bytesReady);
    }
    expect(await broker.purgeQueue(dlq)).toBe(9);
    expect((await broker.deadLetterCounts(dlq)).total).toBe(0);
  });

  it('a move, requeue or delete whose commit fails leaves the message where it was and no copy anywhere', async () => {
    const { broker, store, path } = await start();
    const [source, target] = [unique('source'), unique('target')];
    await broker.declareQueue(source);
    await broker.declareQueue(target);
    const ids = await fill(broker, source, 8);
    for (const [id, action] of [
      ['m-1', () => broker.moveMessage(source, 'm-1', { queue: target })],
      ['m-7', () => broker.moveMessage(source, 'm-7', { queue: target })],
      ['m-2', () => broker.requeueMessage(source, 'm-2')],
      ['m-6', () => broker.deleteMessage(source, 'm-6')],
    ] as const) {
      store.setQueryOnly(true);
      expect(await codeOf(action()), id).toBe('unavailable');
      store.setQueryOnly(false);
      await writableAgain(broker);
      expect(await readyIds(broker, source), id).toEqual(ids);
      expect(broker.getQueue(target).messagesReady, id).toBe(0);
    }
    const again = await restart(broker, path);
    expect(await readyIds(again.broker, source)).toEqual(ids);
    expect(again.broker.getQueue(target).messagesReady).toBe(0);
  });

  it('a replay whose steps fail carries on once the store writes: every message moved exactly once', async () => {
    const { broker, store } = await start();
    const [dlq, target] = [unique('dlq'), unique('target')];
    await broker.declareQueue(dlq);
    await broker.declareQueue(target);
    const ids = await fill(broker, dlq, 12);
    const job = await broker.startReplay(dlq, { to: { queue: target }, ratePerSec: 20 });
    await settleAll(2);
    store.setQueryOnly(true);
    // The store refuses a step (or the start of one): the job stays running and nothing half-moved stays.
    for (let i = 0; i < 100 && broker.writable; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(broker.writable).toBe(false);
    const during = broker.getJob(job.id);
    expect(during.status).toBe('running');
    expect(broker.getQueue(dlq).messagesReady + broker.getQueue(target).messagesReady).toBe(12);
    store.setQueryOnly(false);
    for (let i = 0; i < 400 && broker.getJob(job.id).status === 'running'; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(broker.getJob(job.id)).toMatchObject({ status: 'completed', done: 12, failed: 0 });
    expect(broker.getQueue(dlq).messagesReady).toBe(0);
    expect((await readyIds(broker, target)).sort()).toEqual([...ids].sort());
  });

  // The engine's message rule (message-limits) now refuses such a value before it reaches the store; a request the
  // store worker cannot take is still isolated at the store level (sqlite-worker-faults.test.ts).
  it('a header value the store could not write is refused at the door, alone; later writes go on', async () => {
    const { broker, path } = await start();
    const queue = unique('poison');
    await broker.declareQueue(queue);
    await fill(broker, queue, 2);
    const poisoned = broker.publish({ exchange: '', routingKey: queue, payload: Buffer.from('x'), properties: { messageId: 'poison', headers: { big: 1n as never } } });
    expect(await codeOf(poisoned)).toBe('bad_request');
    await writableAgain(broker);
    await broker.publish({ exchange: '', routingKey: queue, payload: Buffer.from('y'), properties: { messageId: 'later' } });
    expect(await readyIds(broker, queue)).toEqual(['m-0', 'm-1', 'later']);
    const again = await restart(broker, path);
    expect(await readyIds(again.broker, queue)).toEqual(['m-0', 'm-1', 'later']);
  });

  it('a message out with a consumer when its insert failed is not requeued when it comes back', async () => {
    const { broker, store } = await start();
    const queue = unique('leased');
    await broker.declareQueue(queue);
    store.setQueryOnly(true);
    const published = broker.publish({ exchange: '', routingKey: queue, payload: Buffer.from('z'), properties: { messageId: 'out' } });
    // Delivered in the same turn, before its commit fails.
    const [delivery] = await broker.receive(queue, { max: 1 });
    expect(delivery?.messageId).toBe('out');
    expect(await codeOf(published)).toBe('unavailable');
    store.setQueryOnly(false);
    await writableAgain(broker);
    await broker.nack(queue, [delivery!.deliveryTag], true);
    expect(broker.getQueue(queue)).toMatchObject({ messagesReady: 0, messagesUnacked: 0 });
  });
});
