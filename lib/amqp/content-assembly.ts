/**
 * @module A basic.publish in the making: the method, then its content header, then body frames until the size the
 * header announced. Frames out of that order are 505 UNEXPECTED_FRAME; a body over the limit is refused at the header,
 * and so is one that would take the connection's unfinished bodies (all channels together) over their bound.
 */
import { CLASS_BASIC, decodeContentHeader, REPLY, type BasicProperties } from './codec';
import { ByteBudget } from './connection-limits';
import { AmqpError } from './reply-codes';

export interface AssembledMessage {
  exchange: string;
  routingKey: string;
  mandatory: boolean;
  properties: BasicProperties;
  payload: Buffer;
}

export class ContentAssembly {
  private current: { exchange: string; routingKey: string; mandatory: boolean; properties?: BasicProperties; bodySize: number } | undefined;
  private chunks: Buffer[] = [];
  private received = 0;
  /** What this body holds of the connection's budget for unfinished bodies. */
  private reserved = 0;

  constructor(
    private readonly maxMessageBytes: number,
    private readonly partialBodies: ByteBudget = new ByteBudget(Infinity),
  ) {}

  /** Whether a publish is waiting for its content (any other method now is a protocol error). */
  get pending(): boolean {
    return this.current !== undefined;
  }

  start(exchange: string, routingKey: string, mandatory: boolean): void {
    this.current = { exchange, routingKey, mandatory, bodySize: -1 };
    this.chunks = [];
    this.received = 0;
  }

  /** The content header; answers the message when its body is empty. */
  header(payload: Buffer): AssembledMessage | undefined {
    const p = this.current;
    if (!p || p.bodySize >= 0) throw new AmqpError(REPLY.UNEXPECTED_FRAME, `expected method frame, got content header instead`);
    const header = decodeContentHeader(payload);
    if (header.classId !== CLASS_BASIC) throw new AmqpError(REPLY.FRAME_ERROR, `content header for class ${header.classId}`);
    if (header.bodySize > this.maxMessageBytes) {
      this.current = undefined;
      throw new AmqpError(REPLY.PRECONDITION_FAILED, `message size ${header.bodySize} is larger than configured max size ${this.maxMessageBytes}`);
    }
    // Reserved before a byte of it is buffered: a client cannot hold a partial body on each of 2,047 channels.
    if (!this.partialBodies.take(header.bodySize)) {
      this.current = undefined;
      throw new AmqpError(
        REPLY.PRECONDITION_FAILED,
        `message size ${header.bodySize} would take this connection's unfinished message bodies over ${this.partialBodies.limit} bytes`,
      );
    }
    this.reserved = header.bodySize;
    p.properties = header.properties;
    p.bodySize = header.bodySize;
    return p.bodySize === 0 ? this.finish(Buffer.alloc(0)) : undefined;
  }

  /** A body frame; answers the message once the whole body is in. */
  body(payload: Buffer): AssembledMessage | undefined {
    const p = this.current;
    if (!p || p.bodySize < 0) throw new AmqpError(REPLY.UNEXPECTED_FRAME, `expected method frame, got content body instead`);
    this.received += payload.length;
    if (this.received > p.bodySize) throw new AmqpError(REPLY.FRAME_ERROR, `content body is longer than the ${p.bodySize} bytes its header announced`);
    this.chunks.push(payload);
    if (this.received < p.bodySize) return undefined;
    // One copy: a frame is a view of a socket chunk that may hold many other messages.
    return this.finish(this.chunks.length === 1 ? copyOf(this.chunks[0]) : Buffer.concat(this.chunks, p.bodySize));
  }

  clear(): void {
    this.current = undefined;
    this.chunks = [];
    this.partialBodies.give(this.reserved);
    this.reserved = 0;
  }

  private finish(payload: Buffer): AssembledMessage {
    const p = this.current!;
    this.clear();
    return { exchange: p.exchange, routingKey: p.routingKey, mandatory: p.mandatory, properties: p.properties!, payload };
  }
}

/** A copy of a frame's bytes; allocUnsafe takes small ones from Node's pool. */
function copyOf(view: Buffer): Buffer {
  const copy = Buffer.allocUnsafe(view.length);
  view.copy(copy);
  return copy;
}
