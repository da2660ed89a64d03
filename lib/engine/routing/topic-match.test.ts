import { describe, it, expect } from 'vitest';
import { topicMatches } from './topic-match';
import { topicCases as cases, topic1Bindings, topic1Expectations, type TopicCase as Case } from './topic-cases';

describe('topicMatches', () => {
  for (const [group, rows] of Object.entries(cases)) {
    describe(group, () => {
      it.each(rows)('binding %j vs routing %j → %s', (bindingKey, routingKey, expected) => {
        expect(topicMatches(bindingKey, routingKey)).toBe(expected);
      });
    });
  }

  describe('routing_SUITE topic1 vectors', () => {
    const bindings = topic1Bindings;
    const expectations = topic1Expectations;
    it.each(expectations)('routing key %j', (routingKey, matching) => {
      const got = Object.entries(bindings)
        .filter(([, bindingKey]) => topicMatches(bindingKey, routingKey))
        .map(([name]) => name);
      expect(got.sort()).toEqual([...matching].sort());
    });
  });

  it('gives the same answers regardless of call order (caches are transparent)', () => {
    const pairs: Case[] = [
      ['a.*', 'a.b', true],
      ['a.*', 'a', false],
      ['#.b', 'a', false],
      ['a.*', 'a.b', true],
      ['#.b', 'a.b', true],
      ['a.*', 'x.y', false],
      ['*', '', false],
      ['#', '', true],
      ['*', '', false],
    ];
    for (const [b, r, expected] of pairs) expect(topicMatches(b, r), `${b} vs ${r}`).toBe(expected);
    for (const [b, r, expected] of [...pairs].reverse()) expect(topicMatches(b, r), `${b} vs ${r}`).toBe(expected);
  });

  it('answers adversarial patterns (exponential backtracking would never return)', () => {
    const pattern = Array.from({ length: 30 }, () => '#').join('.') + '.a';
    const miss = Array.from({ length: 500 }, () => 'b').join('.');
    const hit = miss + '.a';
    expect(topicMatches(pattern, miss)).toBe(false);
    expect(topicMatches(pattern, hit)).toBe(true);
    const alternating = Array.from({ length: 40 }, () => '#.*').join('.') + '.z';
    expect(topicMatches(alternating, miss)).toBe(false);
  });

  // Cross-check against a direct transcription of the definition on random
  // small keys (a seeded PRNG keeps the run deterministic).
  it('agrees with a naive reference matcher on random keys', () => {
    const split = (k: string) => (k === '' ? [] : k.split('.'));
    const reference = (p: string[], w: string[]): boolean => {
      if (p.length === 0) return w.length === 0;
      const [head, ...rest] = p;
      if (head === '#') {
        for (let skip = 0; skip <= w.length; skip++) if (reference(rest, w.slice(skip))) return true;
        return false;
      }
      if (w.length === 0) return false;
      return (head === '*' || head === w[0]) && reference(rest, w.slice(1));
    };
    let seed = 0x2545f491;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return (seed >>> 16) % n;
    };
    const pick = <T>(xs: readonly T[]) => xs[rand(xs.length)];
    const patternWords = ['a', 'b', '', '*', '#', 'a*'] as const;
    const keyWords = ['a', 'b', '', '*', 'a*'] as const;
    const makeKey = (words: readonly string[]) =>
      Array.from({ length: rand(6) }, () => pick(words)).join('.');
    for (let n = 0; n < 5000; n++) {
      const bindingKey = makeKey(patternWords);
      const routingKey = makeKey(keyWords);
      expect(topicMatches(bindingKey, routingKey), `${JSON.stringify(bindingKey)} vs ${JSON.stringify(routingKey)}`).toBe(
        reference(split(bindingKey), split(routingKey)),
      );
    }
  });
});
