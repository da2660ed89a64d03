/**
 * @module The message browser's page from bounded API pages: each request reads a bounded part of the queue (a
 * search that matches little answers with few items and a cursor), so the browser asks again from where the last
 * one stopped until its page is full, the queue is read to its end, or the viewer stops it, telling how far it got.
 */
import type { MessagePage } from '@/lib/client';

export interface FilledPage extends MessagePage {
  /** The viewer stopped the search before the page was full; `nextCursor` goes on from where it stopped. */
  stopped: boolean;
}

export interface FillProgress {
  /** Ready messages read so far for this page. */
  scanned: number;
  /** Ready messages in the queue, as the last answer said. */
  ready: number;
}

export async function fillPage(
  fetchPart: (cursor: string | undefined, limit: number) => Promise<MessagePage>,
  options: { cursor?: string; size: number; onProgress?: (progress: FillProgress) => void; stop?: AbortSignal },
): Promise<FilledPage> {
  const { size, onProgress, stop } = options;
  const items: MessagePage['items'] = [];
  let cursor = options.cursor;
  let scanned = 0;
  let ready = 0;
  for (;;) {
    const part = await fetchPart(cursor, size - items.length);
    items.push(...part.items);
    scanned += part.scanned;
    ready = part.ready;
    cursor = part.nextCursor;
    if (items.length >= size || !cursor) return { items, nextCursor: cursor, scanned, ready, stopped: false };
    if (stop?.aborted) return { items, nextCursor: cursor, scanned, ready, stopped: true };
    onProgress?.({ scanned, ready });
  }
}
