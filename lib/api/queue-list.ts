/**
 * @module Searching, sorting and paging the queue list. The cursor is opaque to clients: it carries the sort and
 * the last item's sort key, so a page follows on from where the previous one ended even while queues come and go.
 * A page costs what its queues cost, not what every queue costs: by name it walks the sorted names from the cursor;
 * by a figure it selects the page's queues with a bounded heap over one number per queue; only the page's queues
 * get their full stats.
 */
import type { QueueFigure } from '@/lib/engine';
import { BoundedSelection } from './bounded-selection';
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

/** What a page is read from: the broker's QueueReads, or an array (`listQueues`). */
export interface QueueListSource<T> {
  /** Every name, ascending as `<` compares. */
  sortedNames(): readonly string[];
  /** Every queue's name and the figure, at one instant. */
  eachFigure(figure: QueueFigure, visit: (name: string, value: number | null) => void): void;
  /** The page item of one queue; undefined when it is gone. */
  stats(name: string): T | undefined;
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

interface Cursor {
  s: QueueSort;
  v: string | number;
  n: string;
}

interface Key {
  value: string | number;
  name: string;
}

/** One page of the queues `source` reads, in `options.sort` order after `options.cursor`. */
export function pageOfQueues<T>(source: QueueListSource<T>, options: QueueListOptions): { items: T[]; nextCursor?: string } {
  const field = options.sort.replace(/^-/, '') as SortField;
  const direction = options.sort.startsWith('-') ? -1 : 1;
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor, options.sort, field);
  const search = options.search?.toLowerCase();
  const matches = search ? (name: string) => name.toLowerCase().includes(search) : () => true;
  const keys =
    field === 'name'
      ? namesAfter(source.sortedNames(), direction, after?.name, matches, options.limit + 1)
      : figuresAfter(source, field, direction, after, matches, options.limit + 1);
  const items: T[] = [];
  let last: Key | undefined;
  for (const key of keys.slice(0, options.limit)) {
    const item = source.stats(key.name);
    if (item === undefined) continue;
    items.push(item);
    last = key;
  }
  if (keys.length <= options.limit || last === undefined) return { items };
  return { items, nextCursor: encodeCursor({ s: options.sort, v: last.value, n: last.name }) };
}

/** A page of an array of queues (the order and cursor of `pageOfQueues`); the items are the caller's objects. */
export function listQueues<T extends ListableQueue>(queues: readonly T[], options: QueueListOptions): { items: T[]; nextCursor?: string } {
  const byName = new Map(queues.map((queue) => [queue.name, queue]));
  return pageOfQueues<T>(
    {
      sortedNames: () => [...byName.keys()].sort(),
      eachFigure: (figure, visit) => {
        for (const queue of queues) visit(queue.name, figureOf(queue, figure));
      },
      stats: (name) => byName.get(name),
    },
    options,
  );
}

function figureOf(queue: ListableQueue, figure: QueueFigure): number | null {
  switch (figure) {
    case 'publishRate':
      return queue.rates.publish;
    case 'deliverRate':
      return queue.rates.deliver;
    case 'ackRate':
      return queue.rates.ack;
    default:
      return queue[figure];
  }
}

/** Up to `count` names after `cursor` in the direction, by binary search then a walk. */
function namesAfter(names: readonly string[], direction: number, cursor: string | undefined, matches: (name: string) => boolean, count: number): Key[] {
  const out: Key[] = [];
  if (direction > 0) {
    for (let i = cursor === undefined ? 0 : firstAbove(names, cursor); i < names.length && out.length < count; i++) {
      if (matches(names[i])) out.push({ value: names[i], name: names[i] });
    }
  } else {
    for (let i = cursor === undefined ? names.length - 1 : firstAtOrAbove(names, cursor) - 1; i >= 0 && out.length < count; i--) {
      if (matches(names[i])) out.push({ value: names[i], name: names[i] });
    }
  }
  return out;
}

function firstAbove(names: readonly string[], name: string): number {
  let low = 0;
  let high = names.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (names[mid] <= name) low = mid + 1;
    else high = mid;
  }
  return low;
}

function firstAtOrAbove(names: readonly string[], name: string): number {
  let low = 0;
  let high = names.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (names[mid] < name) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The `count` first queues after the cursor by a figure: one number per queue, a bounded heap, no full sort. */
function figuresAfter<T>(
  source: QueueListSource<T>,
  field: Exclude<SortField, 'name'>,
  direction: number,
  after: Key | undefined,
  matches: (name: string) => boolean,
  count: number,
): Key[] {
  const compare = (a: Key, b: Key) => compareKeys(a, b, direction);
  const selection = new BoundedSelection<Key>(count, compare);
  const probe: Key = { value: 0, name: '' };
  source.eachFigure(field, (name, figure) => {
    probe.value = figure ?? NO_AGE;
    probe.name = name;
    if (after !== undefined && compare(probe, after) <= 0) return;
    const worst = selection.worst;
    if (worst !== undefined && compare(probe, worst) >= 0) return;
    if (!matches(name)) return;
    selection.offer({ value: probe.value, name });
  });
  return selection.sorted();
}

/** By the field in the asked direction, ties by name ascending, so the order is total and stable. */
function compareKeys(a: Key, b: Key, direction: number): number {
  if (a.value !== b.value) return (a.value < b.value ? -1 : 1) * direction;
  if (a.name === b.name) return 0;
  return a.name < b.name ? -1 : 1;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string, sort: QueueSort, field: SortField): Key {
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
  // A name sort compares names, every other sort numbers: a value of the other kind cannot come from this list.
  if ((field === 'name') !== (typeof cursor.v === 'string')) throw invalidCursor();
  return { value: cursor.v!, name: cursor.n! };
}

const invalidCursor = () =>
  new ApiError('bad_request', 'The cursor is not valid', [{ in: 'query', path: ['cursor'], code: 'invalid_cursor', message: 'not a cursor of this list' }]);
