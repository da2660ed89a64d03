import { describe, expect, it } from 'vitest';
import { AmqpCodecError } from './codec-error';
import { decodeFieldTable, encodeFieldTable, typed, type AmqpFieldTable } from './field-table';

/** Builds a length-prefixed table from one raw key + tagged value, to feed the decoder bytes our encoder never writes. */
function rawTable(key: string, tagged: Buffer): Buffer {
  const k = Buffer.from(key);
  const body = Buffer.concat([Buffer.from([k.length]), k, tagged]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

function tagOf(table: AmqpFieldTable): string {
  const buf = encodeFieldTable(table);
  const keyLen = buf[4];
  return String.fromCharCode(buf[5 + keyLen]);
}

function roundTrip(table: AmqpFieldTable): AmqpFieldTable {
  const buf = encodeFieldTable(table);
  const { table: out, offset } = decodeFieldTable(buf, 0);
  expect(offset).toBe(buf.length);
  return out;
}

function codeOf(fn: () => unknown): number | string {
  try {
    fn();
    return 'no error';
  } catch (e) {
    return e instanceof AmqpCodecError ? e.replyCode : `not AmqpCodecError: ${String(e)}`;
  }
}

describe('encoding plain JS values', () => {
  it.each([
    ['string', 'héllo', 'S'],
    ['true', true, 't'],
    ['false', false, 't'],
    ['small integer', 7, 'I'],
    ['negative int32', -0x8000_0000, 'I'],
    ['int32 max', 0x7fff_ffff, 'I'],
    ['integer beyond int32', 0x8000_0000, 'l'],
    ['negative integer beyond int32', -(2 ** 40) - 3, 'l'],
    ['fraction', 1.25, 'd'],
    ['NaN', Number.NaN, 'd'],
    ['null', null, 'V'],
    ['Buffer', Buffer.from([1, 2, 3]), 'x'],
    ['array', [1, 'a'], 'A'],
    ['table', { a: 1 }, 'F'],
  ] as const)('%s -> %s', (_label, value, tag) => {
    expect(tagOf({ k: value as never })).toBe(tag);
  });

  it('encodes undefined as void', () => {
    expect(tagOf({ k: undefined as never })).toBe('V');
    expect(roundTrip({ k: undefined as never })).toEqual({ k: null });
  });

  it.each([
    ['byte', -5, 'b'],
    ['short', -300, 's'],
    ['int', 12, 'I'],
    ['long', 3, 'l'],
    ['float', 1.5, 'f'],
    ['double', 2, 'd'],
    ['timestamp', 1_700_000_000, 'T'],
    ['decimal', 12.5, 'D'],
  ] as const)('typed %s -> %s and back to a number', (type, value, tag) => {
    expect(tagOf({ k: typed(type, value) })).toBe(tag);
    expect(roundTrip({ k: typed(type, value) })).toEqual({ k: value });
  });

  it('accepts a structural TypedFieldValue, but a table with more keys stays a table', () => {
    expect(tagOf({ k: { amqpType: 'long', value: 1 } })).toBe('l');
    expect(tagOf({ k: { amqpType: 'long', value: 1, other: 'x' } })).toBe('F');
  });

  it('round-trips nested tables and arrays, like an x-death header', () => {
    const table: AmqpFieldTable = {
      'x-death': [
        { count: typed('long', 2), reason: 'rejected', queue: 'q', time: typed('timestamp', 1_700_000_000), exchange: '', 'routing-keys': ['a', 'b'] },
      ],
      'x-first-death-reason': 'rejected',
      nested: { deeper: { deepest: [true, false, null, 1.5, Buffer.from('bin')] } },
      empty: {},
      emptyArray: [],
      unicode: 'naïve ☃ 🐇',
      '': 'empty key',
    };
    const out = roundTrip(table);
    expect(out).toEqual({
      ...table,
      'x-death': [{ count: 2, reason: 'rejected', queue: 'q', time: 1_700_000_000, exchange: '', 'routing-keys': ['a', 'b'] }],
    });
  });

  it('writes the exact bytes for a simple table', () => {
    expect(encodeFieldTable({ a: 1, b: true })).toEqual(Buffer.from([0, 0, 0, 11, 1, 0x61, 0x49, 0, 0, 0, 1, 1, 0x62, 0x74, 1]));
  });

  it('keeps longs exact up to 2^53 and signed', () => {
    for (const n of [2 ** 53 - 1, -(2 ** 53) + 1, 2 ** 32, -(2 ** 32), -1 - 2 ** 31]) expect(roundTrip({ n })).toEqual({ n });
  });

  it('refuses values that cannot be encoded, with an AmqpCodecError', () => {
    expect(codeOf(() => encodeFieldTable({ k: typed('byte', 200) }))).toBe(541);
    expect(codeOf(() => encodeFieldTable({ k: typed('decimal', -1) }))).toBe(541);
    expect(codeOf(() => encodeFieldTable({ ['k'.repeat(256)]: 1 }))).toBe(541);
    const circular: AmqpFieldTable = {};
    circular.self = circular;
    expect(codeOf(() => encodeFieldTable(circular))).toBe(541);
  });

  it('picks the fewest decimal places', () => {
    const buf = encodeFieldTable({ d: typed('decimal', 1.25) });
    expect(buf.subarray(6)).toEqual(Buffer.from([0x44, 2, 0, 0, 0, 125]));
  });
});

describe('decoding every tag RabbitMQ reads', () => {
  it.each([
    ['b', Buffer.from([0x62, 0xff]), -1],
    ['B', Buffer.from([0x42, 0xff]), 255],
    ['s', Buffer.from([0x73, 0xff, 0xfe]), -2],
    ['u', Buffer.from([0x75, 0xff, 0xfe]), 65534],
    ['I', Buffer.from([0x49, 0xff, 0xff, 0xff, 0xfd]), -3],
    ['i', Buffer.from([0x69, 0xff, 0xff, 0xff, 0xfd]), 0xffff_fffd],
    ['l', Buffer.from([0x6c, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfc]), -4],
    ['f', Buffer.from([0x66, 0x3f, 0xc0, 0, 0]), 1.5],
    ['d', Buffer.from([0x64, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0]), 1.5],
    ['D', Buffer.from([0x44, 3, 0, 0, 0x30, 0x39]), 12.345],
    ['T', Buffer.from([0x54, 0, 0, 0, 0, 0x65, 0x53, 0xf1, 0x00]), 0x6553f100],
    ['S', Buffer.from([0x53, 0, 0, 0, 2, 0x68, 0x69]), 'hi'],
    ['t', Buffer.from([0x74, 2]), true],
    ['V', Buffer.from([0x56]), null],
    ['x', Buffer.from([0x78, 0, 0, 0, 2, 9, 8]), Buffer.from([9, 8])],
    ['A', Buffer.from([0x41, 0, 0, 0, 2, 0x74, 0]), [false]],
    ['F', Buffer.from([0x46, 0, 0, 0, 3, 1, 0x7a, 0x56]), { z: null }],
  ])('%s', (_tag, tagged, expected) => {
    expect(decodeFieldTable(rawTable('k', tagged), 0).table).toEqual({ k: expected });
  });

  it('decodes at an offset and reports where the table ends', () => {
    const table = encodeFieldTable({ a: 'b' });
    const buf = Buffer.concat([Buffer.from([9, 9, 9]), table, Buffer.from([7])]);
    expect(decodeFieldTable(buf, 3)).toEqual({ table: { a: 'b' }, offset: 3 + table.length });
  });

  it('keeps a "__proto__" key as data', () => {
    const { table } = decodeFieldTable(rawTable('__proto__', Buffer.from([0x74, 1])), 0);
    expect(Object.getPrototypeOf(table)).toBe(Object.prototype);
    expect(Object.keys(table)).toEqual(['__proto__']);
    expect(table['__proto__']).toBe(true);
  });

  it('throws 502 on an unknown tag', () => {
    expect(codeOf(() => decodeFieldTable(rawTable('k', Buffer.from([0x55, 0, 0])), 0))).toBe(502);
    expect(codeOf(() => decodeFieldTable(rawTable('k', Buffer.from([0x4c, 0, 0, 0, 0, 0, 0, 0, 0])), 0))).toBe(502);
  });

  it('throws 502 when any length runs past the buffer', () => {
    const good = encodeFieldTable({ a: 'hello', b: [1, { c: Buffer.from('x') }] });
    for (let cut = 0; cut < good.length; cut++) expect(codeOf(() => decodeFieldTable(good.subarray(0, cut), 0))).toBe(502);
    // a table whose declared length is fine but whose last value runs past it
    const lying = Buffer.from(good);
    lying.writeUInt32BE(good.length - 6, 0);
    expect(codeOf(() => decodeFieldTable(lying, 0))).toBe(502);
    expect(codeOf(() => decodeFieldTable(good, good.length + 10))).toBe(502);
  });

  it('throws 502 rather than overflowing the stack on hostile nesting', () => {
    const depth = 5000;
    // 'A'[len]'A'[len]...: each array holds the next one.
    let inner = Buffer.alloc(0);
    for (let i = 0; i < depth; i++) {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(inner.length);
      inner = Buffer.concat([Buffer.from([0x41]), len, inner]);
    }
    expect(codeOf(() => decodeFieldTable(rawTable('k', inner), 0))).toBe(502);
  });
});
