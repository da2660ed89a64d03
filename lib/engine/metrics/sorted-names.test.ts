import { describe, expect, it } from 'vitest';
import { IndexedMap, SortedNames } from './sorted-names';

describe('SortedNames', () => {
  it('keeps names sorted through adds and removes, in any order between reads', () => {
    const names = new SortedNames();
    for (const name of ['m', 'b', 'x', 'a']) names.add(name);
    expect(names.sorted()).toEqual(['a', 'b', 'm', 'x']);
    names.remove('b');
    names.add('c');
    names.add('B');
    expect(names.sorted()).toEqual(['B', 'a', 'c', 'm', 'x']);
    names.add('z');
    names.remove('z'); // added and gone before any read
    names.remove('m');
    names.add('m'); // gone and back before any read
    expect(names.sorted()).toEqual(['B', 'a', 'c', 'm', 'x']);
  });

  it('hands out a new array after a change, leaving the one a reader holds as it was', () => {
    const names = new SortedNames();
    names.add('a');
    const held = names.sorted();
    expect(names.sorted()).toBe(held);
    names.add('b');
    names.remove('a');
    expect(names.sorted()).toEqual(['b']);
    expect(held).toEqual(['a']);
  });

  it('matches a full sort after many random changes', () => {
    const names = new SortedNames();
    const live = new Set<string>();
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 40; i++) {
        const name = `q${Math.floor(random() * 300)}`;
        if (live.has(name)) {
          live.delete(name);
          names.remove(name);
        } else {
          live.add(name);
          names.add(name);
        }
      }
      expect(names.sorted()).toEqual([...live].sort());
    }
  });
});

describe('IndexedMap', () => {
  it('indexes its keys as they are set and deleted, and ignores a set of an existing key', () => {
    const map = new IndexedMap<number>();
    map.set('b', 1).set('a', 2).set('b', 3);
    expect(map.names.sorted()).toEqual(['a', 'b']);
    expect(map.delete('a')).toBe(true);
    expect(map.delete('a')).toBe(false);
    expect(map.names.sorted()).toEqual(['b']);
    map.clear();
    expect(map.names.sorted()).toEqual([]);
  });
});
