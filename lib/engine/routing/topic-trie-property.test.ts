/**
 * The trie against the linear matcher it replaces, on random bindings, keys, binds and unbinds: the oracle scans every
 * binding with a direct transcription of the definition (SEMANTICS §1.1), simple enough to be clearly right.
 */
import { describe, expect, it } from 'vitest';
import type { BindingInfo } from '../types';
import { TopicTrie } from './topic-trie';

const split = (key: string) => (key === '' ? [] : key.split('.'));

/** `#` takes zero or more words, `*` exactly one, any other word itself. */
function matchesByDefinition(pattern: string[], words: string[]): boolean {
  if (pattern.length === 0) return words.length === 0;
  const [head, ...rest] = pattern;
  if (head === '#') {
    for (let skip = 0; skip <= words.length; skip++) if (matchesByDefinition(rest, words.slice(skip))) return true;
    return false;
  }
  if (words.length === 0) return false;
  return (head === '*' || head === words[0]) && matchesByDefinition(rest, words.slice(1));
}

/** The old routing: every binding of the exchange, in binding order, kept when any routing key matches. */
function linearMatch(bindings: Map<string, BindingInfo>, routingKeys: string[]): string[] {
  return [...bindings.values()]
    .filter((b) => routingKeys.some((key) => matchesByDefinition(split(b.routingKey), split(key))))
    .map((b) => b.id);
}

function seeded(seed: number) {
  return (n: number) => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return (seed >>> 16) % n;
  };
}

const patternWords = ['a', 'b', '', '*', '#', 'a*', '##'] as const;
const keyWords = ['a', 'b', '', '*', '#', 'a*'] as const;

describe('topic trie against the linear matcher', () => {
  it.each([1, 2, 3, 4, 5])('agrees on random binds, unbinds and routing keys (seed %i)', (seed) => {
    const rand = seeded(seed * 7919);
    const pick = <T>(xs: readonly T[]) => xs[rand(xs.length)];
    const key = (words: readonly string[]) => Array.from({ length: rand(6) }, () => pick(words)).join('.');
    const trie = new TopicTrie();
    const bound = new Map<string, BindingInfo>();
    let next = 0;
    for (let round = 0; round < 600; round++) {
      const action = rand(10);
      if (action < 4 || bound.size === 0) {
        const id = `b${next++}`;
        const binding: BindingInfo = { id, source: 'x', destination: `q${rand(5)}`, destinationType: 'queue', routingKey: key(patternWords), arguments: {} };
        bound.set(id, binding);
        trie.add(binding);
      } else if (action < 6) {
        const ids = [...bound.keys()];
        const victim = bound.get(ids[rand(ids.length)])!;
        bound.delete(victim.id);
        trie.remove(victim);
      } else {
        const routingKeys = Array.from({ length: 1 + (rand(4) === 0 ? rand(3) : 0) }, () => key(keyWords));
        expect(trie.match(routingKeys).map((b) => b.id), JSON.stringify(routingKeys)).toEqual(linearMatch(bound, routingKeys));
      }
      expect(trie.size).toBe(bound.size);
    }
  });

  it('forgets everything once every binding is removed (pruned nodes route nothing)', () => {
    const rand = seeded(42);
    const pick = <T>(xs: readonly T[]) => xs[rand(xs.length)];
    const key = (words: readonly string[]) => Array.from({ length: rand(6) }, () => pick(words)).join('.');
    const trie = new TopicTrie();
    const bindings = Array.from({ length: 300 }, (_, i): BindingInfo => ({ id: `b${i}`, source: 'x', destination: 'q', destinationType: 'queue', routingKey: key(patternWords), arguments: {} }));
    for (const b of bindings) trie.add(b);
    for (const b of bindings) trie.remove(b);
    expect(trie.size).toBe(0);
    for (const routingKey of ['', 'a', 'a.b', '.', 'a..b', '#', '*']) expect(trie.match([routingKey])).toEqual([]);
    // Bound again after pruning: the same answers as the oracle.
    const again = new Map(bindings.slice(0, 50).map((b) => [b.id, b]));
    for (const b of again.values()) trie.add(b);
    for (let n = 0; n < 200; n++) {
      const routingKey = key(keyWords);
      expect(trie.match([routingKey]).map((b) => b.id)).toEqual(linearMatch(again, [routingKey]));
    }
  });

  it('binding the same binding twice keeps one copy in its first place', () => {
    const trie = new TopicTrie();
    const first: BindingInfo = { id: 'first', source: 'x', destination: 'q1', destinationType: 'queue', routingKey: 'a.#', arguments: {} };
    const second: BindingInfo = { id: 'second', source: 'x', destination: 'q2', destinationType: 'queue', routingKey: '#', arguments: {} };
    trie.add(first);
    trie.add(second);
    trie.add(first);
    expect(trie.size).toBe(2);
    expect(trie.match(['a.b']).map((b) => b.id)).toEqual(['first', 'second']);
    expect(trie.match(['a.b', 'a.c']).map((b) => b.id)).toEqual(['first', 'second']);
  });
});
