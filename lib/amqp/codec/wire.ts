/** @module Bounds-checked primitive reads and in-place writes shared by every part of the codec. */
import { AmqpCodecError } from './codec-error';
import { REPLY } from './constants';

const TWO_32 = 0x1_0000_0000;

/** A cursor over one frame payload; every read checks the end so truncation is an AmqpCodecError, never a RangeError. */
export class WireReader {
  constructor(
    readonly buf: Buffer,
    public pos: number,
    readonly end: number,
    readonly code: number = REPLY.SYNTAX_ERROR,
  ) {}

  need(n: number, what: string): number {
    const at = this.pos;
    if (at + n > this.end) throw new AmqpCodecError(this.code, `truncated ${what}: need ${n} bytes at offset ${at}, have ${this.end - at}`);
    this.pos = at + n;
    return at;
  }

  u8(what = 'octet'): number {
    return this.buf[this.need(1, what)];
  }
  u16(what = 'short'): number {
    return this.buf.readUInt16BE(this.need(2, what));
  }
  u32(what = 'long'): number {
    return this.buf.readUInt32BE(this.need(4, what));
  }
  u64(what = 'longlong'): number {
    return readU64(this.buf, this.need(8, what));
  }
  shortStr(what = 'shortstr'): string {
    const len = this.u8(what);
    const at = this.need(len, what);
    return readUtf8(this.buf, at, at + len);
  }
  longStrBytes(what = 'longstr'): Buffer {
    const len = this.u32(what);
    const at = this.need(len, what);
    return this.buf.subarray(at, at + len);
  }
  longStr(what = 'longstr'): string {
    const len = this.u32(what);
    const at = this.need(len, what);
    return this.buf.toString('utf8', at, at + len);
  }
}

export function readU64(buf: Buffer, at: number): number {
  return buf.readUInt32BE(at) * TWO_32 + buf.readUInt32BE(at + 4);
}

export function readI64(buf: Buffer, at: number): number {
  return buf.readInt32BE(at) * TWO_32 + buf.readUInt32BE(at + 4);
}

/** Writes a non-negative integer (exact up to 2^53) as an unsigned 64-bit big-endian value. */
export function writeU64(buf: Buffer, at: number, n: number): void {
  const hi = Math.floor(n / TWO_32);
  buf.writeUInt32BE(hi, at);
  buf.writeUInt32BE(n - hi * TWO_32, at + 4);
}

/** Writes an integer as a signed 64-bit value; beyond 2^53 the double is already inexact, so BigInt keeps it in range. */
export function writeI64(buf: Buffer, at: number, n: number): void {
  if (Math.abs(n) <= Number.MAX_SAFE_INTEGER) {
    const hi = Math.floor(n / TWO_32);
    buf.writeInt32BE(hi, at);
    buf.writeUInt32BE(n - hi * TWO_32, at + 4);
  } else {
    buf.writeBigInt64BE(BigInt(n), at);
  }
}

/** Decodes UTF-8; short ASCII (names, routing keys) is built in JS, about twice as fast as the native call for them. */
export function readUtf8(buf: Buffer, start: number, end: number): string {
  if (end - start > 32) return buf.toString('utf8', start, end);
  let s = '';
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c > 0x7f) return buf.toString('utf8', start, end);
    s += String.fromCharCode(c);
  }
  return s;
}

/** UTF-8 byte length without a native call for the common all-ASCII short string. */
export function utf8Length(s: string): number {
  const n = s.length;
  if (n > 64) return Buffer.byteLength(s, 'utf8');
  for (let i = 0; i < n; i++) if (s.charCodeAt(i) > 0x7f) return Buffer.byteLength(s, 'utf8');
  return n;
}

/** Writes `s` whose UTF-8 length `len` was computed with utf8Length; returns the offset after it. */
export function writeUtf8(buf: Buffer, at: number, s: string, len: number): number {
  if (len === s.length && len <= 64) {
    for (let i = 0; i < len; i++) buf[at + i] = s.charCodeAt(i);
  } else {
    buf.write(s, at, len, 'utf8');
  }
  return at + len;
}

/** Writes a shortstr (length octet + bytes) whose length was already checked to be <= 255. */
export function writeShortStr(buf: Buffer, at: number, s: string, len: number): number {
  buf[at] = len;
  return writeUtf8(buf, at + 1, s, len);
}

/** UTF-8 length of a shortstr, refusing what cannot fit its one length octet. */
export function shortStrLength(s: string, what: string): number {
  const len = utf8Length(s);
  if (len > 255) throw encodeError(`${what} is ${len} bytes; a shortstr holds at most 255`);
  return len;
}

/** A value we were asked to encode does not fit the wire type: our bug or unchecked input, not the peer's. */
export function encodeError(message: string): AmqpCodecError {
  return new AmqpCodecError(REPLY.INTERNAL_ERROR, `cannot encode: ${message}`);
}
