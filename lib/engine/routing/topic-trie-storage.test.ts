/**
 * The trie's storage (topic-trie-nodes.ts, topic-trie-edges.ts): the edge table against a Map under random adds and
 * deletes (backward-shift deletion must keep every entry reachable), word ids forgotten with their last edge, nodes
 * pruned back to the root, and the walk's step counter starting again before it overflows.
 */
import { describe, expect, it } from 'vitest';
import type { BindingInfo } from '../types';
import { TopicTrie, MAX_STEP } from './topic-trie';
import { TrieEdges } from './topic-trie-edges';
import { WordIds } from './topic-trie-nodes';

const binding = (id: string, routingKey: string): BindingInfo => ({ id, source: 'x', destination: `q-${id}`, destinationType: 'queue', routingKey, arguments: {} });

function seeded(seed: number) {
  return (n: number) => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return (seed >>> 16) % n;
  };
}

describe('trie edge table', () => {
  it.each([1, 2, 3])('agrees with a Map over random adds and deletes through growth and shrinking (seed %i)', (seed) => {
    const rand = seeded(seed);
    const edges = new TrieEdges();
    const oracle = new Map<string, number>();
    for (let round = 0; round < 20_000; round++) {
      // Few parents and words, so probe runs collide and wrap around the table's end.
      const parent = rand(60);
      const word = rand(40);
      const key = `${parent}/${word}`;
      const grow = round < 12_000 ? rand(3) > 0 : rand(3) === 0;
      if (grow && !oracle.has(key)) {
        edges.add(parent, word, round);
        oracle.set(key, round);
      } else if (!grow && oracle.has(key)) {
        edges.delete(parent, word);
        oracle.delete(key);
      }
      if (round % 500 === 0) {
        for (let p = 0; p < 60; p++) for (let w = 0; w < 40; w++) expect(edges.get(p, w)).toBe(oracle.get(`${p}/${w}`) ?? -1);
      }
    }
    expect(edges.size).toBe(oracle.size);
    for (const key of [...oracle.keys()]) {
      const [p, w] = key.split('/').map(Number);
      edges.delete(p, w);
    }
    expect(edges.size).toBe(0);
    expect(edges.get(0, 0)).toBe(-1);
  });
});

describe('trie storage', () => {
  it('forgets a word when its last edge goes', () => {
    const words = new WordIds();
    const a = words.use('a');
    expect(words.use('a')).toBe(a);
    words.drop(a);
    expect(words.find('a')).toBe(a);
    words.drop(a);
    expect(words.find('a')).toBe(-1);
    expect(words.size).toBe(0);
  });

  it('prunes every node and word a binding alone kept, down to the root', () => {
    const trie = new TopicTrie();
    const keys = ['a.b.c', 'a.b.#', 'a.*.c', '#.c', 'a.b.c', 'x', '', '#', 'a.b.d.e'];
    const bindings = keys.map((key, i) => binding(`b${i}`, key));
    for (const b of bindings) trie.add(b);
    expect(trie.match(['a.b.c']).map((b) => b.id)).toEqual(['b0', 'b1', 'b2', 'b3', 'b4', 'b7']);
    for (const b of bindings) trie.remove(b);
    expect(trie.size).toBe(0);
    expect(trie.nodeCount).toBe(1);
    // Freed nodes are reused with nothing left over from their last life.
    trie.add(binding('again', 'q.r'));
    expect(trie.nodeCount).toBe(3);
    expect(trie.match(['a.b.c'])).toEqual([]);
    expect(trie.match(['q.r']).map((b) => b.id)).toEqual(['again']);
  });

  it('keeps matching across the walk step counter starting again', () => {
    const trie = new TopicTrie({ firstStep: MAX_STEP - 5 });
    // `#.#` is reached twice in a step (through `#` absorbing a word and through its `#` parent): only the step
    // number keeps it from being counted twice.
    trie.add(binding('hash', '#'));
    trie.add(binding('double', '#.#'));
    trie.add(binding('exact', 'a.b'));
    for (let i = 0; i < 10; i++) expect(trie.match(['a.b']).map((b) => b.id)).toEqual(['hash', 'double', 'exact']);
  });

  it('returns a large fan-out in binding order', () => {
    const trie = new TopicTrie();
    const ids = Array.from({ length: 40 }, (_, i) => `b${i}`);
    // Bound at alternating nodes, so the walk finds them out of binding order.
    ids.forEach((id, i) => trie.add(binding(id, i % 2 ? 'k.*' : 'k.#')));
    expect(trie.match(['k.x']).map((b) => b.id)).toEqual(ids);
  });
});
