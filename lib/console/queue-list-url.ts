/**
 * @module The queue table's state in the URL: `q` (search), `sort`, and `pages` — the cursors of the pages before
 * this one, so Back/Forward, a reload and a shared link all land on the same page.
 */
import type { QueueSort } from '@/lib/client/types';

export const QUEUE_SORT_FIELDS = [
  'name',
  'messagesReady',
  'messagesUnacked',
  'consumers',
  'messages',
  'publishRate',
  'deliverRate',
  'ackRate',
  'oldestReadyAgeMs',
] as const;
export type QueueSortField = (typeof QUEUE_SORT_FIELDS)[number];

export interface QueueListState {
  search: string;
  sort: QueueSort;
  /** Cursors that lead to this page; empty on the first page. */
  cursors: string[];
}

export const DEFAULT_QUEUE_SORT: QueueSort = 'name';
const DEFAULT_SORT = DEFAULT_QUEUE_SORT;
const CURSOR = /^[A-Za-z0-9_-]+$/;

function isSort(value: string | null): value is QueueSort {
  if (value === null) return false;
  return (QUEUE_SORT_FIELDS as readonly string[]).includes(value.replace(/^-/, ''));
}

export function readQueueListState(params: URLSearchParams): QueueListState {
  const sort = params.get('sort');
  const pages = params.get('pages') ?? '';
  return {
    search: params.get('q') ?? '',
    sort: isSort(sort) ? sort : DEFAULT_SORT,
    cursors: pages.split('.').filter((cursor) => CURSOR.test(cursor)),
  };
}

/** The query string (without `?`) of a state; defaults are left out. */
export function writeQueueListState(state: QueueListState): string {
  const params = new URLSearchParams();
  if (state.search) params.set('q', state.search);
  if (state.sort !== DEFAULT_SORT) params.set('sort', state.sort);
  if (state.cursors.length > 0) params.set('pages', state.cursors.join('.'));
  return params.toString();
}

/** The page's number, from 1. */
export function pageNumber(state: QueueListState): number {
  return state.cursors.length + 1;
}

export function nextPage(state: QueueListState, nextCursor: string): QueueListState {
  return { ...state, cursors: [...state.cursors, nextCursor] };
}

export function previousPage(state: QueueListState): QueueListState {
  return { ...state, cursors: state.cursors.slice(0, -1) };
}

/** A new search starts again from the first page. */
export function withSearch(state: QueueListState, search: string): QueueListState {
  return { ...state, search, cursors: [] };
}

/** Clicking a column: ascending first for the name (descending first for counts, rates and ages), again to flip; back to page 1. */
export function toggleSort(state: QueueListState, field: QueueSortField): QueueListState {
  const current = state.sort.replace(/^-/, '');
  const descending = state.sort.startsWith('-');
  const sort: QueueSort =
    current === field ? ((descending ? field : `-${field}`) as QueueSort) : ((field === 'name' ? field : `-${field}`) as QueueSort);
  return { ...state, sort, cursors: [] };
}

/** `aria-sort` of a column header. */
export function ariaSort(state: QueueListState, field: QueueSortField): 'ascending' | 'descending' | 'none' {
  if (state.sort.replace(/^-/, '') !== field) return 'none';
  return state.sort.startsWith('-') ? 'descending' : 'ascending';
}
