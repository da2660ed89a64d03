/**
 * @module Content: the basic class's property list (content header frame) and the body frames, split to frame-max.
 * The sizing and in-place writers here are shared with the delivery fast paths.
 */
import { AmqpCodecError } from './codec-error';
import { CLASS_BASIC, FRAME_BODY, FRAME_END, FRAME_HEADER, FRAME_OVERHEAD, REPLY } from './constants';
import { fieldTableSize, readFieldTable, writeFieldTable, type AmqpFieldTable } from './field-table';
import { encodeError, shortStrLength, utf8Length, WireReader, writeShortStr, writeU64 } from './wire';

export interface BasicProperties {
  contentType?: string;
  contentEncoding?: string;
  headers?: AmqpFieldTable;
  deliveryMode?: number;
  priority?: number;
  correlationId?: string;
  replyTo?: string;
  expiration?: string;
  messageId?: string;
  timestamp?: number;
  type?: string;
  userId?: string;
  appId?: string;
  clusterId?: string;
}

export interface ContentHeader {
  classId: number;
  bodySize: number;
  properties: BasicProperties;
}

/** classId, weight, bodySize, one flags word. */
const HEADER_FIXED = 14;

// ---------------------------------------------------------------- encoding

// The 14 basic properties are unrolled by hand: this runs for every message in and out, and a table-driven loop
// with keyed property access costs a quarter of a delivery's encoding time. Flag bit 15 is contentType, bit 2 clusterId.

function strSize(v: unknown, name: string): number {
  if (typeof v !== 'string') throw encodeError(`property ${name} must be a string`);
  return 1 + shortStrLength(v, `property ${name}`);
}

function octet(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xff) throw encodeError(`property ${name} must be an integer in 0..255`);
  return v;
}

/** Size of the property list after the flags word (the flags word itself is in HEADER_FIXED). */
export function propertiesSize(p: BasicProperties): number {
  let size = 0;
  if (p.contentType != null) size += strSize(p.contentType, 'contentType');
  if (p.contentEncoding != null) size += strSize(p.contentEncoding, 'contentEncoding');
  if (p.headers != null) size += fieldTableSize(p.headers);
  if (p.deliveryMode != null) size += 1;
  if (p.priority != null) size += 1;
  if (p.correlationId != null) size += strSize(p.correlationId, 'correlationId');
  if (p.replyTo != null) size += strSize(p.replyTo, 'replyTo');
  if (p.expiration != null) size += strSize(p.expiration, 'expiration');
  if (p.messageId != null) size += strSize(p.messageId, 'messageId');
  if (p.timestamp != null) size += 8;
  if (p.type != null) size += strSize(p.type, 'type');
  if (p.userId != null) size += strSize(p.userId, 'userId');
  if (p.appId != null) size += strSize(p.appId, 'appId');
  if (p.clusterId != null) size += strSize(p.clusterId, 'clusterId');
  return size;
}

function str(buf: Buffer, at: number, s: string): number {
  return writeShortStr(buf, at, s, utf8Length(s));
}

/** Writes the flags word and the present properties at `at` (sized by propertiesSize); returns the offset after them. */
export function writeProperties(buf: Buffer, at: number, p: BasicProperties): number {
  const flagsAt = at;
  let flags = 0;
  at += 2;
  if (p.contentType != null) {
    flags |= 0x8000;
    at = str(buf, at, p.contentType);
  }
  if (p.contentEncoding != null) {
    flags |= 0x4000;
    at = str(buf, at, p.contentEncoding);
  }
  if (p.headers != null) {
    flags |= 0x2000;
    at = writeFieldTable(buf, at, p.headers);
  }
  if (p.deliveryMode != null) {
    flags |= 0x1000;
    buf[at++] = octet(p.deliveryMode, 'deliveryMode');
  }
  if (p.priority != null) {
    flags |= 0x0800;
    buf[at++] = octet(p.priority, 'priority');
  }
  if (p.correlationId != null) {
    flags |= 0x0400;
    at = str(buf, at, p.correlationId);
  }
  if (p.replyTo != null) {
    flags |= 0x0200;
    at = str(buf, at, p.replyTo);
  }
  if (p.expiration != null) {
    flags |= 0x0100;
    at = str(buf, at, p.expiration);
  }
  if (p.messageId != null) {
    flags |= 0x0080;
    at = str(buf, at, p.messageId);
  }
  if (p.timestamp != null) {
    const t = p.timestamp;
    if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0) throw encodeError('property timestamp must be a non-negative integer');
    flags |= 0x0040;
    writeU64(buf, at, t);
    at += 8;
  }
  if (p.type != null) {
    flags |= 0x0020;
    at = str(buf, at, p.type);
  }
  if (p.userId != null) {
    flags |= 0x0010;
    at = str(buf, at, p.userId);
  }
  if (p.appId != null) {
    flags |= 0x0008;
    at = str(buf, at, p.appId);
  }
  if (p.clusterId != null) {
    flags |= 0x0004;
    at = str(buf, at, p.clusterId);
  }
  buf.writeUInt16BE(flags, flagsAt);
  return at;
}

function maxBodyPerFrame(frameMax: number): number {
  if (frameMax === 0) return Infinity; // 0 negotiates "no limit"
  if (!(frameMax > FRAME_OVERHEAD)) throw encodeError(`frame-max ${frameMax} leaves no room for a body`);
  return frameMax - FRAME_OVERHEAD;
}

/** Bytes taken by the header frame plus body frames for a property list of `propsSize` and a body of `bodyLength`. */
export function contentFramesSize(propsSize: number, bodyLength: number, frameMax: number): number {
  const headerFrame = FRAME_OVERHEAD + HEADER_FIXED + propsSize;
  if (frameMax !== 0 && headerFrame > frameMax) throw encodeError(`content header of ${headerFrame} bytes exceeds frame-max ${frameMax}`);
  const perFrame = maxBodyPerFrame(frameMax);
  const bodyFrames = bodyLength === 0 ? 0 : perFrame === Infinity ? 1 : Math.ceil(bodyLength / perFrame);
  return headerFrame + bodyFrames * FRAME_OVERHEAD + bodyLength;
}

/** Writes the header frame and body frames at `at`; the caller sized `buf` with contentFramesSize. */
export function writeContentFrames(
  buf: Buffer,
  at: number,
  channel: number,
  properties: BasicProperties,
  propsSize: number,
  body: Buffer,
  frameMax: number,
): number {
  const headerSize = HEADER_FIXED + propsSize;
  buf[at] = FRAME_HEADER;
  buf.writeUInt16BE(channel, at + 1);
  buf.writeUInt32BE(headerSize, at + 3);
  buf.writeUInt16BE(CLASS_BASIC, at + 7);
  buf.writeUInt16BE(0, at + 9);
  writeU64(buf, at + 11, body.length);
  at = writeProperties(buf, at + 19, properties);
  buf[at++] = FRAME_END;
  const perFrame = maxBodyPerFrame(frameMax);
  for (let from = 0; from < body.length; from += perFrame) {
    const n = Math.min(perFrame, body.length - from);
    buf[at] = FRAME_BODY;
    buf.writeUInt16BE(channel, at + 1);
    buf.writeUInt32BE(n, at + 3);
    // TypedArray#set is several times cheaper than Buffer#copy for small bodies.
    buf.set(n === body.length ? body : body.subarray(from, from + n), at + 7);
    at += 7 + n;
    buf[at++] = FRAME_END;
  }
  return at;
}

/** Header frame plus body frames (split so no frame exceeds frameMax; 0 means no limit), as one Buffer. */
export function encodeContent(channel: number, properties: BasicProperties, body: Buffer, frameMax: number): Buffer {
  const propsSize = propertiesSize(properties);
  const buf = Buffer.allocUnsafe(contentFramesSize(propsSize, body.length, frameMax));
  writeContentFrames(buf, 0, channel, properties, propsSize, body, frameMax);
  return buf;
}

// ---------------------------------------------------------------- decoding

/**
 * Decodes a content header frame's payload. A header for another class than basic, or with a non-zero weight, is
 * AmqpCodecError(505) as RabbitMQ answers it; truncated or malformed properties are AmqpCodecError(502).
 */
export function decodeContentHeader(payload: Buffer): ContentHeader {
  const r = new WireReader(payload, 0, payload.length);
  const classId = r.u16('content header class id');
  const weight = r.u16('content header weight');
  const bodySize = r.u64('content header body size');
  if (classId !== CLASS_BASIC) throw new AmqpCodecError(REPLY.UNEXPECTED_FRAME, `content header for class ${classId}; only basic (60) has content`);
  if (weight !== 0) throw new AmqpCodecError(REPLY.UNEXPECTED_FRAME, `content header weight must be 0, got ${weight}`);
  const flags = r.u16('property flags');
  // Bit 1 names nothing and is ignored; a continuation word could only name properties basic does not have, whose
  // values we could not skip, so any bit set there is an error.
  let more = flags & 1;
  while (more) {
    const extra = r.u16('property flags continuation');
    if (extra & ~1) throw new AmqpCodecError(REPLY.SYNTAX_ERROR, 'property flags name an unknown property');
    more = extra & 1;
  }
  const properties: BasicProperties = {};
  if (flags & 0xfffc) {
    const p = properties;
    if (flags & 0x8000) p.contentType = r.shortStr('property contentType');
    if (flags & 0x4000) p.contentEncoding = r.shortStr('property contentEncoding');
    if (flags & 0x2000) p.headers = readFieldTable(r);
    if (flags & 0x1000) p.deliveryMode = r.u8('property deliveryMode');
    if (flags & 0x0800) p.priority = r.u8('property priority');
    if (flags & 0x0400) p.correlationId = r.shortStr('property correlationId');
    if (flags & 0x0200) p.replyTo = r.shortStr('property replyTo');
    if (flags & 0x0100) p.expiration = r.shortStr('property expiration');
    if (flags & 0x0080) p.messageId = r.shortStr('property messageId');
    if (flags & 0x0040) p.timestamp = r.u64('property timestamp');
    if (flags & 0x0020) p.type = r.shortStr('property type');
    if (flags & 0x0010) p.userId = r.shortStr('property userId');
    if (flags & 0x0008) p.appId = r.shortStr('property appId');
    if (flags & 0x0004) p.clusterId = r.shortStr('property clusterId');
  }
  if (r.pos !== payload.length) throw new AmqpCodecError(REPLY.SYNTAX_ERROR, `${payload.length - r.pos} trailing bytes after content properties`);
  return { classId, bodySize, properties };
}
