import { describe, expect, it } from 'vitest';
import { AmqpCodecError } from './codec-error';
import { FRAME_BODY, FRAME_HEARTBEAT, FRAME_METHOD, PROTOCOL_HEADER } from './constants';
import { encodeFrame, FrameReader, HEARTBEAT_FRAME, type Frame } from './frame-reader';

function plain(frames: Frame[]) {
  return frames.map((f) => ({ type: f.type, channel: f.channel, payload: f.payload.toString('hex') }));
}

function codeOf(fn: () => unknown): number | string {
  try {
    fn();
    return 'no error';
  } catch (e) {
    return e instanceof AmqpCodecError ? e.replyCode : `not AmqpCodecError: ${String(e)}`;
  }
}

const a = encodeFrame(FRAME_METHOD, 1, Buffer.from('method-payload'));
const b = encodeFrame(FRAME_BODY, 65535, Buffer.alloc(300, 7));
const stream = Buffer.concat([a, HEARTBEAT_FRAME, b]);
const expected = [
  { type: FRAME_METHOD, channel: 1, payload: Buffer.from('method-payload').toString('hex') },
  { type: FRAME_HEARTBEAT, channel: 0, payload: '' },
  { type: FRAME_BODY, channel: 65535, payload: Buffer.alloc(300, 7).toString('hex') },
];

describe('encodeFrame', () => {
  it('writes type, channel, size, payload and frame-end', () => {
    expect(encodeFrame(2, 0x0102, Buffer.from([0xaa]))).toEqual(Buffer.from([2, 1, 2, 0, 0, 0, 1, 0xaa, 0xce]));
    expect(HEARTBEAT_FRAME).toEqual(Buffer.from([8, 0, 0, 0, 0, 0, 0, 0xce]));
    expect(PROTOCOL_HEADER).toEqual(Buffer.from('AMQP\x00\x00\x09\x01', 'latin1'));
  });
});

describe('FrameReader', () => {
  it('returns every frame of one chunk, as views without copying', () => {
    const frames = new FrameReader(4096).push(stream);
    expect(plain(frames)).toEqual(expected);
    expect(frames[0].payload.buffer).toBe(stream.buffer);
  });

  it('reassembles the same frames whatever the chunk boundaries', () => {
    for (let cut1 = 0; cut1 <= stream.length; cut1 += 3) {
      for (const cut2 of [cut1, cut1 + 1, cut1 + 7, stream.length]) {
        const r = new FrameReader(4096);
        const c2 = Math.min(Math.max(cut2, cut1), stream.length);
        const frames = [...r.push(stream.subarray(0, cut1)), ...r.push(stream.subarray(cut1, c2)), ...r.push(stream.subarray(c2))];
        expect(plain(frames)).toEqual(expected);
      }
    }
  });

  it('accepts a stream fed one byte at a time', () => {
    const r = new FrameReader(4096);
    const frames: Frame[] = [];
    for (let i = 0; i < stream.length; i++) frames.push(...r.push(stream.subarray(i, i + 1)));
    expect(plain(frames)).toEqual(expected);
  });

  it('rejects an oversize frame as soon as its header is in', () => {
    const r = new FrameReader(4096);
    const header = Buffer.from([FRAME_BODY, 0, 1, 0, 0, 0x10, 0]); // 4096-byte payload + 8 > 4096
    expect(r.push(header.subarray(0, 6))).toEqual([]);
    expect(codeOf(() => r.push(header.subarray(6)))).toBe(501);
  });

  it('accepts a frame of exactly maxFrameSize and honours a later change', () => {
    const r = new FrameReader(4096);
    expect(r.push(encodeFrame(FRAME_BODY, 1, Buffer.alloc(4088)))).toHaveLength(1);
    r.maxFrameSize = 131072;
    expect(r.push(encodeFrame(FRAME_BODY, 1, Buffer.alloc(100_000)))).toHaveLength(1);
    expect(codeOf(() => r.push(encodeFrame(FRAME_BODY, 1, Buffer.alloc(131065))))).toBe(501);
  });

  it('treats maxFrameSize 0 as no limit', () => {
    expect(new FrameReader(0).push(encodeFrame(FRAME_BODY, 1, Buffer.alloc(200_000)))).toHaveLength(1);
  });

  it('rejects a bad frame-end octet', () => {
    const bad = Buffer.from(a);
    bad[bad.length - 1] = 0;
    expect(codeOf(() => new FrameReader(4096).push(bad))).toBe(501);
  });

  it('rejects an unknown frame type and a heartbeat with a payload', () => {
    expect(codeOf(() => new FrameReader(4096).push(encodeFrame(4, 0, Buffer.alloc(1))))).toBe(501);
    expect(codeOf(() => new FrameReader(4096).push(Buffer.from('AMQP\x00\x00\x09\x01', 'latin1')))).toBe(501);
    expect(codeOf(() => new FrameReader(4096).push(encodeFrame(FRAME_HEARTBEAT, 0, Buffer.alloc(1))))).toBe(501);
  });
});
