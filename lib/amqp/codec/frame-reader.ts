/** @module Frame layer: an incremental parser for a socket's byte stream and the frame encoder. */
import { AmqpCodecError } from './codec-error';
import { FRAME_BODY, FRAME_END, FRAME_HEADER, FRAME_HEARTBEAT, FRAME_METHOD, FRAME_OVERHEAD, REPLY } from './constants';

export interface Frame {
  type: number;
  channel: number;
  /** A view into the received bytes (no copy) unless the frame arrived split across chunks. */
  payload: Buffer;
}

const HEADER_SIZE = 7;

function frameError(message: string): AmqpCodecError {
  return new AmqpCodecError(REPLY.FRAME_ERROR, message);
}

/** Incremental frame parser for a socket's byte stream (after the 8-byte protocol header, which the connection reads itself). */
export class FrameReader {
  /** Bytes of an unfinished frame, kept as received so a large frame is copied once, when it completes. */
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** How many buffered bytes the next parse attempt needs: a frame header, then the whole frame. */
  private needed = HEADER_SIZE;

  /** Largest total frame size accepted, overhead included; 0 means no limit (frame-max 0 was negotiated). */
  constructor(public maxFrameSize: number) {}

  /**
   * Appends bytes, returns every complete frame. Throws AmqpCodecError(501) on a frame larger than maxFrameSize
   * (checked as soon as its 7-byte header is in, before buffering the payload), a bad frame-end octet, an unknown
   * frame type or a heartbeat with a payload. After a throw the stream is unusable; close the connection.
   */
  push(chunk: Buffer): Frame[] {
    let data: Buffer;
    if (this.buffered === 0) {
      data = chunk;
    } else {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      if (this.buffered < this.needed) return [];
      data = Buffer.concat(this.chunks, this.buffered);
      this.chunks = [];
      this.buffered = 0;
    }
    const frames: Frame[] = [];
    let at = 0;
    const n = data.length;
    this.needed = HEADER_SIZE;
    while (n - at >= HEADER_SIZE) {
      const type = data[at];
      const size = data.readUInt32BE(at + 3);
      if (type !== FRAME_METHOD && type !== FRAME_HEADER && type !== FRAME_BODY && type !== FRAME_HEARTBEAT) {
        throw frameError(`unknown frame type ${type}`);
      }
      const total = size + FRAME_OVERHEAD;
      if (this.maxFrameSize > 0 && total > this.maxFrameSize) {
        throw frameError(`frame of ${total} bytes exceeds frame-max ${this.maxFrameSize}`);
      }
      if (n - at < total) {
        this.needed = total;
        break;
      }
      if (data[at + total - 1] !== FRAME_END) throw frameError(`bad frame-end octet 0x${data[at + total - 1].toString(16)}`);
      if (type === FRAME_HEARTBEAT && size !== 0) throw frameError(`heartbeat frame with a ${size}-byte payload`);
      frames.push({ type, channel: data.readUInt16BE(at + 1), payload: data.subarray(at + HEADER_SIZE, at + HEADER_SIZE + size) });
      at += total;
    }
    if (at < n) {
      this.chunks.push(at === 0 ? data : data.subarray(at));
      this.buffered = n - at;
    }
    return frames;
  }
}

/** One frame: 7-byte header, payload, frame-end. */
export function encodeFrame(type: number, channel: number, payload: Buffer): Buffer {
  const buf = Buffer.allocUnsafe(payload.length + FRAME_OVERHEAD);
  buf[0] = type;
  buf.writeUInt16BE(channel, 1);
  buf.writeUInt32BE(payload.length, 3);
  payload.copy(buf, HEADER_SIZE);
  buf[payload.length + HEADER_SIZE] = FRAME_END;
  return buf;
}

export const HEARTBEAT_FRAME: Buffer = encodeFrame(FRAME_HEARTBEAT, 0, Buffer.alloc(0));
