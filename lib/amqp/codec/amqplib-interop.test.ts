import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { decodeContentHeader, encodeContent, type BasicProperties } from './content';
import { decodeFieldTable, encodeFieldTable, typed, type AmqpFieldTable } from './field-table';
import { FrameReader } from './frame-reader';
import { METHOD_SPECS, type ArgType, type MethodSpec } from './method-spec';
import { decodeMethod, encodeMethodPayload } from './methods';
import { rng, sampleArgs, sampleTable } from './test-samples';

// amqplib is an independent implementation (generated from RabbitMQ's codegen JSON); test-only use of its internals.
const require = createRequire(import.meta.url);
interface AmqplibArg { name: string; type: string }
const defs = require('amqplib/lib/defs') as {
  decode(id: number, buf: Buffer): Record<string, unknown>;
  encodeMethod(id: number, channel: number, fields: Record<string, unknown>): Buffer;
  encodeProperties(id: number, channel: number, size: number, fields: Record<string, unknown>): Buffer;
  info(id: number): { name: string; args: AmqplibArg[] };
};
const amqplibCodec = require('amqplib/lib/codec') as {
  encodeTable(buf: Buffer, val: Record<string, unknown>, offset: number): number;
  decodeFields(slice: Buffer): Record<string, unknown>;
};

/** amqplib wraps timestamps and decimals as {'!': type, value}; ours decodes both to numbers. */
function normalize(v: unknown): unknown {
  if (Buffer.isBuffer(v) || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(normalize);
  const o = v as Record<string, unknown>;
  if ('!' in o) {
    if (o['!'] === 'timestamp') return o.value;
    if (o['!'] === 'decimal') {
      const d = o.value as { places: number; digits: number };
      return d.digits / 10 ** d.places;
    }
  }
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined).map(([k, x]) => [k, normalize(x)]));
}

/** What our decoder yields for an argument of `type` given the value we encoded. */
function ourView(type: ArgType, v: unknown): unknown {
  if (type === 'longstr' && Buffer.isBuffer(v)) return v.toString('utf8');
  if (type === 'table') return normalize(v);
  return v;
}

const toAmqplibType: Record<ArgType, string> = {
  bit: 'bit', octet: 'octet', short: 'short', long: 'long', longlong: 'longlong', shortstr: 'shortstr', longstr: 'longstr', bytes: 'longstr', table: 'table',
};

function amqplibName(spec: MethodSpec): string {
  return spec.name.split(/[.-]/).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

const id = (spec: MethodSpec) => spec.classId * 0x1_0000 + spec.methodId;

describe('methods against amqplib', () => {
  it.each(METHOD_SPECS.map((s) => [s.name, s] as const))('%s: same id, name and argument list', (_name, spec) => {
    const info = defs.info(id(spec));
    expect(info.name).toBe(amqplibName(spec));
    expect(info.args.map((a) => [a.name, a.type])).toEqual(spec.args.map(([n, t]) => [n, toAmqplibType[t]]));
  });

  it.each(METHOD_SPECS.map((s) => [s.name, s] as const))('%s: ours -> amqplib and amqplib -> ours', (_name, spec) => {
    const rand = rng(id(spec));
    for (let i = 0; i < 4; i++) {
      const args = sampleArgs(spec, rand);
      // ours -> amqplib (which decodes every longstr to a Buffer)
      const theirs = defs.decode(id(spec), encodeMethodPayload(spec.name, args).subarray(4));
      const expectedTheirs = Object.fromEntries(
        spec.args.map(([n, t]) => [n, t === 'longstr' ? Buffer.from(args[n] as string) : t === 'table' ? normalize(args[n]) : args[n]]),
      );
      expect(normalize(theirs)).toEqual(expectedTheirs);
      // amqplib -> ours (amqplib only takes Buffers for longstr)
      const forAmqplib = Object.fromEntries(spec.args.map(([n, t]) => [n, t === 'longstr' ? Buffer.from(args[n] as string) : args[n]]));
      const frame = defs.encodeMethod(id(spec), 3, forAmqplib);
      const ours = decodeMethod(frame.subarray(7, frame.length - 1));
      expect(ours.name).toBe(spec.name);
      expect(ours.args).toEqual(Object.fromEntries(spec.args.map(([n, t]) => [n, ourView(t, forAmqplib[n])])));
    }
  });
});

const PROPS: BasicProperties = {
  contentType: 'application/json',
  contentEncoding: 'utf-8',
  headers: sampleTable(rng(1)),
  deliveryMode: 2,
  priority: 7,
  correlationId: 'c',
  replyTo: 'r',
  expiration: '1000',
  messageId: 'ïd',
  timestamp: 1_700_000_000,
  type: 't',
  userId: 'guest',
  appId: 'a',
  clusterId: 'cl',
};

describe('content properties against amqplib', () => {
  const subsets: BasicProperties[] = [PROPS, {}, { deliveryMode: 1 }, { headers: {} }, { clusterId: 'x', contentType: 'y' }];

  it.each(subsets.map((p, i) => [i, p] as const))('subset %i: ours -> amqplib', (_i, props) => {
    const [header] = new FrameReader(131072).push(encodeContent(1, props, Buffer.alloc(0), 131072));
    expect(normalize(defs.decode(60, header.payload.subarray(12)))).toEqual(normalize(props));
  });

  it.each(subsets.map((p, i) => [i, p] as const))('subset %i: amqplib -> ours', (_i, props) => {
    const frame = defs.encodeProperties(60, 1, 12345, props as Record<string, unknown>);
    const header = decodeContentHeader(frame.subarray(7, frame.length - 1));
    expect(header).toEqual({ classId: 60, bodySize: 12345, properties: normalize(props) });
  });
});

describe('field tables of every type against amqplib', () => {
  it('ours -> amqplib', () => {
    const table: AmqpFieldTable = {
      S: 'string ☃', t: true, f0: false, I: -7, l: 2 ** 40, d: 0.25, V: null, x: Buffer.from([0, 255]), A: [1, 'a', [null]], F: { nested: { n: 1 } },
      b: typed('byte', -3), s: typed('short', -300), Ityped: typed('int', 5), ltyped: typed('long', -(2 ** 40)), f: typed('float', 1.5),
      dtyped: typed('double', 3), T: typed('timestamp', 1_700_000_000), D: typed('decimal', 12.34),
    };
    const buf = encodeFieldTable(table);
    const theirs = normalize(amqplibCodec.decodeFields(buf.subarray(4)));
    expect(theirs).toEqual(normalize(decodeFieldTable(buf, 0).table));
    expect(theirs).toEqual({
      S: 'string ☃', t: true, f0: false, I: -7, l: 2 ** 40, d: 0.25, V: null, x: Buffer.from([0, 255]), A: [1, 'a', [null]], F: { nested: { n: 1 } },
      b: -3, s: -300, Ityped: 5, ltyped: -(2 ** 40), f: 1.5, dtyped: 3, T: 1_700_000_000, D: 12.34,
    });
  });

  it('amqplib -> ours, including the tags only other clients write (B u i)', () => {
    const theirTable = {
      str: 'héllo', yes: true, no: false, byte: -100, short: 1000, int: -100_000, long: 2 ** 45, double: 1.75, nil: null,
      bin: Buffer.from('bin'), arr: [1, 'two', { three: 3 }], tbl: { a: { b: 'c' } },
      ub: { '!': 'unsignedbyte', value: 250 }, us: { '!': 'unsignedshort', value: 65000 }, ui: { '!': 'unsignedint', value: 4_000_000_000 },
      i8: { '!': 'int8', value: -1 }, i16: { '!': 'int16', value: -2 }, i32: { '!': 'int32', value: -3 }, i64: { '!': 'int64', value: -4 },
      flt: { '!': 'float', value: 0.5 }, ts: { '!': 'timestamp', value: 1_600_000_000 }, dec: { '!': 'decimal', value: { places: 2, digits: 1234 } },
    };
    const buf = Buffer.alloc(4096);
    const size = amqplibCodec.encodeTable(buf, theirTable, 0);
    const { table, offset } = decodeFieldTable(buf.subarray(0, size), 0);
    expect(offset).toBe(size);
    expect(table).toEqual({
      str: 'héllo', yes: true, no: false, byte: -100, short: 1000, int: -100_000, long: 2 ** 45, double: 1.75, nil: null,
      bin: Buffer.from('bin'), arr: [1, 'two', { three: 3 }], tbl: { a: { b: 'c' } },
      ub: 250, us: 65000, ui: 4_000_000_000, i8: -1, i16: -2, i32: -3, i64: -4, flt: 0.5, ts: 1_600_000_000, dec: 12.34,
    });
  });
});
