/**
 * @module Searching, sorting and paging the queue list. The cursor is opaque to clients: it carries the sort and
 * the last item's sort key, so a page follows on from where the previous one ended even while queues come and go.
 */
import { ApiError } from './errors';
import type { QUEUE_SORT_KEYS, QueueSort } from './schemas/queues';

export interface ListableQueue {
  name: string;
  messages: number;
  messagesReady: number;
  messagesUnacked: number;
  consumers: number;
  /** `null` when nothing is ready: sorts below every age (first ascending, last descending). */
  oldestReadyAgeMs: number | null;
  rates: { publish: number; deliver: number; ack: number };
}

export interface QueueListOptions {
  search?: string;
  sort: QueueSort;
  limit: number;
  cursor?: string;
}

type SortField = (typeof QUEUE_SORT_KEYS)[number];

/** Ages are never negative, so -1 puts "nothing ready" below every age while the cursor stays a plain number. */
const NO_AGE = -1;

const sortValue: Record<SortField, (queue: ListableQueue) => string | number> = {
  name: (queue) => queue.name,
  messages: (queue) => queue.messages,
  messagesReady: (queue) => queue.messagesReady,
  messagesUnacked: (queue) => queue.messagesUnacked,
  consumers: (queue) => queue.consumers,
  publishRate: (queue) => queue.rates.publish,
  deliverRate: (queue) => queue.rates.deliver,
  ackRate: (queue) => queue.rates.ack,
  oldestReadyAgeMs: (queue) => queue.oldestReadyAgeMs ?? NO_AGE,
};

interface Cursor {
  s: QueueSort;
  v: string | number;
  n: string;
}

export function listQueues<T extends ListableQueue>(queues: readonly T[], options: QueueListOptions): { items: T[]; nextCursor?: string } {
  const field = options.sort.replace(/^-/, '') as SortField;
  const direction = options.sort.startsWith('-') ? -1 : 1;
  const compare = (a: Key, b: Key) => compareKeys(a, b, direction);
  const search = options.search?.toLowerCase();
  let rows = search ? queues.filter((queue) => queue.name.toLowerCase().includes(search)) : [...queues];
  rows.sort((a, b) => compare(keyOf(a, field), keyOf(b, field)));
  if (options.cursor !== undefined) {
    const after = decodeCursor(options.cursor, options.sort);
    rows = rows.filter((queue) => compare(keyOf(queue, field), after) > 0);
  }
  const items = rows.slice(0, options.limit);
  if (rows.length <= options.limit) return { items };
  const last = keyOf(items[items.length - 1], field);
  return { items, nextCursor: encodeCursor({ s: options.sort, v: last.value, n: last.name }) };
}

interface Key {
  value: string | number;
  name: string;
}

const keyOf = (queue: ListableQueue, field: SortField): Key => ({ value: sortValue[field](queue), name: queue.name });

/** By the field in the asked direction, ties by name ascending, so the order is total and stable. */
function compareKeys(a: Key, b: Key, direction: number): number {
  if (a.value !== b.value) return (a.value < b.value ? -1 : 1) * direction;
  if (a.name === b.name) return 0;
  return a.name < b.name ? -1 : 1;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string, sort: QueueSort): Key {
  let cursor: Partial<Cursor>;
  try {
    cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const valid =
    cursor !== null &&
    typeof cursor === 'object' &&
    typeof cursor.n === 'string' &&
    (typeof cursor.v === 'string' || typeof cursor.v === 'number');
  if (!valid) throw invalidCursor();
  if (cursor.s !== sort) throw new ApiError('bad_request', 'The cursor belongs to another sort order');
  return { value: cursor.v!, name: cursor.n! };
}

const invalidCursor = () =>
  new ApiError('bad_request', 'The cursor is not valid', [{ in: 'query', path: ['cursor'], code: 'invalid_cursor', message: 'not a cursor of this list' }]);
