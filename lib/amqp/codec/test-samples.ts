/** @module Test-only: seeded random sample arguments for every method, shared by the codec's unit and interop tests. */
import type { AmqpFieldTable } from './field-table';
import type { ArgType, MethodSpec } from './method-spec';

/** mulberry32: a tiny seeded PRNG so failures reproduce. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['', 'orders', 'amq.topic', 'naïve', '☃', 'a.b.#', 'x'.repeat(255), 'ключ', '🐇'];

export function sampleTable(rand: () => number): AmqpFieldTable {
  return {
    'x-message-ttl': Math.floor(rand() * 100000),
    'x-dead-letter-exchange': WORDS[Math.floor(rand() * 5)],
    flag: rand() < 0.5,
    big: 2 ** 40 + Math.floor(rand() * 1000),
    neg: -Math.floor(rand() * 1000) - 1,
    ratio: 0.5 + rand(),
    nothing: null,
    list: ['a', 1, [true], { inner: 'v' }],
    bytes: Buffer.from([1, 2, 3, Math.floor(rand() * 256)]),
  };
}

export function sampleValue(type: ArgType, rand: () => number): unknown {
  switch (type) {
    case 'bit':
      return rand() < 0.5;
    case 'octet':
      return Math.floor(rand() * 256);
    case 'short':
      return Math.floor(rand() * 65536);
    case 'long':
      return Math.floor(rand() * 2 ** 32);
    case 'longlong':
      return Math.floor(rand() * 2 ** 53);
    case 'shortstr':
      return WORDS[Math.floor(rand() * WORDS.length)];
    case 'longstr':
      return `long ${'☃'.repeat(Math.floor(rand() * 100))} string`;
    case 'bytes':
      return Buffer.from([0, ...Buffer.from('user'), 0, ...Buffer.from('pass'), Math.floor(rand() * 256)]);
    case 'table':
      return sampleTable(rand);
  }
}

export function sampleArgs(spec: MethodSpec, rand: () => number): Record<string, unknown> {
  return Object.fromEntries(spec.args.map(([name, type]) => [name, sampleValue(type, rand)]));
}
