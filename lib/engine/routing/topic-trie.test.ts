import { describe, it, expect } from 'vitest';
import type { BindingInfo } from '../types';
import { topic1Bindings, topic1Expectations, topicCases } from './topic-cases';
import { TopicTrie } from './topic-trie';

const binding = (id: string, routingKey: string): BindingInfo => ({ id, source: 'x', destination: `q-${id}`, destinationType: 'queue', routingKey, arguments: {} });

/** One binding in a trie of its own: does the routing key reach it? */
function reaches(bindingKey: string, routingKey: string): boolean {
  const trie = new TopicTrie();
  trie.add(binding('b', bindingKey));
  return trie.match([routingKey]).length === 1;
}

describe('topic trie', () => {
  for (const [group, rows] of Object.entries(topicCases)) {
    describe(group, () => {
      it.each(rows)('binding %j vs routing %j → %s', (bindingKey, routingKey, expected) => {
        expect(reaches(bindingKey, routingKey)).toBe(expected);
      });
    });
  }

  describe('routing_SUITE topic1 vectors, all bindings in one trie', () => {
    const trie = new TopicTrie();
    for (const [name, bindingKey] of Object.entries(topic1Bindings)) trie.add(binding(name, bindingKey));
    const order = Object.keys(topic1Bindings);

    it.each(topic1Expectations)('routing key %j: the listed bindings, in binding order', (routingKey, matching) => {
      expect(trie.match([routingKey]).map((b) => b.id)).toEqual([...matching].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    });

    it('several routing keys (CC/BCC): each matching binding once', () => {
      const union = new Set([...topic1Expectations[0][1], ...topic1Expectations[1][1]]);
      const ids = trie.match([topic1Expectations[0][0], topic1Expectations[1][0], topic1Expectations[0][0]]).map((b) => b.id);
      expect(ids).toEqual(order.filter((name) => union.has(name)));
    });
  });

  it('answers adversarial patterns (exponential backtracking would never return)', () => {
    const pattern = Array.from({ length: 30 }, () => '#').join('.') + '.a';
    const miss = Array.from({ length: 500 }, () => 'b').join('.');
    const hit = miss + '.a';
    expect(reaches(pattern, miss)).toBe(false);
    expect(reaches(pattern, hit)).toBe(true);
    const alternating = Array.from({ length: 40 }, () => '#.*').join('.') + '.z';
    expect(reaches(alternating, miss)).toBe(false);
  });
});
