import { describe, expect, it } from 'vitest';
import { AmqpCodecError } from './codec-error';
import { decodeContentHeader, encodeContent, type BasicProperties } from './content';
import { typed } from './field-table';
import { FrameReader } from './frame-reader';

function codeOf(fn: () => unknown): number | string {
  try {
    fn();
    return 'no error';
  } catch (e) {
    return e instanceof AmqpCodecError ? e.replyCode : `not AmqpCodecError: ${String(e)}`;
  }
}

const ALL: BasicProperties = {
  contentType: 'application/json',
  contentEncoding: 'gzip',
  headers: { 'x-retries': 3, 'x-death': [{ count: typed('long', 1), time: typed('timestamp', 1_700_000_000) }] },
  deliveryMode: 2,
  priority: 9,
  correlationId: 'corr-1',
  replyTo: 'amq.rabbitmq.reply-to',
  expiration: '60000',
  messageId: 'm-1',
  timestamp: 1_700_000_001,
  type: 'order.created',
  userId: 'guest',
  appId: 'shop',
  clusterId: 'c1',
};

function framesOf(buf: Buffer, frameMax: number) {
  return new FrameReader(frameMax).push(buf);
}

describe('encodeContent / decodeContentHeader', () => {
  it('round-trips every property', () => {
    const [header, body] = framesOf(encodeContent(5, ALL, Buffer.from('{}'), 4096), 4096);
    expect(header.type).toBe(2);
    expect(header.channel).toBe(5);
    expect(decodeContentHeader(header.payload)).toEqual({
      classId: 60,
      bodySize: 2,
      properties: { ...ALL, headers: { 'x-retries': 3, 'x-death': [{ count: 1, time: 1_700_000_000 }] } },
    });
    expect(body.payload.toString()).toBe('{}');
  });

  it('round-trips each property alone (flag bit by flag bit)', () => {
    for (const [key, value] of Object.entries(ALL)) {
      const [header] = framesOf(encodeContent(1, { [key]: value }, Buffer.alloc(0), 4096), 4096);
      expect(Object.keys(decodeContentHeader(header.payload).properties)).toEqual([key]);
    }
  });

  it('writes flag bits from bit 15 down and no properties as a zero flags word', () => {
    const [header] = framesOf(encodeContent(1, { contentType: 't', clusterId: 'c' }, Buffer.alloc(0), 4096), 4096);
    expect(header.payload.readUInt16BE(12)).toBe(0x8004);
    const [empty] = framesOf(encodeContent(1, {}, Buffer.alloc(0), 4096), 4096);
    expect(empty.payload).toEqual(Buffer.from([0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
  });

  it('sends no body frame for an empty body', () => {
    expect(framesOf(encodeContent(1, {}, Buffer.alloc(0), 4096), 4096)).toHaveLength(1);
  });

  it('splits the body so no frame exceeds frame-max', () => {
    const body = Buffer.alloc(10_000);
    for (let i = 0; i < body.length; i++) body[i] = i % 251;
    for (const frameMax of [4096, 4097, 5000, 10_008, 10_009, 131072]) {
      const buf = encodeContent(1, { contentType: 'x' }, body, frameMax);
      const frames = framesOf(buf, frameMax);
      const bodies = frames.slice(1);
      expect(bodies.every((f) => f.type === 3 && f.payload.length + 8 <= frameMax)).toBe(true);
      expect(bodies).toHaveLength(Math.ceil(body.length / (frameMax - 8)));
      expect(Buffer.concat(bodies.map((f) => f.payload))).toEqual(body);
    }
    expect(framesOf(encodeContent(1, {}, body, 0), 0)).toHaveLength(2);
  });

  it('skips null and undefined properties', () => {
    const [header] = framesOf(encodeContent(1, { contentType: undefined, priority: null as never, appId: 'a' }, Buffer.alloc(0), 4096), 4096);
    expect(decodeContentHeader(header.payload).properties).toEqual({ appId: 'a' });
  });

  it('reads continuation flag words that name nothing', () => {
    const prefix = Buffer.from([0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    // 0x8001: contentType + continuation; then 0x0000 ends the flags.
    const ok = Buffer.concat([prefix, Buffer.from([0x80, 0x01, 0x00, 0x00, 1, 0x74])]);
    expect(decodeContentHeader(ok)).toEqual({ classId: 60, bodySize: 1, properties: { contentType: 't' } });
    // a continuation word naming a property that basic does not have cannot be skipped
    const unknown = Buffer.concat([prefix, Buffer.from([0x80, 0x01, 0x80, 0x00, 1, 0x74])]);
    expect(codeOf(() => decodeContentHeader(unknown))).toBe(502);
  });

  it('answers a header for another class or with a weight with 505', () => {
    expect(codeOf(() => decodeContentHeader(Buffer.from([0, 50, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])))).toBe(505);
    expect(codeOf(() => decodeContentHeader(Buffer.from([0, 60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])))).toBe(505);
  });

  it('ignores the reserved flag bit 1', () => {
    expect(decodeContentHeader(Buffer.from([0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2])).properties).toEqual({});
  });

  it('answers truncation and trailing bytes with 502', () => {
    const [header] = framesOf(encodeContent(1, ALL, Buffer.alloc(0), 4096), 4096);
    for (let cut = 0; cut < header.payload.length; cut++) expect(codeOf(() => decodeContentHeader(header.payload.subarray(0, cut)))).toBe(502);
    expect(codeOf(() => decodeContentHeader(Buffer.concat([header.payload, Buffer.from([0])])))).toBe(502);
  });

  it('refuses to encode what cannot be framed', () => {
    expect(codeOf(() => encodeContent(1, { priority: 256 }, Buffer.alloc(0), 4096))).toBe(541);
    expect(codeOf(() => encodeContent(1, { messageId: 'm'.repeat(256) }, Buffer.alloc(0), 4096))).toBe(541);
    expect(codeOf(() => encodeContent(1, { headers: { big: 'x'.repeat(5000) } }, Buffer.alloc(0), 4096))).toBe(541);
    expect(codeOf(() => encodeContent(1, {}, Buffer.alloc(1), 8))).toBe(541);
  });
});
