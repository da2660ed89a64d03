import { describe, expect, it } from 'vitest';
import {
  buildSelectedReplayBody,
  emptySelection,
  MAX_SELECTED_IDS,
  pageSelectionState,
  selectedLabel,
  setPageSelected,
  toggleSelected,
} from './message-selection';

describe('toggleSelected', () => {
  it('adds and removes one id without touching the original', () => {
    const one = toggleSelected(emptySelection, 'a');
    expect([...one]).toEqual(['a']);
    expect(emptySelection.size).toBe(0);
    expect([...toggleSelected(one, 'a')]).toEqual([]);
  });
  it('honours an explicit state and keeps the same set when nothing changes', () => {
    const one = toggleSelected(emptySelection, 'a', true);
    expect(toggleSelected(one, 'a', true)).toBe(one);
    expect(toggleSelected(one, 'b', false)).toBe(one);
  });
});

describe('setPageSelected', () => {
  it('keeps choices made on other pages', () => {
    const page1 = setPageSelected(emptySelection, ['a', 'b'], true);
    const both = setPageSelected(page1, ['c', 'd'], true);
    expect([...both].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect([...setPageSelected(both, ['c', 'd'], false)].sort()).toEqual(['a', 'b']);
  });
  it('returns the same set when the page is already so', () => {
    const s = setPageSelected(emptySelection, ['a'], true);
    expect(setPageSelected(s, ['a'], true)).toBe(s);
    expect(setPageSelected(s, ['z'], false)).toBe(s);
  });
});

describe('pageSelectionState', () => {
  it('says none, some or all of this page', () => {
    const s = new Set(['a', 'x']);
    expect(pageSelectionState(s, ['b', 'c'])).toBe('none');
    expect(pageSelectionState(s, ['a', 'c'])).toBe('some');
    expect(pageSelectionState(s, ['a'])).toBe('all');
    expect(pageSelectionState(s, [])).toBe('none');
  });
});

describe('selectedLabel', () => {
  it('counts', () => {
    expect(selectedLabel(2)).toBe('2 selected');
    expect(selectedLabel(1234)).toBe('1,234 selected');
  });
});

describe('buildSelectedReplayBody', () => {
  it('sends the ids back to their source by default', () => {
    expect(buildSelectedReplayBody(new Set(['a', 'b']), { kind: 'source' })).toEqual({ ok: true, body: { messageIds: ['a', 'b'], to: 'source' } });
  });
  it('sends them to a named queue', () => {
    expect(buildSelectedReplayBody(new Set(['a']), { kind: 'queue', queue: ' orders ' })).toEqual({ ok: true, body: { messageIds: ['a'], to: { queue: 'orders' } } });
  });
  it('refuses an empty selection, a missing queue name and too many ids', () => {
    expect(buildSelectedReplayBody(emptySelection, { kind: 'queue', queue: '' })).toEqual({
      ok: false,
      errors: ['Select at least one message.', 'Name the destination queue.'],
    });
    const many = new Set(Array.from({ length: MAX_SELECTED_IDS + 1 }, (_, i) => `m${i}`));
    expect(buildSelectedReplayBody(many, { kind: 'source' })).toEqual({ ok: false, errors: ['Select at most 10,000 messages at a time.'] });
  });
});
