/**
 * @module The AMQP 0-9-1 encoded size and shape of header tables and message properties, computed in the engine
 * (which does not import the AMQP codec) by the same rules as lib/amqp/codec: walked without recursion, so no
 * nesting, however deep, can exhaust the stack. A test compares these sizes with the codec's own output.
 */
import type { FieldTable, FieldValue, MessageProperties } from './types';

/** Why a table or property cannot travel over AMQP: where (a path into the message) and which bound it passes. */
export interface LimitViolation {
  rule: 'depth' | 'field_name' | 'short_string' | 'typed_value' | 'value';
  path: (string | number)[];
  limit: number | string;
  message: string;
}

export const MAX_SHORT_STRING_BYTES = 255;

const TYPED_SIZES = { byte: 2, short: 3, int: 5, long: 9, float: 5, double: 9, timestamp: 9, decimal: 6 } as const;
type AmqpType = keyof typeof TYPED_SIZES;
const INT32_MIN = -0x8000_0000;
const INT32_MAX = 0x7fff_ffff;
const INT64_LIMIT = 2 ** 63;
const FLOAT_MAX = 3.4028234663852886e38;

/** Each typed value's range, as the codec writes it (a decimal: an unsigned 32-bit mantissa over a power of ten). */
const TYPED_RANGES: Record<AmqpType, { ok: (v: number) => boolean; limit: string }> = {
  byte: { ok: (v) => Number.isInteger(v) && v >= -0x80 && v <= 0x7f, limit: '-128..127' },
  short: { ok: (v) => Number.isInteger(v) && v >= -0x8000 && v <= 0x7fff, limit: '-32768..32767' },
  int: { ok: (v) => Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX, limit: '-2^31..2^31-1' },
  long: { ok: (v) => Number.isInteger(v) && v >= -INT64_LIMIT && v < INT64_LIMIT, limit: '-2^63..2^63-1' },
  timestamp: { ok: (v) => Number.isSafeInteger(v) && v >= 0, limit: `0..${Number.MAX_SAFE_INTEGER}` },
  float: { ok: (v) => Number.isFinite(v) && Math.abs(v) <= FLOAT_MAX, limit: `±${FLOAT_MAX}` },
  double: { ok: (v) => Number.isFinite(v), limit: 'finite' },
  decimal: { ok: (v) => Number.isFinite(v) && v >= 0 && Math.round(v) <= 0xffff_ffff, limit: '0..2^32-1' },
};

/** `{"amqpType": "byte", "value": 1}`: a value whose AMQP type is chosen (the codec's TypedFieldValue). */
function typedOf(v: object): { amqpType: AmqpType; value: number } | undefined {
  const o = v as { amqpType?: unknown; value?: unknown };
  if (typeof o.amqpType !== 'string' || typeof o.value !== 'number' || Object.keys(v).length !== 2) return undefined;
  return Object.hasOwn(TYPED_SIZES, o.amqpType) ? (o as { amqpType: AmqpType; value: number }) : undefined;
}

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

function numberSize(v: number): number {
  return Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX ? 5 : 9;
}

interface Frame {
  value: FieldValue;
  /** 1 for the table itself, +1 for each table or array it sits in. */
  level: number;
  parent: Frame | undefined;
  key: string | number;
}

function pathOf(frame: Frame | undefined, root: (string | number)[]): (string | number)[] {
  const path: (string | number)[] = [];
  for (let f = frame; f; f = f.parent) path.push(f.key);
  path.pop(); // the root frame's own key
  return [...root, ...path.reverse()];
}

export interface TableOptions {
  /** Where the table is, for error paths (`['properties', 'headers']`). */
  path: (string | number)[];
  maxDepth: number;
  /** Top-level keys that are not encoded (BCC is removed before delivery). */
  skipKeys?: readonly string[];
  /** x-death entries travel with RabbitMQ's types: `count` a long, `time` a timestamp (lib/amqp/field-values). */
  deathTypes?: boolean;
}

/**
 * The encoded size of `table` with its length prefix, or the first reason it cannot be encoded: nesting deeper than
 * `maxDepth` levels (the table itself is level 1), a field name over 255 bytes, or a typed value out of its range.
 */
export function fieldTableShape(table: FieldTable, options: TableOptions): { size: number } | { violation: LimitViolation } {
  const { maxDepth } = options;
  let size = 0;
  const root: Frame = { value: table, level: 1, parent: undefined, key: '' };
  const stack: Frame[] = [root];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const v = frame.value;
    if (v === null) {
      size += 1;
      continue;
    }
    switch (typeof v) {
      case 'string':
        size += 5 + utf8(v);
        continue;
      case 'boolean':
        size += 2;
        continue;
      case 'number':
        size += numberSize(v);
        continue;
      case 'object':
        break;
      default:
        return { violation: { rule: 'value', path: pathOf(frame, options.path), limit: 'AMQP field value', message: `a ${typeof v} cannot go in a field table` } };
    }
    const isRoot = frame === root;
    const typed = Array.isArray(v) || isRoot ? undefined : typedOf(v);
    if (typed) {
      const range = TYPED_RANGES[typed.amqpType];
      if (!range.ok(typed.value)) {
        const message = `${typed.value} is not a valid ${typed.amqpType} (${range.limit})`;
        return { violation: { rule: 'typed_value', path: pathOf(frame, options.path), limit: range.limit, message } };
      }
      size += TYPED_SIZES[typed.amqpType];
      continue;
    }
    if (frame.level > maxDepth) {
      const message = `tables and arrays nest at most ${maxDepth} levels deep`;
      return { violation: { rule: 'depth', path: pathOf(frame, options.path), limit: maxDepth, message } };
    }
    size += isRoot ? 4 : 5; // length prefix, plus the type tag of a nested table or array
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], level: frame.level + 1, parent: frame, key: i });
      continue;
    }
    for (const key of Object.keys(v)) {
      if (isRoot && options.skipKeys?.includes(key)) continue;
      const keyBytes = utf8(key);
      if (keyBytes > MAX_SHORT_STRING_BYTES) {
        const message = `field name of ${keyBytes} bytes; at most ${MAX_SHORT_STRING_BYTES}`;
        return { violation: { rule: 'field_name', path: [...pathOf(frame, options.path), key], limit: MAX_SHORT_STRING_BYTES, message } };
      }
      size += 1 + keyBytes;
      const value = (v as FieldTable)[key];
      if (isRoot && options.deathTypes && key === 'x-death' && Array.isArray(value)) {
        const death = deathShape(value, frame, options);
        if ('violation' in death) return death;
        size += death.size;
        continue;
      }
      stack.push({ value, level: frame.level + 1, parent: frame, key });
    }
  }
  return { size };
}

/** x-death as lib/amqp/field-values sends it: each entry's `count` becomes a long and `time` a timestamp. */
function deathShape(entries: FieldValue[], parent: Frame, options: TableOptions): { size: number } | { violation: LimitViolation } {
  const typedEntries = entries.map((entry) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return entry;
    const out: Record<string, FieldValue> = {};
    for (const key of Object.keys(entry)) {
      const value = entry[key];
      if (key === 'count' && typeof value === 'number') out[key] = { amqpType: 'long', value };
      else if (key === 'time' && typeof value === 'number') out[key] = { amqpType: 'timestamp', value };
      else out[key] = value;
    }
    return out;
  });
  const shape = fieldTableShape({ 'x-death': typedEntries }, { ...options, path: pathOf(parent, options.path), maxDepth: options.maxDepth, deathTypes: false });
  // The wrapper table's own prefix and key are not part of the value.
  return 'size' in shape ? { size: shape.size - 4 - 1 - utf8('x-death') } : shape;
}

const SHORT_STRING_PROPERTIES = [
  'contentType',
  'contentEncoding',
  'correlationId',
  'replyTo',
  'messageId',
  'type',
  'userId',
  'appId',
  'clusterId',
] as const satisfies readonly (keyof MessageProperties)[];

/** classId, weight, bodySize and the flags word, then the 7-byte frame header and the frame-end octet. */
export const CONTENT_HEADER_OVERHEAD = 14 + 8;

/**
 * The size of the content header frame that carries `properties` over AMQP (the property list as
 * lib/amqp/properties maps it, plus the frame's overhead), or the first reason it cannot be encoded.
 */
export function contentHeaderShape(properties: MessageProperties, options: { maxDepth: number; skipHeaders?: readonly string[] }): { size: number } | { violation: LimitViolation } {
  let size = CONTENT_HEADER_OVERHEAD + 1; // delivery-mode is always sent
  for (const name of SHORT_STRING_PROPERTIES) {
    const value = properties[name];
    if (value === undefined) continue;
    const bytes = typeof value === 'string' ? utf8(value) : Infinity;
    if (bytes > MAX_SHORT_STRING_BYTES) {
      return { violation: { rule: 'short_string', path: ['properties', name], limit: MAX_SHORT_STRING_BYTES, message: `${name} must be a string of at most ${MAX_SHORT_STRING_BYTES} bytes` } };
    }
    size += 1 + bytes;
  }
  const { priority, expirationMs, timestamp } = properties;
  if (priority !== undefined) {
    if (!Number.isInteger(priority) || priority < 0 || priority > 255) {
      return { violation: { rule: 'value', path: ['properties', 'priority'], limit: '0..255', message: 'priority must be an integer in 0..255' } };
    }
    size += 1;
  }
  if (expirationMs !== undefined) {
    if (!Number.isSafeInteger(expirationMs) || expirationMs < 0) {
      return { violation: { rule: 'value', path: ['properties', 'expirationMs'], limit: `0..${Number.MAX_SAFE_INTEGER}`, message: 'expirationMs must be a non-negative integer' } };
    }
    size += 1 + String(expirationMs).length;
  }
  if (timestamp !== undefined) {
    if (!Number.isFinite(timestamp) || timestamp < 0 || !Number.isSafeInteger(Math.floor(timestamp / 1000))) {
      return { violation: { rule: 'value', path: ['properties', 'timestamp'], limit: `0..${Number.MAX_SAFE_INTEGER}`, message: 'timestamp must be a non-negative number of milliseconds' } };
    }
    size += 8;
  }
  if (properties.headers !== undefined) {
    const table = fieldTableShape(properties.headers, { path: ['properties', 'headers'], maxDepth: options.maxDepth, skipKeys: options.skipHeaders, deathTypes: true });
    if ('violation' in table) return table;
    size += table.size;
  }
  return { size };
}
