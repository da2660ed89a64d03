import { describe, expect, it } from 'vitest';
import type { Message, MessagePage } from '@/lib/client';
import { fillPage, type FillProgress } from './fill-page';

/** A queue of `total` messages where `matches(i)` says which a search finds; each answer reads at most `perRequest`. */
function fakeApi(total: number, perRequest: number, matches: (i: number) => boolean) {
  const asked: { cursor?: string; limit: number }[] = [];
  const fetchPart = async (cursor: string | undefined, limit: number): Promise<MessagePage> => {
    asked.push({ cursor, limit });
    const items: Message[] = [];
    let i = cursor === undefined ? 0 : Number(cursor) + 1;
    let scanned = 0;
    for (; i < total && scanned < perRequest && items.length < limit; i++, scanned++) {
      if (matches(i)) items.push({ messageId: `m${i}` } as Message);
    }
    const more = i < total;
    return { items, scanned, ready: total, ...(more ? { nextCursor: String(i - 1) } : {}) };
  };
  return { fetchPart, asked };
}

describe('fillPage', () => {
  it('asks again from each cursor until the page is full, asking only for what is missing', async () => {
    const api = fakeApi(1000, 100, (i) => i % 40 === 0);
    const progress: FillProgress[] = [];
    const page = await fillPage(api.fetchPart, { size: 5, onProgress: (p) => progress.push(p) });
    expect(page.items.map((m) => m.messageId)).toEqual(['m0', 'm40', 'm80', 'm120', 'm160']);
    expect(page.stopped).toBe(false);
    expect(page.nextCursor).toBe('160');
    expect(api.asked.map((a) => a.limit)).toEqual([5, 2]);
    expect(progress).toEqual([{ scanned: 100, ready: 1000 }]);
  });

  it('walks a queue that matches nothing to its end, telling how far it got', async () => {
    const api = fakeApi(1000, 100, () => false);
    const progress: FillProgress[] = [];
    const page = await fillPage(api.fetchPart, { size: 50, onProgress: (p) => progress.push(p) });
    expect(page).toEqual({ items: [], scanned: 1000, ready: 1000, stopped: false });
    expect(api.asked).toHaveLength(10);
    expect(progress.map((p) => p.scanned)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900]);
  });

  it('stops when told, with a cursor to go on from', async () => {
    const api = fakeApi(1000, 100, (i) => i === 999);
    const stop = new AbortController();
    const page = await fillPage(api.fetchPart, { size: 50, stop: stop.signal, onProgress: (p) => p.scanned >= 300 && stop.abort() });
    expect(page).toEqual({ items: [], nextCursor: '399', scanned: 400, ready: 1000, stopped: true });
    const rest = await fillPage(api.fetchPart, { cursor: page.nextCursor, size: 50 });
    expect(rest.items.map((m) => m.messageId)).toEqual(['m999']);
    expect(rest.scanned).toBe(600);
  });
});
