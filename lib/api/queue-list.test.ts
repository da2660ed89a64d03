import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { listQueues, type ListableQueue } from './queue-list';

const q = (name: string, messages = 0, consumers = 0): ListableQueue => ({
  name,
  messages,
  messagesReady: messages,
  messagesUnacked: 0,
  consumers,
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

  it('keeps the caller’s objects (stats stay intact)', () => {
    const page = listQueues(queues, { sort: 'name', limit: 1 });
    expect(page.items[0]).toBe(queues[2]);
  });
});
