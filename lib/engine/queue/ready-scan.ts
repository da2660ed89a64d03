/**
 * @module Reading a queue's ready messages in delivery order (browse and search) in slices: never more than a few
 * milliseconds on the event loop at a time, and stopped as soon as whoever asked is gone. One request reads a bounded
 * part of the queue (PEEK_SCAN_LIMIT messages or PEEK_SCAN_BUDGET_MS, whichever comes first) and answers with a cursor
 * to go on from: a search that matches nothing answers every page in bounded time, with how much it read, however deep
 * the queue (the console asks again until its page is full, showing how far it has got, and can stop).
 */
import { EngineError } from '../errors';
import type { Store } from '../store';
import type { QueuedMessage } from '../types';
import type { ReadyList } from './ready-list';

/** Most messages one browse or search reads before it answers with a cursor to continue from. */
export const PEEK_SCAN_LIMIT = 5_000;
/** After this long reading (wall clock, from the request's start) a browse or search answers with what it has and a cursor. */
export const PEEK_SCAN_BUDGET_MS = 50;
/** A slice ends after this many messages or milliseconds, whichever comes first; then other work runs. */
export const SCAN_SLICE_MESSAGES = 500;
export const SCAN_SLICE_MS = 4;

export interface ScanOptions {
  /** Stops the scan (with `unavailable`, details `{ aborted: true }`) when its request is gone. */
  signal?: AbortSignal;
  /** Told the number of messages read so far, after each slice. */
  onProgress?: (scanned: number) => void;
}

export interface PeekPage {
  items: QueuedMessage[];
  nextCursor?: string;
  /** Ready messages read to find these. */
  scanned: number;
}

export interface ScanSource {
  name: string;
  ready: ReadyList;
  flush: () => Promise<void>;
  store: Pick<Store, 'loadMessages'>;
}

interface Position {
  priority: number;
  seq: number;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Ready messages after `cursor` that `matches`, up to `limit`. Between slices the queue may change: the scan goes on
 * from the last (priority, seq) it read, as a cursor does, so nothing is read twice and the order holds.
 */
export async function scanReady(
  source: ScanSource,
  cursor: string | undefined,
  limit: number,
  matches: (message: QueuedMessage) => boolean,
  options: ScanOptions = {},
): Promise<PeekPage> {
  const { signal, onProgress } = options;
  const stopIfGone = () => {
    if (signal?.aborted) throw new EngineError('unavailable', `the scan of queue '${source.name}' stopped: its request is gone`, { aborted: true });
  };
  stopIfGone();
  await source.flush();
  const items: QueuedMessage[] = [];
  let scanned = 0;
  /** The last message read (the cursor of a page that ends at the scan bound). */
  let last: Position | undefined;
  /** Where the scan goes on from: past the cursor, the last message read, or a whole priority already read. */
  let from: Position | undefined = decodeCursor(cursor);
  const started = performance.now();
  let slice = { count: 0, started };
  /** The request's bound: enough read (by count, or by time once at least one slice is done). */
  const budgetSpent = () => scanned >= PEEK_SCAN_LIMIT || (scanned > 0 && performance.now() - started >= PEEK_SCAN_BUDGET_MS);
  const sliceOver = () => slice.count >= SCAN_SLICE_MESSAGES || performance.now() - slice.started >= SCAN_SLICE_MS;
  const pause = async () => {
    onProgress?.(scanned);
    await nextTurn();
    stopIfGone();
    slice = { count: 0, started: performance.now() };
  };
  /** Reads one message; true when the page is complete. */
  const consider = (message: QueuedMessage) => {
    scanned++;
    slice.count++;
    last = from = { priority: message.priority, seq: message.seq };
    if (matches(message)) items.push(message);
    return items.length > limit || scanned >= PEEK_SCAN_LIMIT;
  };
  let outOfBudget = false;

  scan: for (;;) {
    let paged: { priority: number; afterSeq: number } | undefined;
    buckets: for (const bucket of source.ready.all()) {
      if (from && bucket.priority > from.priority) continue;
      const afterSeq = from && bucket.priority === from.priority ? from.seq : -1;
      if (afterSeq === Infinity) continue;
      // In memory a bucket is in seq order (MessageDeque), and everything in the store comes after it.
      for (const message of bucket.memory) {
        if (message.seq <= afterSeq) continue;
        if (consider(message)) break scan;
        if (sliceOver()) break buckets;
      }
      if (bucket.pagedCount > 0) {
        paged = { priority: bucket.priority, afterSeq: Math.max(afterSeq, bucket.lastSeq) };
        break;
      }
      from = { priority: bucket.priority, seq: Infinity };
    }
    if (!paged && !(slice.count > 0 && sliceOver())) break;
    // A read from the store starts a slice of its own (after a pause the queue may have moved: look again).
    if (slice.count > 0) {
      if ((outOfBudget = budgetSpent())) break;
      await pause();
      continue;
    }
    if (!paged) break;
    const page = await source.store.loadMessages(source.name, paged.priority, paged.afterSeq, Math.min(SCAN_SLICE_MESSAGES, PEEK_SCAN_LIMIT - scanned));
    stopIfGone();
    const bucket = source.ready.all().find((b) => b.priority === paged.priority);
    // Paged in meanwhile: those are in memory now, read there on the next pass.
    if (bucket && page.length > 0 && page[0].seq <= bucket.lastSeq) continue;
    if (page.length === 0) {
      from = { priority: paged.priority, seq: Infinity };
      continue;
    }
    for (const message of page) if (consider(message)) break scan;
    if (sliceOver()) {
      if ((outOfBudget = budgetSpent())) break;
      await pause();
    }
  }
  onProgress?.(scanned);
  if (items.length > limit) {
    const end = items[limit - 1];
    return { items: items.slice(0, limit), nextCursor: encodeCursor(end.priority, end.seq), scanned };
  }
  if ((scanned >= PEEK_SCAN_LIMIT || outOfBudget) && last) return { items, nextCursor: encodeCursor(last.priority, last.seq), scanned };
  return { items, scanned };
}

/** The peek cursor that continues just after a message. */
export function cursorAfter(message: QueuedMessage): string {
  return encodeCursor(message.priority, message.seq);
}

function encodeCursor(priority: number, seq: number): string {
  return Buffer.from(`${priority}:${seq}`).toString('base64url');
}

function decodeCursor(cursor: string | undefined): Position | undefined {
  if (!cursor) return undefined;
  const match = /^(\d+):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new EngineError('bad_request', 'cursor is not one this API handed out');
  return { priority: Number(match[1]), seq: Number(match[2]) };
}
