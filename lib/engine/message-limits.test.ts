import { describe, expect, it } from 'vitest';
import { EngineError } from './errors';
import { checkFieldTable, checkMessage, contentHeaderBytes, messageBytes, MESSAGE_LIMITS } from './message-limits';
import type { FieldValue, MessageProperties } from './types';

/** A value nested `levels` deep: `levels` 1 is the bare leaf, each further level one array around it. */
function nested(levels: number, leaf: FieldValue = 'x'): FieldValue {
  let value = leaf;
  for (let i = 1; i < levels; i++) value = [value];
  return value;
}

/** The error `run` throws, as an EngineError. */
function refusal(run: () => void): EngineError {
  try {
    run();
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const publish = (properties: MessageProperties, payload = Buffer.from('hi'), max = 8 * 1024 * 1024) => () =>
  checkMessage({ payload, properties }, max);

describe('message limits', () => {
  it('accepts tables nested 64 levels deep (the headers table is the first) and refuses the 65th with its path', () => {
    // The table is level 1 and h's outermost array level 2: 63 arrays reach level 64, 64 arrays level 65.
    expect(() => checkFieldTable({ h: nested(64) }, ['arguments'])).not.toThrow();
    const error = refusal(() => checkFieldTable({ h: nested(65) }, ['arguments']));
    expect(error.code).toBe('bad_request');
    expect(error.details).toMatchObject({ limit: 64, rule: 'depth' });
    expect((error.details as { path: unknown[] }).path.slice(0, 2)).toEqual(['arguments', 'h']);
  });

  it('refuses nesting thousands of levels deep without recursing (no stack overflow)', () => {
    expect(refusal(publish({ headers: { deep: nested(100_000) } })).details).toMatchObject({ rule: 'depth', limit: MESSAGE_LIMITS.maxTableDepth });
    let table: FieldValue = {};
    for (let i = 0; i < 100_000; i++) table = { t: table };
    expect(refusal(() => checkFieldTable({ t: table }, ['headers'])).details).toMatchObject({ rule: 'depth' });
  });

  it('refuses field names over 255 bytes (AMQP short strings), counted in UTF-8', () => {
    expect(() => checkFieldTable({ ['k'.repeat(255)]: 1 }, ['arguments'])).not.toThrow();
    const error = refusal(publish({ headers: { nested: { ['é'.repeat(128)]: 1 } } }));
    expect(error.details).toMatchObject({ rule: 'field_name', limit: 255, path: ['properties', 'headers', 'nested', 'é'.repeat(128)] });
  });

  it('refuses property strings over 255 bytes', () => {
    expect(() => publish({ type: 't'.repeat(255) })()).not.toThrow();
    expect(refusal(publish({ correlationId: 'c'.repeat(256) })).details).toMatchObject({ rule: 'short_string', path: ['properties', 'correlationId'], limit: 255 });
  });

  it('refuses typed values out of their AMQP range and accepts their bounds', () => {
    const typed = (amqpType: string, value: number) => publish({ headers: { v: { amqpType, value } } });
    expect(refusal(typed('byte', 1000)).details).toMatchObject({ rule: 'typed_value', path: ['properties', 'headers', 'v'] });
    for (const [type, ok, bad] of [
      ['byte', -128, 128],
      ['short', 32767, -32769],
      ['int', -(2 ** 31), 2 ** 31],
      ['long', Number.MAX_SAFE_INTEGER, 2 ** 63],
      ['timestamp', 0, -1],
      ['float', 1.5, 1e39],
      ['decimal', 12.34, -1],
      ['byte', 1, 1.5],
    ] as const) {
      expect(typed(type, ok), `${type} ${ok}`).not.toThrow();
      expect(refusal(typed(type, bad)).details, `${type} ${bad}`).toMatchObject({ rule: 'typed_value' });
    }
    // Not a typed value (a third key, an unknown type): an ordinary table.
    expect(() => publish({ headers: { v: { amqpType: 'byte', value: 1000, x: 1 } } })()).not.toThrow();
    expect(() => publish({ headers: { v: { amqpType: 'toString', value: 1000 } } })()).not.toThrow();
  });

  it('refuses x-death entries that AMQP would have to send with a non-integer count or a negative time', () => {
    const death = (entry: Record<string, FieldValue>) => publish({ headers: { 'x-death': [{ queue: 'q', reason: 'rejected', ...entry }] } });
    expect(() => death({ count: 2, time: 1_700_000_000 })()).not.toThrow();
    expect(refusal(death({ count: 1.5 })).details).toMatchObject({ rule: 'typed_value', path: ['properties', 'headers', 'x-death', 0, 'count'] });
    expect(refusal(death({ time: -1 })).details).toMatchObject({ rule: 'typed_value' });
  });

  it('refuses a content header that does not fit in one frame of the frame-max (a 300 KB header)', () => {
    const error = refusal(publish({ headers: { big: 'x'.repeat(300_000) } }));
    expect(error.code).toBe('bad_request');
    expect(error.details).toMatchObject({ rule: 'frame_max', limit: MESSAGE_LIMITS.frameMax, path: ['properties'] });
    // BCC never travels in a content header: it does not count.
    expect(() => publish({ headers: { BCC: Array.from({ length: 1000 }, (_, i) => `${'k'.repeat(250)}${i}`) } })()).not.toThrow();
  });

  it('caps CC and BCC at 1,000 routing keys of at most 255 bytes each; other values are ignored, as RabbitMQ does', () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${i}`);
    expect(() => publish({ headers: { CC: keys(1000), BCC: keys(1000) } })()).not.toThrow();
    expect(refusal(publish({ headers: { CC: keys(1001) } })).details).toMatchObject({ path: ['properties', 'headers', 'CC'], limit: 1000 });
    expect(refusal(publish({ headers: { BCC: keys(1001) } })).details).toMatchObject({ path: ['properties', 'headers', 'BCC'], limit: 1000 });
    expect(refusal(publish({ headers: { CC: ['ok', 'x'.repeat(256)] } })).details).toMatchObject({ path: ['properties', 'headers', 'CC', 1], limit: 255 });
    expect(() => publish({ headers: { CC: 'not a list' } })()).not.toThrow();
  });

  it('counts properties and headers toward the message size, with RabbitMQ wording', () => {
    const properties: MessageProperties = { headers: { h: 'x'.repeat(100) }, messageId: 'm-1' };
    const size = messageBytes({ payload: Buffer.alloc(1000), properties });
    expect(size).toBeGreaterThan(1100);
    expect(() => checkMessage({ payload: Buffer.alloc(1000), properties }, size)).not.toThrow();
    const error = refusal(() => checkMessage({ payload: Buffer.alloc(1000), properties }, size - 1));
    expect(error.code).toBe('payload_too_large');
    expect(error.message).toBe(`message size ${size} is larger than configured max size ${size - 1}`);
    expect(error.details).toEqual({ size, limit: size - 1 });
  });

  it('weighs a message without properties as its payload, as RabbitMQ counts bytes', () => {
    expect(messageBytes({ payload: Buffer.alloc(10), properties: {} })).toBe(10);
    expect(messageBytes({ payload: Buffer.alloc(10), properties: { persistent: true } })).toBe(10);
    expect(messageBytes({ payload: Buffer.alloc(10), properties: { appId: 'abc' } })).toBe(14);
    expect(contentHeaderBytes({})).toBe(23);
  });
});
