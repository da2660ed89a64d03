/**
 * @module AMQP 0-9-1 field tables as RabbitMQ reads and writes them (its errata tags: t b B s u I i l f d D S x A T F V),
 * mapped to plain JS values; sizes are computed first so tables are written in place inside a bigger frame.
 */
import { AmqpCodecError } from './codec-error';
import { REPLY } from './constants';
import { encodeError, readI64, readU64, utf8Length, WireReader, writeI64, writeShortStr, writeU64, writeUtf8 } from './wire';

/** A value whose AMQP type is chosen explicitly when encoding (x-death's count is a long 'l', its time a timestamp 'T'). */
export interface TypedFieldValue {
  readonly amqpType: 'byte' | 'short' | 'int' | 'long' | 'float' | 'double' | 'timestamp' | 'decimal';
  readonly value: number;
}
export type AmqpFieldValue = string | number | boolean | null | Buffer | TypedFieldValue | AmqpFieldValue[] | AmqpFieldTable;
export interface AmqpFieldTable {
  [key: string]: AmqpFieldValue;
}

const TYPED_SIZES: Record<TypedFieldValue['amqpType'], number> = {
  byte: 2, short: 3, int: 5, long: 9, float: 5, double: 9, timestamp: 9, decimal: 6,
};

export function typed(amqpType: TypedFieldValue['amqpType'], value: number): TypedFieldValue {
  return { amqpType, value };
}

/** Real tables nest two or three deep (x-death); the cap keeps hostile nesting from exhausting the stack. */
const MAX_DEPTH = 64;
const INT32_MIN = -0x8000_0000;
const INT32_MAX = 0x7fff_ffff;
const INT64_LIMIT = 2 ** 63;

function isTyped(v: object): v is TypedFieldValue {
  const t = (v as { amqpType?: unknown }).amqpType;
  return typeof t === 'string' && typeof (v as { value?: unknown }).value === 'number' && Object.hasOwn(TYPED_SIZES, t) && Object.keys(v).length === 2;
}

function isBytes(v: object): v is Uint8Array {
  return v instanceof Uint8Array;
}

// ---------------------------------------------------------------- sizes

/** Encoded size of a table including its 4-byte length prefix. */
export function fieldTableSize(table: AmqpFieldTable, depth = 0): number {
  if (depth > MAX_DEPTH) throw encodeError('field table nested too deeply (or circular)');
  let size = 4;
  for (const key in table) {
    if (!Object.prototype.hasOwnProperty.call(table, key)) continue;
    const klen = utf8Length(key);
    if (klen > 255) throw encodeError(`field table key of ${klen} bytes; at most 255`);
    size += 1 + klen + valueSize(table[key], depth + 1);
  }
  return size;
}

function arraySize(values: readonly unknown[], depth: number): number {
  if (depth > MAX_DEPTH) throw encodeError('field array nested too deeply (or circular)');
  let size = 4;
  for (let i = 0; i < values.length; i++) size += valueSize(values[i], depth + 1);
  return size;
}

/** Size of one tagged value, tag included. */
function valueSize(v: unknown, depth: number): number {
  switch (typeof v) {
    case 'string':
      return 5 + utf8Length(v);
    case 'boolean':
      return 2;
    case 'number':
      return Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX ? 5 : 9;
    case 'undefined':
      return 1;
    case 'object':
      if (v === null) return 1;
      if (isBytes(v)) return 5 + v.length;
      if (Array.isArray(v)) return 1 + arraySize(v, depth);
      if (v instanceof Date) return 9;
      if (isTyped(v)) return TYPED_SIZES[v.amqpType];
      return 1 + fieldTableSize(v as AmqpFieldTable, depth);
    default:
      throw encodeError(`a ${typeof v} cannot go in a field table`);
  }
}

// ---------------------------------------------------------------- writing

/** Writes a table (with its length prefix) at `at`; returns the offset after it. The caller sized the buffer with fieldTableSize. */
export function writeFieldTable(buf: Buffer, at: number, table: AmqpFieldTable): number {
  const start = at;
  at += 4;
  for (const key in table) {
    if (!Object.prototype.hasOwnProperty.call(table, key)) continue;
    at = writeShortStr(buf, at, key, utf8Length(key));
    at = writeValue(buf, at, table[key]);
  }
  buf.writeUInt32BE(at - start - 4, start);
  return at;
}

function writeArray(buf: Buffer, at: number, values: readonly unknown[]): number {
  const start = at;
  at += 4;
  for (let i = 0; i < values.length; i++) at = writeValue(buf, at, values[i]);
  buf.writeUInt32BE(at - start - 4, start);
  return at;
}

function tag(buf: Buffer, at: number, t: string): number {
  buf[at] = t.charCodeAt(0);
  return at + 1;
}

function writeValue(buf: Buffer, at: number, v: unknown): number {
  switch (typeof v) {
    case 'string': {
      const len = utf8Length(v);
      at = tag(buf, at, 'S');
      buf.writeUInt32BE(len, at);
      return writeUtf8(buf, at + 4, v, len);
    }
    case 'boolean':
      at = tag(buf, at, 't');
      buf[at] = v ? 1 : 0;
      return at + 1;
    case 'number':
      if (Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX) {
        buf.writeInt32BE(v, tag(buf, at, 'I'));
        return at + 5;
      }
      if (Number.isInteger(v) && v >= -INT64_LIMIT && v < INT64_LIMIT) {
        writeI64(buf, tag(buf, at, 'l'), v);
        return at + 9;
      }
      buf.writeDoubleBE(v, tag(buf, at, 'd'));
      return at + 9;
    case 'undefined':
      return tag(buf, at, 'V');
    default: {
      const o = v as object | null;
      if (o === null) return tag(buf, at, 'V');
      if (isBytes(o)) {
        at = tag(buf, at, 'x');
        buf.writeUInt32BE(o.length, at);
        buf.set(o, at + 4);
        return at + 4 + o.length;
      }
      if (Array.isArray(o)) return writeArray(buf, tag(buf, at, 'A'), o);
      if (o instanceof Date) return writeTyped(buf, at, 'timestamp', Math.floor(o.getTime() / 1000));
      if (isTyped(o)) return writeTyped(buf, at, o.amqpType, o.value);
      return writeFieldTable(buf, tag(buf, at, 'F'), o as AmqpFieldTable);
    }
  }
}

function checkInt(type: string, v: number, min: number, max: number): void {
  if (!Number.isInteger(v) || v < min || v > max) throw encodeError(`${v} is not a valid ${type}`);
}

function writeTyped(buf: Buffer, at: number, type: TypedFieldValue['amqpType'], v: number): number {
  switch (type) {
    case 'byte':
      checkInt(type, v, -0x80, 0x7f);
      buf.writeInt8(v, tag(buf, at, 'b'));
      return at + 2;
    case 'short':
      checkInt(type, v, -0x8000, 0x7fff);
      buf.writeInt16BE(v, tag(buf, at, 's'));
      return at + 3;
    case 'int':
      checkInt(type, v, INT32_MIN, INT32_MAX);
      buf.writeInt32BE(v, tag(buf, at, 'I'));
      return at + 5;
    case 'long':
      checkInt(type, v, -INT64_LIMIT, INT64_LIMIT - 1);
      writeI64(buf, tag(buf, at, 'l'), v);
      return at + 9;
    case 'timestamp':
      checkInt(type, v, 0, Number.MAX_SAFE_INTEGER);
      writeU64(buf, tag(buf, at, 'T'), v);
      return at + 9;
    case 'float':
      buf.writeFloatBE(v, tag(buf, at, 'f'));
      return at + 5;
    case 'double':
      buf.writeDoubleBE(v, tag(buf, at, 'd'));
      return at + 9;
    case 'decimal': {
      const [places, digits] = toDecimal(v);
      at = tag(buf, at, 'D');
      buf[at] = places;
      buf.writeUInt32BE(digits, at + 1);
      return at + 5;
    }
  }
}

/** RabbitMQ reads a decimal as an unsigned 32-bit mantissa over a power of ten; pick the fewest places that hold `v`. */
function toDecimal(v: number): [number, number] {
  if (!Number.isFinite(v) || v < 0 || Math.round(v) > 0xffff_ffff) throw encodeError(`${v} is not a valid decimal (0 ≤ v < 2^32)`);
  let best: [number, number] = [0, Math.round(v)];
  for (let places = 0; places <= 9; places++) {
    const digits = Math.round(v * 10 ** places);
    if (digits > 0xffff_ffff) break;
    best = [places, digits];
    if (digits / 10 ** places === v) break;
  }
  return best;
}

/** Encodes a table with its 4-byte length prefix, as it appears inside a method or content header. */
export function encodeFieldTable(table: AmqpFieldTable): Buffer {
  const buf = Buffer.allocUnsafe(fieldTableSize(table));
  writeFieldTable(buf, 0, table);
  return buf;
}

// ---------------------------------------------------------------- reading

/** Sets a decoded entry; a "__proto__" key from the wire must become data, not the object's prototype. */
function setEntry(table: AmqpFieldTable, key: string, value: AmqpFieldValue): void {
  if (key === '__proto__') Object.defineProperty(table, key, { value, enumerable: true, writable: true, configurable: true });
  else table[key] = value;
}

/** Reads a length-prefixed table at the reader's position, advancing it. */
export function readFieldTable(r: WireReader, depth = 0): AmqpFieldTable {
  if (depth > MAX_DEPTH) throw new AmqpCodecError(REPLY.SYNTAX_ERROR, 'field table nested too deeply');
  const len = r.u32('field table length');
  const start = r.need(len, 'field table');
  const inner = new WireReader(r.buf, start, start + len, r.code);
  const table: AmqpFieldTable = {};
  while (inner.pos < inner.end) {
    const key = inner.shortStr('field table key');
    setEntry(table, key, readValue(inner, depth + 1));
  }
  return table;
}

function readArray(r: WireReader, depth: number): AmqpFieldValue[] {
  if (depth > MAX_DEPTH) throw new AmqpCodecError(REPLY.SYNTAX_ERROR, 'field array nested too deeply');
  const len = r.u32('field array length');
  const start = r.need(len, 'field array');
  const inner = new WireReader(r.buf, start, start + len, r.code);
  const values: AmqpFieldValue[] = [];
  while (inner.pos < inner.end) values.push(readValue(inner, depth + 1));
  return values;
}

function readValue(r: WireReader, depth: number): AmqpFieldValue {
  const t = r.u8('field value type');
  const buf = r.buf;
  switch (t) {
    case 0x53 /* S */:
      return r.longStr('longstr field value');
    case 0x49 /* I */:
      return buf.readInt32BE(r.need(4, 'int field value'));
    case 0x74 /* t */:
      return r.u8('boolean field value') !== 0;
    case 0x6c /* l */:
      return readI64(buf, r.need(8, 'long field value'));
    case 0x46 /* F */:
      return readFieldTable(r, depth);
    case 0x41 /* A */:
      return readArray(r, depth);
    case 0x54 /* T */:
      return readU64(buf, r.need(8, 'timestamp field value'));
    case 0x56 /* V */:
      return null;
    case 0x78 /* x */:
      return Buffer.from(r.longStrBytes('byte array field value'));
    case 0x62 /* b */:
      return buf.readInt8(r.need(1, 'byte field value'));
    case 0x42 /* B */:
      return buf[r.need(1, 'unsigned byte field value')];
    case 0x73 /* s */:
      return buf.readInt16BE(r.need(2, 'short field value'));
    case 0x75 /* u */:
      return buf.readUInt16BE(r.need(2, 'unsigned short field value'));
    case 0x69 /* i */:
      return buf.readUInt32BE(r.need(4, 'unsigned int field value'));
    case 0x66 /* f */:
      return buf.readFloatBE(r.need(4, 'float field value'));
    case 0x64 /* d */:
      return buf.readDoubleBE(r.need(8, 'double field value'));
    case 0x44 /* D */: {
      const at = r.need(5, 'decimal field value');
      return buf.readUInt32BE(at + 1) / 10 ** buf[at];
    }
    default:
      throw new AmqpCodecError(REPLY.SYNTAX_ERROR, `unknown field value type 0x${t.toString(16).padStart(2, '0')}`);
  }
}

/**
 * Decodes the length-prefixed table at `offset`; returns it and the offset just after it.
 * Throws AmqpCodecError(502) on an unknown type tag or a length running past the buffer.
 */
export function decodeFieldTable(buffer: Buffer, offset: number): { table: AmqpFieldTable; offset: number } {
  if (!Number.isInteger(offset) || offset < 0) throw new AmqpCodecError(REPLY.SYNTAX_ERROR, `bad field table offset ${offset}`);
  const r = new WireReader(buffer, offset, buffer.length);
  const table = readFieldTable(r);
  return { table, offset: r.pos };
}
