import { describe, expect, it } from 'vitest';
import {
  ariaSort,
  nextPage,
  pageNumber,
  previousPage,
  readQueueListState,
  toggleSort,
  withSearch,
  writeQueueListState,
} from './queue-list-url';

describe('queue list URL state', () => {
  it('reads defaults from an empty URL and ignores junk', () => {
    expect(readQueueListState(new URLSearchParams(''))).toEqual({ search: '', sort: 'name', cursors: [] });
    expect(readQueueListState(new URLSearchParams('sort=drop&pages=a%20b'))).toEqual({ search: '', sort: 'name', cursors: [] });
  });

  it('round-trips search, sort and the page cursors', () => {
    const state = { search: 'orders', sort: '-messagesReady' as const, cursors: ['eyJz', 'abc_-1'] };
    const text = writeQueueListState(state);
    expect(text).toBe('q=orders&sort=-messagesReady&pages=eyJz.abc_-1');
    expect(readQueueListState(new URLSearchParams(text))).toEqual(state);
    expect(writeQueueListState({ search: '', sort: 'name', cursors: [] })).toBe('');
    for (const sort of ['publishRate', '-deliverRate', 'ackRate', '-oldestReadyAgeMs'] as const) {
      expect(readQueueListState(new URLSearchParams(writeQueueListState({ search: '', sort, cursors: [] }))).sort).toBe(sort);
    }
    expect(writeQueueListState({ search: '', sort: '-oldestReadyAgeMs', cursors: [] })).toBe('sort=-oldestReadyAgeMs');
  });

  it('pages forward and back', () => {
    const first = { search: '', sort: 'name' as const, cursors: [] };
    const second = nextPage(first, 'c1');
    expect(pageNumber(second)).toBe(2);
    expect(previousPage(second)).toEqual(first);
  });

  it('toggles sort and returns to page 1 on a new sort or search', () => {
    const state = { search: '', sort: 'name' as const, cursors: ['c1'] };
    expect(toggleSort(state, 'name')).toEqual({ search: '', sort: '-name', cursors: [] });
    expect(toggleSort(state, 'messagesReady').sort).toBe('-messagesReady');
    expect(toggleSort({ ...state, sort: '-messagesReady' }, 'messagesReady').sort).toBe('messagesReady');
    for (const field of ['publishRate', 'deliverRate', 'ackRate', 'oldestReadyAgeMs'] as const) {
      expect(toggleSort(state, field)).toEqual({ search: '', sort: `-${field}`, cursors: [] });
      expect(toggleSort({ ...state, sort: `-${field}` }, field).sort).toBe(field);
    }
    expect(withSearch(state, 'x')).toEqual({ search: 'x', sort: 'name', cursors: [] });
  });

  it('says which column is sorted, for aria-sort', () => {
    const state = { search: '', sort: '-consumers' as const, cursors: [] };
    expect(ariaSort(state, 'consumers')).toBe('descending');
    expect(ariaSort(state, 'name')).toBe('none');
    expect(ariaSort({ ...state, sort: 'name' }, 'name')).toBe('ascending');
    expect(ariaSort({ ...state, sort: '-oldestReadyAgeMs' }, 'oldestReadyAgeMs')).toBe('descending');
    expect(ariaSort({ ...state, sort: 'publishRate' }, 'publishRate')).toBe('ascending');
    expect(ariaSort({ ...state, sort: 'publishRate' }, 'ackRate')).toBe('none');
  });
});
