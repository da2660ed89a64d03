import { describe, expect, it } from 'vitest';
import { currentCursor, nextPage, pageNumber, placeQuery, previousPage, readPlace, searchFor, select } from './cursor-stack';

describe('cursor stack', () => {
  it('starts on page 1 with no cursor', () => {
    const place = readPlace(new URLSearchParams(''));
    expect(place).toEqual({ search: '', trail: [] });
    expect(currentCursor(place)).toBeUndefined();
    expect(pageNumber(place)).toBe(1);
    expect(placeQuery(place)).toBe('');
  });
  it('pushes on next and pops on previous, dropping the selection', () => {
    const one = { search: 'eu', trail: [], message: 'm1' };
    const two = nextPage(one, 'c1');
    const three = nextPage(two, 'c2');
    expect(three).toEqual({ search: 'eu', trail: ['c1', 'c2'] });
    expect(currentCursor(three)).toBe('c2');
    expect(pageNumber(three)).toBe(3);
    expect(previousPage(three)).toEqual(two);
    expect(previousPage(previousPage(three))).toEqual({ search: 'eu', trail: [] });
    expect(previousPage({ search: '', trail: [] })).toEqual({ search: '', trail: [] });
  });
  it('round-trips through the URL, cursors in order, odd characters included', () => {
    const place = { search: 'a b&c', trail: ['x,1', 'y=2'], message: 'id/1' };
    const query = placeQuery(place);
    expect(query.startsWith('?search=a+b%26c&cursor=x%2C1&cursor=y%3D2')).toBe(true);
    expect(readPlace(new URLSearchParams(query.slice(1)))).toEqual(place);
  });
  it('a new search starts over; selecting sets or clears the message', () => {
    expect(searchFor('  tenant  ')).toEqual({ search: 'tenant', trail: [] });
    expect(select({ search: '', trail: ['c'] }, 'm')).toEqual({ search: '', trail: ['c'], message: 'm' });
    expect(select({ search: '', trail: ['c'], message: 'm' }, undefined)).toEqual({ search: '', trail: ['c'] });
  });
  it('keeps the time it reads from across pages and in the URL, and a new search may drop it', () => {
    const place = searchFor('eu', '2026-12-04T09:30:00.000Z');
    expect(place).toEqual({ search: 'eu', since: '2026-12-04T09:30:00.000Z', trail: [] });
    const two = nextPage(place, 'c1');
    expect(two).toEqual({ search: 'eu', since: '2026-12-04T09:30:00.000Z', trail: ['c1'] });
    expect(previousPage(two)).toEqual(place);
    expect(readPlace(new URLSearchParams(placeQuery(two).slice(1)))).toEqual(two);
    expect(searchFor('eu')).toEqual({ search: 'eu', trail: [] });
  });
});
