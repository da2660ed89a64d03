import { afterEach, describe, expect, it } from 'vitest';
import type { Broker } from '@/lib/engine';
import { startEngine, type EngineFixture } from '../../tests/support/engine-fixture';
import { send } from '../../tests/support/engine-helpers';
import { ApiError } from './errors';
import { listQueues, pageOfQueues, type ListableQueue } from './queue-list';
import { QUEUE_SORT_KEYS, type QueueSort } from './schemas/queues';

const q = (name: string, messages = 0, consumers = 0, extra: Partial<ListableQueue> = {}): ListableQueue => ({
  name,
  messages,
  messagesReady: messages,
  messagesUnacked: 0,
  consumers,
  oldestReadyAgeMs: null,
  rates: { publish: 0, deliver: 0, ack: 0 },
  ...extra,
});

const queues = [q('orders', 5, 1), q('billing', 9, 0), q('Audit', 5, 2), q('emails', 0, 3), q('orders.dlq', 1, 0)];
const names = (items: ListableQueue[]) => items.map((i) => i.name);

describe('listQueues', () => {
  it('sorts by name by default (code point order) and pages with an opaque cursor', () => {
    const first = listQueues(queues, { sort: 'name', limit: 2 });
    expect(names(first.items)).toEqual(['Audit', 'billing']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = listQueues(queues, { sort: 'name', limit: 2, cursor: first.nextCursor });
    expect(names(second.items)).toEqual(['emails', 'orders']);
    const third = listQueues(queues, { sort: 'name', limit: 2, cursor: second.nextCursor });
    expect(names(third.items)).toEqual(['orders.dlq']);
    expect(third.nextCursor).toBeUndefined();
  });

  it('gives no cursor when the page holds the rest exactly', () => {
    expect(listQueues(queues, { sort: 'name', limit: 5 }).nextCursor).toBeUndefined();
  });

  it('sorts by a number, ties by name, and descending with a leading -', () => {
    expect(names(listQueues(queues, { sort: 'messages', limit: 10 }).items)).toEqual(['emails', 'orders.dlq', 'Audit', 'orders', 'billing']);
    expect(names(listQueues(queues, { sort: '-messages', limit: 10 }).items)).toEqual(['billing', 'Audit', 'orders', 'orders.dlq', 'emails']);
    expect(names(listQueues(queues, { sort: '-consumers', limit: 10 }).items)).toEqual(['emails', 'Audit', 'orders', 'billing', 'orders.dlq']);
  });

  it('pages through equal sort values without losing or repeating any', () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = listQueues(queues, { sort: '-messages', limit: 1, cursor });
      seen.push(...names(page.items));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['billing', 'Audit', 'orders', 'orders.dlq', 'emails']);
  });

  it('continues after the cursor even when the list changed in between', () => {
    const first = listQueues(queues, { sort: 'name', limit: 2 });
    const changed = [...queues.filter((x) => x.name !== 'billing'), q('cats')];
    expect(names(listQueues(changed, { sort: 'name', limit: 10, cursor: first.nextCursor }).items)).toEqual(['cats', 'emails', 'orders', 'orders.dlq']);
  });

  it('searches case-insensitively in the name', () => {
    expect(names(listQueues(queues, { sort: 'name', limit: 10, search: 'ORDERS' }).items)).toEqual(['orders', 'orders.dlq']);
    expect(listQueues(queues, { sort: 'name', limit: 10, search: 'nothing' }).items).toEqual([]);
  });

  it('refuses a cursor that is garbage or belongs to another sort', () => {
    expect(() => listQueues(queues, { sort: 'name', limit: 2, cursor: 'not-a-cursor' })).toThrow(ApiError);
    const byMessages = listQueues(queues, { sort: 'messages', limit: 1 }).nextCursor;
    expect(() => listQueues(queues, { sort: 'name', limit: 1, cursor: byMessages })).toThrow(/another sort/);
    const wrongShape = Buffer.from(JSON.stringify({ s: 'name', v: {} })).toString('base64url');
    expect(() => listQueues(queues, { sort: 'name', limit: 1, cursor: wrongShape })).toThrow(/not valid/);
  });

  describe('by rates and the oldest ready age', () => {
    const r = (publish: number, deliver: number, ack: number) => ({ rates: { publish, deliver, ack } });
    const live = [
      q('a', 0, 0, { ...r(2.5, 0, 1), oldestReadyAgeMs: 500 }),
      q('b', 0, 0, { ...r(0.1, 3, 1), oldestReadyAgeMs: null }),
      q('c', 0, 0, { ...r(2.5, 1.25, 0), oldestReadyAgeMs: 0 }),
      q('d', 0, 0, { ...r(0, 1.25, 4), oldestReadyAgeMs: 500 }),
      q('e', 0, 0, { ...r(7, 0, 1), oldestReadyAgeMs: null }),
    ];
    const sorted = (sort: QueueSort) => names(listQueues(live, { sort, limit: 10 }).items);
    const paged = (sort: QueueSort) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = listQueues(live, { sort, limit: 1, cursor });
        seen.push(...names(page.items));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };

    it('sorts by publishRate, ties by name', () => {
      expect(sorted('publishRate')).toEqual(['d', 'b', 'a', 'c', 'e']);
      expect(sorted('-publishRate')).toEqual(['e', 'a', 'c', 'b', 'd']);
    });

    it('sorts by deliverRate, ties by name', () => {
      expect(sorted('deliverRate')).toEqual(['a', 'e', 'c', 'd', 'b']);
      expect(sorted('-deliverRate')).toEqual(['b', 'c', 'd', 'a', 'e']);
    });

    it('sorts by ackRate, ties by name', () => {
      expect(sorted('ackRate')).toEqual(['c', 'a', 'b', 'e', 'd']);
      expect(sorted('-ackRate')).toEqual(['d', 'a', 'b', 'e', 'c']);
    });

    it('sorts by oldestReadyAgeMs with null below every age, even 0: first ascending, last descending', () => {
      expect(sorted('oldestReadyAgeMs')).toEqual(['b', 'e', 'c', 'a', 'd']);
      expect(sorted('-oldestReadyAgeMs')).toEqual(['a', 'd', 'c', 'b', 'e']);
    });

    it('pages across ties (and nulls) one at a time without losing or repeating any', () => {
      for (const sort of ['publishRate', '-publishRate', 'deliverRate', '-deliverRate', 'ackRate', '-ackRate', 'oldestReadyAgeMs', '-oldestReadyAgeMs'] as const) {
        expect(paged(sort), sort).toEqual(sorted(sort));
      }
    });

    it('continues after a cursor at a tie even when the tied queue is gone', () => {
      const first = listQueues(live, { sort: '-oldestReadyAgeMs', limit: 1 });
      expect(names(first.items)).toEqual(['a']);
      const changed = live.filter((x) => x.name !== 'a');
      expect(names(listQueues(changed, { sort: '-oldestReadyAgeMs', limit: 10, cursor: first.nextCursor }).items)).toEqual(['d', 'c', 'b', 'e']);
      const byAck = listQueues(live, { sort: '-ackRate', limit: 2 });
      expect(() => listQueues(live, { sort: 'ackRate', limit: 2, cursor: byAck.nextCursor })).toThrow(/another sort/);
    });
  });

  it('keeps the caller’s objects (stats stay intact)', () => {
    const page = listQueues(queues, { sort: 'name', limit: 1 });
    expect(page.items[0]).toBe(queues[2]);
  });
});

describe('pageOfQueues over a real broker', () => {
  let fx: EngineFixture | undefined;
  afterEach(() => fx?.cleanup());

  const allSorts = QUEUE_SORT_KEYS.flatMap((key) => [key, `-${key}`] as QueueSort[]);

  /** Every page of `sort` with `limit`, walked by cursor. */
  const walk = (broker: Broker, sort: QueueSort, limit: number, search?: string) => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = pageOfQueues(broker.queueReads, { sort, limit, cursor, search });
      seen.push(...page.items.map((i) => i.name));
      cursor = page.nextCursor;
    } while (cursor);
    return seen;
  };

  it('gives the order of a full sort of every queue’s stats, page by page, for every sort and a search', async () => {
    fx = await startEngine();
    const broker = fx.broker;
    const names = ['orders', 'billing', 'Audit', 'emails', 'orders.dlq', 'zeta', 'alpha', 'Orders-eu'];
    for (const name of names) await broker.declareQueue(name);
    for (const [name, count] of [['orders', 5], ['billing', 9], ['Audit', 5], ['zeta', 1], ['Orders-eu', 2]] as const) {
      for (let i = 0; i < count; i++) await send(broker, name, `m${i}`);
      await fx.advance(100);
    }
    await broker.receive('billing', { max: 3, visibilityTimeoutMs: 60_000 });
    broker.subscribe('emails', { prefetch: 1, onDelivery: () => undefined });
    await fx.advance(1000);
    for (const sort of allSorts) {
      const oracle = listQueues(broker.listQueues(), { sort, limit: 1000 }).items.map((q) => q.name);
      expect(oracle).toHaveLength(names.length);
      expect(walk(broker, sort, 3), sort).toEqual(oracle);
      expect(walk(broker, sort, 1000), sort).toEqual(oracle);
      expect(walk(broker, sort, 2, 'ORDERS'), sort).toEqual(oracle.filter((name) => name.toLowerCase().includes('orders')));
    }
    const page = pageOfQueues(broker.queueReads, { sort: '-messagesReady', limit: 2 });
    expect(page.items).toEqual([broker.getQueue('billing'), broker.getQueue('Audit')]);
  });

  it('follows queues declared and deleted between pages', async () => {
    fx = await startEngine();
    const broker = fx.broker;
    for (const name of ['a', 'c', 'e', 'g']) await broker.declareQueue(name);
    const first = pageOfQueues(broker.queueReads, { sort: 'name', limit: 2 });
    expect(first.items.map((q) => q.name)).toEqual(['a', 'c']);
    await broker.declareQueue('d');
    await broker.declareQueue('b');
    await broker.deleteQueue('e');
    const rest = pageOfQueues(broker.queueReads, { sort: 'name', limit: 10, cursor: first.nextCursor });
    expect(rest.items.map((q) => q.name)).toEqual(['d', 'g']);
    expect(pageOfQueues(broker.queueReads, { sort: '-name', limit: 10 }).items.map((q) => q.name)).toEqual(['g', 'd', 'c', 'b', 'a']);
  });

  it('refuses a cursor whose value is of the other kind than the sort’s', () => {
    const forged = Buffer.from(JSON.stringify({ s: 'messages', v: 'x', n: 'a' })).toString('base64url');
    expect(() => listQueues(queues, { sort: 'messages', limit: 1, cursor: forged })).toThrow(/not valid/);
  });
});
