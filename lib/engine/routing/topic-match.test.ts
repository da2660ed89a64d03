import { describe, it, expect } from 'vitest';
import { topicMatches } from './topic-match';

type Case = [bindingKey: string, routingKey: string, expected: boolean];

const cases: Record<string, Case[]> = {
  'empty key is zero words': [
    ['', '', true],
    ['', 'a', false],
    ['a', '', false],
    ['', '.', false],
    ['.', '', false],
    ['*', '', false],
    ['#', '', true],
    ['#.#', '', true],
    ['#.#.#', '', true],
    ['*.#', '', false],
    ['#.*', '', false],
    ['#.*.#', '', false],
    ['a.#', '', false],
    ['#.a', '', false],
  ],
  'exact literal keys': [
    ['a', 'a', true],
    ['a.b.c', 'a.b.c', true],
    ['a.b.c', 'a.b', false],
    ['a.b', 'a.b.c', false],
    ['a.b.c', 'a.b.d', false],
    ['A', 'a', false],
    ['a', 'a ', false],
    [' a', 'a', false],
    ['vodka.martini', 'vodka.martini', true],
    ['vodka.martini', 'vodka.gin', false],
    ['ü.日本', 'ü.日本', true],
  ],
  'empty words are words': [
    ['.', '.', true],
    ['.', '', false],
    ['..', '..', true],
    ['..', '.', false],
    ['a..b', 'a..b', true],
    ['a.b', 'a..b', false],
    ['a..b', 'a.b', false],
    ['a.*.b', 'a..b', true],
    ['a.*.b', 'a.b', false],
    ['a.#.b', 'a..b', true],
    ['a.#.b', 'a...b', true],
    ['*', '.', false],
    ['*.*', '.', true],
    ['*.*.*', '..', true],
    ['*.*.*', 'a..', true],
    ['#', '.', true],
    ['#', '..', true],
    ['#', 'a..b', true],
  ],
  'leading and trailing dots': [
    ['.a', '.a', true],
    ['a', '.a', false],
    ['.a', 'a', false],
    ['*.a', '.a', true],
    ['#.a', '.a', true],
    ['*', '.a', false],
    ['a.', 'a.', true],
    ['a', 'a.', false],
    ['a.', 'a', false],
    ['a.*', 'a.', true],
    ['a.#', 'a.', true],
    ['*.*', 'a.', true],
    ['.*', '.x', true],
    ['.*', 'x', false],
    ['*.', 'x.', true],
    ['*.', 'x', false],
    ['.#', '', false],
    ['.#', '.', true],
    ['.#', '.a.b', true],
    ['.#', 'a', false],
    ['#.', '.', true],
    ['#.', 'a.b.', true],
    ['#.', 'a.b', false],
  ],
  "'*' matches exactly one word": [
    ['*', 'a', true],
    ['*', 'a.b', false],
    ['*', 'oneword', true],
    ['*.*', 'a.b', true],
    ['*.*', 'a', false],
    ['*.*', 'a.b.c', false],
    ['a.*', 'a.b', true],
    ['a.*', 'a', false],
    ['a.*', 'a.b.c', false],
    ['*.b.c', 'a.b.c', true],
    ['*.b.c', 'b.c', false],
    ['a.*.c', 'a.b.c', true],
    ['a.*.c', 'a.c', false],
    ['a.*.c', 'a.b.b.c', false],
    ['*.*.*', 'a.b.c', true],
    ['*.*.*', 'a.b', false],
  ],
  "'#' matches zero or more words": [
    ['#', 'a', true],
    ['#', 'a.b.c.d.e.f', true],
    ['#.#', 'a', true],
    ['#.#', 'a.b.c', true],
    ['a.#', 'a', true],
    ['a.#', 'a.b', true],
    ['a.#', 'a.b.c.d', true],
    ['a.#', 'b', false],
    ['a.#', 'b.a', false],
    ['a.#', 'ab', false],
    ['#.a', 'a', true],
    ['#.a', 'x.y.a', true],
    ['#.a', 'a.x', false],
    ['a.#.b', 'a.b', true],
    ['a.#.b', 'a.x.b', true],
    ['a.#.b', 'a.x.y.z.b', true],
    ['a.#.b', 'a.b.b', true],
    ['a.#.b', 'a.b.c', false],
    ['a.#.b', 'b.a.b', false],
    ['a.#.#', 'a', true],
    ['a.#.#', 'a.b.c', true],
    ['#.b', 'a.b', true],
    ['#.b', 'b', true],
    ['#.b', 'b.c', false],
    ['#.b.#', 'b', true],
    ['#.b.#', 'a.b.c', true],
    ['#.b.#', 'a.c', false],
    ['*.#', 'a', true],
    ['*.#', 'a.b.c', true],
    ['#.*', 'a', true],
    ['#.*', 'a.b.c', true],
    ['#.*.#', 'x', true],
    ['*.#.#', 'x', true],
    ['#.*.*', 'a', false],
    ['#.*.*', 'a.b', true],
    ['a.#.b.#.c', 'a.b.c', true],
    ['a.#.b.#.c', 'a.x.b.y.z.c', true],
    ['a.#.b.#.c', 'a.c.b', false],
    ['#.a.#.a', 'a.a', true],
    ['#.a.#.a', 'a', false],
    ['#.a.*.b', 'a.a.x.b', true],
    ['#.a.*.b', 'a.b', false],
  ],
  'wildcards only as whole words (otherwise literal)': [
    ['a*', 'a*', true],
    ['a*', 'ab', false],
    ['a*', 'a', false],
    ['#b', '#b', true],
    ['#b', 'b', false],
    ['#b', 'a.b', false],
    ['*a', 'ba', false],
    ['*a', '*a', true],
    ['a#', 'a.b', false],
    ['a#', 'a#', true],
    ['**', 'a', false],
    ['**', '**', true],
    ['##', 'a.b', false],
    ['##', '', false],
    ['##', '##', true],
    ['*#', 'x', false],
    ['a.b*.c', 'a.bx.c', false],
    ['a.b*.c', 'a.b*.c', true],
    ['a.*b.#', 'a.*b', true],
    ['a.*b.#', 'a.xb', false],
  ],
  'routing keys are never patterns': [
    ['a', '*', false],
    ['a', '#', false],
    ['*', '*', true],
    ['*', '#', true],
    ['#', '#', true],
    ['a.b', 'a.#', false],
    ['a.#', 'a.#', true],
    ['a.*', '*.*', false],
  ],
  'no regular-expression semantics': [
    ['a+b', 'aab', false],
    ['a+b', 'a+b', true],
    ['a.b', 'axb', false],
    ['(a|b)', 'a', false],
    ['[ab]', 'a', false],
    ['^a$', 'a', false],
    ['.*', 'abc', false],
    ['a\\b', 'a\\b', true],
  ],
  'many hashes (no exponential backtracking)': [
    ['#.#.#.#.a', 'a', true],
    ['#.#.#.#.a', 'b.b.b.b.b.b.b.b.a', true],
    ['#.#.#.#.a', 'b.b.b.b.b.b.b.b.b', false],
    ['#.*.#.*.#', 'a', false],
    ['#.*.#.*.#', 'a.b', true],
    ['#.*.#.*.#', 'a.b.c.d', true],
  ],
};

describe('topicMatches', () => {
  for (const [group, rows] of Object.entries(cases)) {
    describe(group, () => {
      it.each(rows)('binding %j vs routing %j → %s', (bindingKey, routingKey, expected) => {
        expect(topicMatches(bindingKey, routingKey)).toBe(expected);
      });
    });
  }

  // Port of rabbitmq-server deps/rabbit/test/routing_SUITE.erl `topic1` (first phase):
  // for each routing key, exactly the listed bindings match.
  describe('routing_SUITE topic1 vectors', () => {
    const bindings: Record<string, string> = {
      t1: 'a.b.c',
      t2: 'a.*.c',
      t3: 'a.#.b',
      t4: 'a.b.b.c',
      t5: '#',
      t6: '#.#',
      t7: '#.b',
      t8: '*.*',
      t9: 'a.*',
      t10: '*.b.c',
      t11: 'a.#',
      t12: 'a.#.#',
      t13: 'b.b.c',
      t14: 'a.b.b',
      t15: 'a.b',
      t16: 'b.c',
      t17: '',
      t18: '*.*.*',
      t19: 'vodka.martini',
      t20: 'a.b.c',
      t21: '*.#',
      t22: '#.*.#',
      t23: '*.#.#',
      t25: '*',
      t26: '#.b.#',
      t27: 'args-test',
    };
    const expectations: [routingKey: string, matching: string[]][] = [
      ['a.b.c', ['t1', 't2', 't5', 't6', 't10', 't11', 't12', 't18', 't20', 't21', 't22', 't23', 't26']],
      ['a.b', ['t3', 't5', 't6', 't7', 't8', 't9', 't11', 't12', 't15', 't21', 't22', 't23', 't26']],
      ['a.b.b', ['t3', 't5', 't6', 't7', 't11', 't12', 't14', 't18', 't21', 't22', 't23', 't26']],
      ['', ['t5', 't6', 't17']],
      ['b.c.c', ['t5', 't6', 't18', 't21', 't22', 't23', 't26']],
      ['a.a.a.a.a', ['t5', 't6', 't11', 't12', 't21', 't22', 't23']],
      ['vodka.gin', ['t5', 't6', 't8', 't21', 't22', 't23']],
      ['vodka.martini', ['t5', 't6', 't8', 't19', 't21', 't22', 't23']],
      ['b.b.c', ['t5', 't6', 't10', 't13', 't18', 't21', 't22', 't23', 't26']],
      ['nothing.here.at.all', ['t5', 't6', 't21', 't22', 't23']],
      ['oneword', ['t5', 't6', 't21', 't22', 't23', 't25']],
      ['args-test', ['t5', 't6', 't21', 't22', 't23', 't25', 't27']],
    ];
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
