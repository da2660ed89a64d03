/**
 * @module Method frames: a generic encoder and decoder driven by the one spec list, with hand-written decoding for
 * basic.publish and basic.ack, the two methods clients send most.
 */
import { AmqpCodecError } from './codec-error';
import { FRAME_END, FRAME_METHOD, REPLY } from './constants';
import { fieldTableSize, readFieldTable, writeFieldTable, type AmqpFieldTable } from './field-table';
import { findMethodSpec, getMethodSpec, type ArgType, type MethodName, type MethodSpec } from './method-spec';
import { encodeError, readU64, readUtf8, shortStrLength, utf8Length, WireReader, writeShortStr, writeU64, writeUtf8 } from './wire';

export type { MethodName } from './method-spec';

export interface DecodedMethod {
  classId: number;
  methodId: number;
  name: MethodName;
  // Each method has its own argument shape; callers read the fields of the method they switched on.
  args: Record<string, any>;
  hasContent: boolean;
}

// ---------------------------------------------------------------- decoding

function syntax(message: string): AmqpCodecError {
  return new AmqpCodecError(REPLY.SYNTAX_ERROR, message);
}

/** basic.publish: ticket, exchange, routingKey, then one octet of bits. */
function decodePublish(p: Buffer): DecodedMethod {
  const n = p.length;
  let at = 6;
  if (at + 1 > n) throw syntax('truncated basic.publish');
  const exLen = p[at];
  const exStart = at + 1;
  at = exStart + exLen;
  if (at + 1 > n) throw syntax('truncated basic.publish exchange');
  const rkLen = p[at];
  const rkStart = at + 1;
  at = rkStart + rkLen;
  if (at + 1 !== n) throw syntax(at + 1 > n ? 'truncated basic.publish routing key' : 'trailing bytes after basic.publish');
  const bits = p[at];
  return {
    classId: 60,
    methodId: 40,
    name: 'basic.publish',
    args: {
      ticket: p.readUInt16BE(4),
      exchange: readUtf8(p, exStart, exStart + exLen),
      routingKey: readUtf8(p, rkStart, rkStart + rkLen),
      mandatory: (bits & 1) !== 0,
      immediate: (bits & 2) !== 0,
    },
    hasContent: true,
  };
}

/** basic.ack: a longlong delivery tag and one octet of bits. */
function decodeAck(p: Buffer): DecodedMethod {
  if (p.length !== 13) throw syntax(p.length < 13 ? 'truncated basic.ack' : 'trailing bytes after basic.ack');
  return {
    classId: 60,
    methodId: 80,
    name: 'basic.ack',
    args: { deliveryTag: readU64(p, 4), multiple: (p[12] & 1) !== 0 },
    hasContent: false,
  };
}

function decodeArgs(spec: MethodSpec, p: Buffer): Record<string, unknown> {
  const r = new WireReader(p, 4, p.length);
  const args: Record<string, unknown> = {};
  let bitByte = 0;
  let bitIndex = 8; // >= 8: the next bit opens a new octet
  for (const [name, type] of spec.args) {
    if (type === 'bit') {
      if (bitIndex >= 8) {
        bitByte = r.u8(`${spec.name} ${name}`);
        bitIndex = 0;
      }
      args[name] = (bitByte & (1 << bitIndex++)) !== 0;
      continue;
    }
    bitIndex = 8;
    const what = `${spec.name} ${name}`;
    switch (type) {
      case 'octet':
        args[name] = r.u8(what);
        break;
      case 'short':
        args[name] = r.u16(what);
        break;
      case 'long':
        args[name] = r.u32(what);
        break;
      case 'longlong':
        args[name] = r.u64(what);
        break;
      case 'shortstr':
        args[name] = r.shortStr(what);
        break;
      case 'longstr':
        args[name] = r.longStr(what);
        break;
      case 'bytes':
        args[name] = Buffer.from(r.longStrBytes(what));
        break;
      case 'table':
        args[name] = readFieldTable(r);
        break;
    }
  }
  if (r.pos !== p.length) throw syntax(`${p.length - r.pos} trailing bytes after ${spec.name}`);
  return args;
}

/**
 * Decodes a method frame's payload. Unknown class/method ids throw AmqpCodecError(540 not_implemented): RabbitMQ's
 * reader simply dies on them, so the spec's code for "functionality not implemented" is the honest answer.
 * Truncated or malformed arguments, or bytes left over after them, throw AmqpCodecError(502).
 */
export function decodeMethod(payload: Buffer): DecodedMethod {
  if (payload.length < 4) throw new AmqpCodecError(REPLY.FRAME_ERROR, `method frame of ${payload.length} bytes is too short for class and method ids`);
  const classId = payload.readUInt16BE(0);
  const methodId = payload.readUInt16BE(2);
  if (classId === 60) {
    if (methodId === 40) return decodePublish(payload);
    if (methodId === 80) return decodeAck(payload);
  }
  const spec = findMethodSpec(classId, methodId);
  if (!spec) throw new AmqpCodecError(REPLY.NOT_IMPLEMENTED, `unknown method: class ${classId}, method ${methodId}`);
  return { classId, methodId, name: spec.name as MethodName, args: decodeArgs(spec, payload), hasContent: spec.hasContent };
}

// ---------------------------------------------------------------- encoding

function intArg(spec: MethodSpec, name: string, v: unknown, max: number): number {
  const n = v ?? 0;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > max) throw encodeError(`${spec.name} ${name}: ${String(v)} is not an integer in 0..${max}`);
  return n;
}

function strArg(spec: MethodSpec, name: string, v: unknown): string {
  const s = v ?? '';
  if (typeof s !== 'string') throw encodeError(`${spec.name} ${name}: expected a string`);
  return s;
}

function longStrBytes(spec: MethodSpec, name: string, v: unknown): number {
  if (v instanceof Uint8Array) return v.length;
  return utf8Length(strArg(spec, name, v));
}

function tableArg(spec: MethodSpec, name: string, v: unknown): AmqpFieldTable {
  const t = v ?? {};
  if (typeof t !== 'object' || Array.isArray(t) || t instanceof Uint8Array) throw encodeError(`${spec.name} ${name}: expected a field table`);
  return t as AmqpFieldTable;
}

const FIXED_SIZE: Partial<Record<ArgType, number>> = { octet: 1, short: 2, long: 4, longlong: 8 };

function argsSize(spec: MethodSpec, args: Record<string, unknown>): number {
  let size = 4;
  let bitIndex = 8;
  for (const [name, type] of spec.args) {
    if (type === 'bit') {
      if (bitIndex >= 8) {
        size += 1;
        bitIndex = 0;
      }
      bitIndex++;
      continue;
    }
    bitIndex = 8;
    const v = args[name];
    if (type === 'shortstr') size += 1 + shortStrLength(strArg(spec, name, v), `${spec.name} ${name}`);
    else if (type === 'longstr' || type === 'bytes') size += 4 + longStrBytes(spec, name, v);
    else if (type === 'table') size += fieldTableSize(tableArg(spec, name, v));
    else size += FIXED_SIZE[type]!;
  }
  return size;
}

function writeArgs(spec: MethodSpec, args: Record<string, unknown>, buf: Buffer, at: number): number {
  buf.writeUInt16BE(spec.classId, at);
  buf.writeUInt16BE(spec.methodId, at + 2);
  at += 4;
  let bitAt = -1;
  let bitIndex = 8;
  for (const [name, type] of spec.args) {
    const v = args[name];
    if (type === 'bit') {
      if (bitIndex >= 8) {
        bitAt = at++;
        buf[bitAt] = 0;
        bitIndex = 0;
      }
      if (v) buf[bitAt] |= 1 << bitIndex;
      bitIndex++;
      continue;
    }
    bitIndex = 8;
    switch (type) {
      case 'octet':
        buf[at++] = intArg(spec, name, v, 0xff);
        break;
      case 'short':
        at = buf.writeUInt16BE(intArg(spec, name, v, 0xffff), at);
        break;
      case 'long':
        at = buf.writeUInt32BE(intArg(spec, name, v, 0xffff_ffff), at);
        break;
      case 'longlong':
        writeU64(buf, at, intArg(spec, name, v, Number.MAX_SAFE_INTEGER));
        at += 8;
        break;
      case 'shortstr': {
        const s = strArg(spec, name, v);
        at = writeShortStr(buf, at, s, utf8Length(s));
        break;
      }
      case 'longstr':
      case 'bytes':
        if (v instanceof Uint8Array) {
          at = buf.writeUInt32BE(v.length, at);
          buf.set(v, at);
          at += v.length;
        } else {
          const s = strArg(spec, name, v);
          const len = utf8Length(s);
          at = writeUtf8(buf, buf.writeUInt32BE(len, at), s, len);
        }
        break;
      case 'table':
        at = writeFieldTable(buf, at, tableArg(spec, name, v));
        break;
    }
  }
  return at;
}

/** Encodes just a method's payload (class id, method id, arguments), without the frame around it. */
export function encodeMethodPayload(name: MethodName, args: Record<string, unknown> = {}): Buffer {
  const spec = getMethodSpec(name);
  const buf = Buffer.allocUnsafe(argsSize(spec, args));
  writeArgs(spec, args, buf, 0);
  return buf;
}

/** A whole method frame (type 1) ready to write. Missing args default to 0/''/false/{}. */
export function encodeMethod(channel: number, name: MethodName, args: Record<string, unknown> = {}): Buffer {
  const spec = getMethodSpec(name);
  const size = argsSize(spec, args);
  const buf = Buffer.allocUnsafe(size + 8);
  buf[0] = FRAME_METHOD;
  buf.writeUInt16BE(channel, 1);
  buf.writeUInt32BE(size, 3);
  writeArgs(spec, args, buf, 7);
  buf[size + 7] = FRAME_END;
  return buf;
}
