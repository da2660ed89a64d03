import { describe, expect, it } from 'vitest';
import { checkMessage, contentHeaderBytes, MESSAGE_LIMITS, type FieldValue, type MessageProperties } from '../engine';
import { decodeContentHeader, encodeContent, FRAME_OVERHEAD } from './codec';
import { fromAmqpTable } from './field-values';
import { toBasicProperties } from './properties';

/** A small deterministic generator, so a failure names the seed that made it. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function value(next: () => number, depth: number): FieldValue {
  const pick = Math.floor(next() * (depth > 5 ? 6 : 9));
  switch (pick) {
    case 0:
      return 'é'.repeat(Math.floor(next() * 20)) + 'x';
    case 1:
      return Math.floor(next() * 2 ** 31) * (next() < 0.5 ? -1 : 1);
    case 2:
      return Math.floor(next() * 2 ** 52);
    case 3:
      return next() * 1000;
    case 4:
      return next() < 0.5;
    case 5:
      return null;
    case 6:
      return { amqpType: (['byte', 'short', 'int', 'long', 'float', 'double', 'timestamp', 'decimal'] as const)[Math.floor(next() * 8)], value: Math.floor(next() * 100) };
    case 7:
      return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
    default: {
      const table: Record<string, FieldValue> = {};
      for (let i = Math.floor(next() * 4); i > 0; i--) table[`k${i}${'ü'.repeat(Math.floor(next() * 5))}`] = value(next, depth + 1);
      return table;
    }
  }
}

function properties(next: () => number): MessageProperties {
  const p: MessageProperties = { persistent: next() < 0.5, headers: value(next, 0) as Record<string, FieldValue> };
  if (typeof p.headers !== 'object' || p.headers === null || Array.isArray(p.headers)) p.headers = { v: p.headers ?? null };
  if (next() < 0.5) p.messageId = `m-${Math.floor(next() * 1e9)}`;
  if (next() < 0.5) p.timestamp = Math.floor(next() * 2 ** 40);
  if (next() < 0.5) p.expirationMs = Math.floor(next() * 1e7);
  if (next() < 0.5) p.priority = Math.floor(next() * 256);
  if (next() < 0.3) p.headers['x-death'] = [{ count: 3, time: 1_700_000_000, queue: 'q', reason: 'expired', 'routing-keys': ['a'] }];
  return p;
}

describe("the engine's message limits agree with the AMQP codec", () => {
  it('size every content header exactly as the codec encodes it', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const p = properties(random(seed));
      const encoded = encodeContent(1, toBasicProperties(p), Buffer.alloc(0), 0);
      expect(contentHeaderBytes(p), `seed ${seed}`).toBe(encoded.length);
    }
  });

  it('a header at the deepest nesting the engine accepts is encoded and read back by the codec', () => {
    let deep: FieldValue = 'leaf';
    for (let level = 2; level <= MESSAGE_LIMITS.maxTableDepth; level++) deep = level % 2 ? [deep] : { t: deep };
    const p: MessageProperties = { persistent: true, headers: { deep } };
    expect(() => checkMessage({ payload: Buffer.alloc(0), properties: p }, 1024)).not.toThrow();
    const frame = encodeContent(1, toBasicProperties(p), Buffer.alloc(0), MESSAGE_LIMITS.frameMax);
    const decoded = decodeContentHeader(frame.subarray(7, frame.length - 1));
    expect(fromAmqpTable(decoded.properties.headers!)).toEqual(p.headers);
  });

  it('a header that just fits the frame-max is encoded in one frame of it; one byte more is refused', () => {
    const fixed = contentHeaderBytes({ persistent: true, headers: { h: '' } });
    const fits: MessageProperties = { persistent: true, headers: { h: 'x'.repeat(MESSAGE_LIMITS.frameMax - fixed) } };
    expect(() => checkMessage({ payload: Buffer.alloc(0), properties: fits }, 1024 * 1024)).not.toThrow();
    const frame = encodeContent(1, toBasicProperties(fits), Buffer.alloc(0), MESSAGE_LIMITS.frameMax);
    expect(frame.length).toBe(MESSAGE_LIMITS.frameMax);
    expect(frame.readUInt32BE(3) + FRAME_OVERHEAD).toBe(MESSAGE_LIMITS.frameMax);
    const over: MessageProperties = { persistent: true, headers: { h: 'x'.repeat(MESSAGE_LIMITS.frameMax - fixed + 1) } };
    expect(() => checkMessage({ payload: Buffer.alloc(0), properties: over }, 1024 * 1024)).toThrow(/must fit in one frame/);
  });
});
