/** @module A bare AMQP client over a socket, built on the codec, for tests that send what no real client would. */
import { connect, type Socket } from 'node:net';
import { decodeMethod, encodeFrame, encodeMethod, FrameReader, PROTOCOL_HEADER, type DecodedMethod, type Frame } from '../codec';
import { TEST_TOKEN } from './amqp-fixture';

export class RawClient {
  private readonly reader = new FrameReader(0);
  private readonly frames: Frame[] = [];
  private waiters: (() => void)[] = [];
  /** Bytes before the first frame (a protocol header the server answered with). */
  raw = Buffer.alloc(0);
  readonly closed: Promise<void>;
  ended = false;

  private constructor(readonly socket: Socket, parseFrames: boolean) {
    socket.on('data', (chunk: Buffer) => {
      if (!parseFrames) this.raw = Buffer.concat([this.raw, chunk]);
      else this.frames.push(...this.reader.push(chunk));
      this.wake();
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.on('close', () => {
        this.ended = true;
        this.wake();
        resolve();
      }),
    );
  }

  static async connect(port: number, parseFrames = true): Promise<RawClient> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return new RawClient(socket, parseFrames);
  }

  /**
   * Logs in with PLAIN (admin and the test token unless told) and opens the connection on `vhost`; answers
   * connection.open's reply (open-ok or close).
   */
  static async open(
    port: number,
    options: { vhost?: string; user?: string; password?: string; frameMax?: number; channelMax?: number; heartbeat?: number } = {},
  ): Promise<{ client: RawClient; reply: DecodedMethod }> {
    const client = await RawClient.connect(port);
    client.write(PROTOCOL_HEADER);
    await client.expect('connection.start');
    client.method(0, 'connection.start-ok', {
      clientProperties: { product: 'raw' },
      mechanism: 'PLAIN',
      response: Buffer.from(`\0${options.user ?? 'admin'}\0${options.password ?? TEST_TOKEN}`),
      locale: 'en_US',
    });
    const tune = await client.expect('connection.tune');
    client.method(0, 'connection.tune-ok', {
      channelMax: options.channelMax ?? tune.args.channelMax,
      frameMax: options.frameMax ?? tune.args.frameMax,
      heartbeat: options.heartbeat ?? 0,
    });
    client.method(0, 'connection.open', { virtualHost: options.vhost ?? '/' });
    return { client, reply: await client.nextMethod() };
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  method(channel: number, name: Parameters<typeof encodeMethod>[1], args?: Record<string, unknown>): void {
    this.write(encodeMethod(channel, name, args));
  }

  frame(type: number, channel: number, payload: Buffer): void {
    this.write(encodeFrame(type, channel, payload));
  }

  async nextFrame(timeoutMs = 3000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length === 0) {
      if (this.ended) throw new Error('the server closed the socket');
      if (Date.now() > deadline) throw new Error('no frame in time');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return this.frames.shift()!;
  }

  async nextMethod(timeoutMs?: number): Promise<DecodedMethod & { channel: number }> {
    for (;;) {
      const frame = await this.nextFrame(timeoutMs);
      if (frame.type === 1) return { ...decodeMethod(frame.payload), channel: frame.channel };
    }
  }

  async expect(name: string): Promise<DecodedMethod & { channel: number }> {
    const method = await this.nextMethod();
    if (method.name !== name) throw new Error(`expected ${name}, got ${method.name} ${JSON.stringify(method.args)}`);
    return method;
  }

  /** Waits for connection.close, answers close-ok, and returns its reply code and text. */
  async connectionClose(): Promise<{ replyCode: number; replyText: string; classId: number; methodId: number }> {
    const close = await this.expect('connection.close');
    this.method(0, 'connection.close-ok');
    return close.args as { replyCode: number; replyText: string; classId: number; methodId: number };
  }

  destroy(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
