/**
 * @module Browse and search read a queue in slices: other work runs between them (shown by events, not timing), the
 * answer is the same as one pass would give, and a search whose request is gone stops reading.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEngine, text, type EngineFixture } from '../../tests/support/engine-fixture';
import { newQueue, settleAll } from '../../tests/support/engine-helpers';
import { PEEK_SCAN_LIMIT, SCAN_SLICE_MESSAGES } from './queue/ready-scan';

let engine: EngineFixture;
beforeEach(async () => {
  // A small in-memory head: most of the queue is read back from the store, a page at a time.
  engine = await startEngine({ headLimit: 2000 });
});
afterEach(async () => {
  await engine.cleanup();
});

const SIZE = 12_000;

async function bigQueue(): Promise<string> {
  const queue = await newQueue(engine.broker, 'big');
  for (let start = 0; start < SIZE; start += 1000) {
    const batch = Array.from({ length: 1000 }, (_, i) => ({
      exchange: '',
      routingKey: queue,
      payload: text(start + i === SIZE - 7 ? 'needle' : `hay ${start + i}`),
      properties: { messageId: `m${start + i}` },
    }));
    await engine.broker.publishBatch(batch);
  }
  await engine.broker.committed();
  await settleAll();
  return queue;
}

/** Runs once per event-loop turn until stopped, noting what the scan had read each time it ran. */
function ticker(progress: () => number) {
  const seen: number[] = [];
  let running = true;
  const tick = () => {
    if (!running) return;
    seen.push(progress());
    setImmediate(tick);
  };
  setImmediate(tick);
  return { seen, stop: () => void (running = false) };
}

describe('message search in slices', () => {
  it('lets other work run between slices of at most SCAN_SLICE_MESSAGES messages, and finds the match', async () => {
    const queue = await bigQueue();
    const reports: number[] = [];
    const other = ticker(() => reports.at(-1) ?? 0);
    // Each request reads a bounded part: follow the cursors to the match.
    const found: string[] = [];
    let readBefore = 0;
    let cursor: string | undefined;
    do {
      const page = await engine.broker.peek(queue, { limit: 10, search: 'NEEDLE', cursor, onProgress: (n) => reports.push(readBefore + n) });
      found.push(...page.items.map((m) => m.messageId));
      readBefore += page.scanned;
      cursor = page.nextCursor;
    } while (cursor);
    other.stop();
    expect(found).toEqual([`m${SIZE - 7}`]);
    expect(readBefore).toBe(SIZE);
    expect(reports.at(-1)).toBe(SIZE);
    // Each slice read at most SCAN_SLICE_MESSAGES messages before letting the loop turn.
    const slices = reports.map((n, i) => n - (reports[i - 1] ?? 0));
    expect(Math.max(...slices)).toBeLessThanOrEqual(SCAN_SLICE_MESSAGES);
    // The other work ran while the search was part-way through, many times over (between slices and between requests).
    const midway = new Set(other.seen.filter((n) => n > 0 && n < SIZE));
    expect(midway.size).toBeGreaterThanOrEqual(SIZE / SCAN_SLICE_MESSAGES / 2);
  }, 60_000);

  it('a search that matches nothing answers each request with a cursor after a bounded part; the cursors read every message once', async () => {
    const queue = await bigQueue();
    const { messagesReady } = engine.broker.getQueue(queue);
    const first = await engine.broker.peek(queue, { limit: 50, search: 'not in any message' });
    expect(first.items).toEqual([]);
    expect(first.scanned).toBeGreaterThan(0);
    expect(first.scanned).toBeLessThanOrEqual(PEEK_SCAN_LIMIT);
    expect(first.scanned).toBeLessThan(SIZE);
    expect(first.nextCursor).toBeDefined();
    expect(first.ready).toBe(messagesReady);

    let scanned = first.scanned;
    let requests = 1;
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await engine.broker.peek(queue, { limit: 50, search: 'not in any message', cursor });
      expect(page.items).toEqual([]);
      expect(page.scanned).toBeLessThanOrEqual(PEEK_SCAN_LIMIT);
      scanned += page.scanned;
      requests++;
      cursor = page.nextCursor;
    }
    expect(scanned).toBe(SIZE);
    expect(requests).toBeGreaterThanOrEqual(Math.ceil(SIZE / PEEK_SCAN_LIMIT));
  }, 60_000);

  it('stops reading when its request is gone: the count of messages read stops growing', async () => {
    const queue = await bigQueue();
    const controller = new AbortController();
    const reports: number[] = [];
    const search = engine.broker.peek(queue, {
      limit: 10,
      search: 'not in any message',
      signal: controller.signal,
      onProgress: (n) => {
        reports.push(n);
        if (reports.length === 3) controller.abort();
      },
    });
    await expect(search).rejects.toMatchObject({ code: 'unavailable', details: { aborted: true } });
    // The search has ended (its promise settled) after the slice during which the abort came: nothing more was read.
    expect(reports).toHaveLength(3);
    expect(reports.at(-1)).toBeLessThan(SIZE);
  }, 60_000);

  it('an aborted signal stops a search before it reads anything', async () => {
    const queue = await bigQueue();
    const reports: number[] = [];
    await expect(engine.broker.peek(queue, { limit: 10, search: 'x', signal: AbortSignal.abort(), onProgress: (n) => reports.push(n) })).rejects.toMatchObject({
      code: 'unavailable',
    });
    expect(reports).toEqual([]);
  }, 60_000);

  it('reads each ready message once, in order, while the queue is consumed between slices', async () => {
    const queue = await bigQueue();
    let taken = 0;
    const leases: Promise<unknown>[] = [];
    // Consume from the head between slices: the scan goes on from where it was, never reading a message twice.
    const consume = setInterval(() => {
      leases.push(engine.broker.receive(queue, { max: 50 }).then((d) => (taken += d.length)));
    }, 0);
    const all: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await engine.broker.peek(queue, { limit: 3000, ...(cursor ? { cursor } : {}) });
      all.push(...page.items.map((m) => m.messageId));
      cursor = page.nextCursor;
    } while (cursor);
    clearInterval(consume);
    await Promise.all(leases);
    const numbers = all.map((id) => Number(id.slice(1)));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect([...numbers].sort((x, y) => x - y)).toEqual(numbers);
    // Everything not taken by the consumer before the scan reached it was read.
    expect(numbers.at(-1)).toBe(SIZE - 1);
    expect(numbers.length + taken).toBeGreaterThanOrEqual(SIZE);
  }, 60_000);
});
