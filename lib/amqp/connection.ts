/**
 * @module One AMQP 0-9-1 connection: the protocol header, start/tune/open with PLAIN or AMQPLAIN, heartbeats,
 * frame-max and channel-max, frames routed to channels, writes batched per turn, and close in both directions.
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Broker } from '../engine';
import { RateCounter } from '../engine/metrics/rate-counter';
import type { AmqpConnectionInfo } from './admin';
import { AmqpChannel } from './channel';
import type { ChannelHost } from './channel-host';
import { describeConnection } from './connection-info';
import {
  decodeMethod,
  encodeMethod,
  FRAME_HEARTBEAT,
  FRAME_METHOD,
  FRAME_MIN_SIZE,
  FrameReader,
  HEARTBEAT_FRAME,
  PROTOCOL_HEADER,
  REPLY,
  type AmqpFieldTable,
  type DecodedMethod,
  type Frame,
} from './codec';
import { fromAmqpTable } from './field-values';
import { Heartbeats } from './heartbeats';
import { AmqpError, replyText, toReply, type Reply } from './reply-codes';
import { MECHANISMS, readCredentials } from './sasl';

export interface ConnectionSettings {
  broker: Broker;
  /** PLAIN / AMQPLAIN credentials: true lets the client in. */
  authenticate: (user: string, password: string) => Promise<boolean>;
  maxMessageBytes: number;
  /** What the server proposes in connection.tune. */
  frameMax: number;
  channelMax: number;
  heartbeatSeconds: number;
  /** A client that has not opened its connection by then is dropped (RabbitMQ's handshake_timeout). */
  handshakeTimeoutMs: number;
  serverProperties: AmqpFieldTable;
  exclusiveConsumers: Map<string, string>;
  /** Whether the store accepts writes now (connection.blocked otherwise). */
  writable: () => boolean;
  onClosed: (connection: AmqpConnection) => void;
}

type State = 'header' | 'start-ok' | 'tune-ok' | 'open' | 'running' | 'closing' | 'closed';

const CHANNEL_OPEN = (20 << 16) | 10;
const CHANNEL_CLOSE_OK = (20 << 16) | 41;
/** Unsent bytes past which deliveries pause until the socket drains (RabbitMQ's credit flow does the same job). */
const CONGESTED_BYTES = 4 * 1024 * 1024;

export class AmqpConnection implements ChannelHost {
  readonly id = randomUUID();
  readonly connectedAt = Date.now();
  readonly peer: string;
  readonly rates = { publish: new RateCounter(8), deliver: new RateCounter(8), ack: new RateCounter(8) };
  readonly exclusiveQueues = new Set<string>();
  user = '';
  clientProperties: Record<string, unknown> = {};
  cancelNotify = false;
  frameMax: number;
  channelMax: number;
  heartbeatSeconds = 0;
  blocked = false;
  released = false;
  private blockedCapable = false;
  private state: State = 'header';
  private header = Buffer.alloc(0);
  private readonly reader = new FrameReader(FRAME_MIN_SIZE);
  private readonly channels = new Map<number, AmqpChannel>();
  /** Frames that came while the handshake awaited the credential check. */
  private waiting: Frame[] | undefined;
  private corked = false;
  private heartbeats: Heartbeats | undefined;
  private closeTimer: ReturnType<typeof setTimeout> | undefined;
  private finished = false;

  constructor(
    private readonly socket: Socket,
    private readonly settings: ConnectionSettings,
  ) {
    this.peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
    this.frameMax = settings.frameMax;
    this.channelMax = settings.channelMax;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => undefined); // 'close' follows
    socket.on('end', () => socket.destroy());
    socket.on('drain', () => {
      for (const channel of this.channels.values()) channel.resumeConsumers();
    });
    socket.on('close', () => this.closed());
    this.closeTimer = setTimeout(() => {
      if (this.state !== 'running' && this.state !== 'closed') socket.destroy();
    }, settings.handshakeTimeoutMs);
    this.closeTimer.unref?.();
  }

  get congested(): boolean {
    return this.socket.writableLength > CONGESTED_BYTES;
  }

  get broker(): Broker {
    return this.settings.broker;
  }

  get maxMessageBytes(): number {
    return this.settings.maxMessageBytes;
  }

  get exclusiveConsumers(): Map<string, string> {
    return this.settings.exclusiveConsumers;
  }

  info(): AmqpConnectionInfo {
    return describeConnection(this, this.channels.values());
  }

  send(frames: Buffer): void {
    if (this.state === 'closed') return;
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(this.uncork);
    }
    this.heartbeats?.wroteToPeer();
    this.socket.write(frames);
  }

  private readonly uncork = () => {
    this.corked = false;
    this.socket.uncork();
  };

  /** Closes from the server side (the console, or shutdown) with 320 CONNECTION_FORCED. */
  forceClose(reason: string): void {
    this.fail({ replyCode: REPLY.CONNECTION_FORCED, replyText: replyText(REPLY.CONNECTION_FORCED, reason) });
  }

  /** connection.blocked / unblocked as the store stops or resumes accepting writes. */
  setBlocked(blocked: boolean): void {
    if (blocked === this.blocked) return;
    this.blocked = blocked;
    if (this.state !== 'running' || !this.blockedCapable) return;
    this.send(blocked ? encodeMethod(0, 'connection.blocked', { reason: 'storage cannot accept writes' }) : encodeMethod(0, 'connection.unblocked'));
  }

  fail(reply: Reply, classId = 0, methodId = 0): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    if (reply.unexpected) console.error(`switchboard: AMQP connection ${this.id} failed with an unexpected error`);
    if (this.state === 'header') return void this.socket.destroy();
    this.release();
    this.send(encodeMethod(0, 'connection.close', { replyCode: reply.replyCode, replyText: reply.replyText, classId, methodId }));
    this.state = 'closing';
    clearTimeout(this.closeTimer);
    // A client that never answers close-ok is dropped.
    this.closeTimer = setTimeout(() => this.socket.destroy(), 1000);
    this.closeTimer.unref?.();
  }

  channelClosed(number: number): void {
    this.channels.delete(number);
  }

  private onData(chunk: Buffer): void {
    if (this.state === 'closed') return;
    this.heartbeats?.heardFromPeer();
    if (this.state === 'header') {
      this.header = Buffer.concat([this.header, chunk]);
      if (!this.protocolHeader()) return;
      chunk = this.header.subarray(PROTOCOL_HEADER.length);
      this.header = Buffer.alloc(0);
    }
    let frames: Frame[];
    try {
      frames = this.reader.push(chunk);
    } catch (error) {
      return this.fail(toReply(error));
    }
    for (const frame of frames) {
      if (this.waiting) this.waiting.push(frame);
      else this.frame(frame);
    }
  }

  /** Reads "AMQP 0 0 9 1"; any other header is answered with ours and the socket closed, as the spec says. */
  private protocolHeader(): boolean {
    const got = this.header.subarray(0, PROTOCOL_HEADER.length);
    if (!PROTOCOL_HEADER.subarray(0, got.length).equals(got)) {
      this.state = 'closed';
      this.socket.end(PROTOCOL_HEADER);
      return false;
    }
    if (this.header.length < PROTOCOL_HEADER.length) return false;
    this.state = 'start-ok';
    this.send(
      encodeMethod(0, 'connection.start', {
        versionMajor: 0,
        versionMinor: 9,
        serverProperties: this.settings.serverProperties,
        mechanisms: MECHANISMS,
        locales: 'en_US',
      }),
    );
    return true;
  }

  private frame(frame: Frame): void {
    if (this.state === 'closed') return;
    try {
      if (frame.type === FRAME_HEARTBEAT) {
        if (frame.channel !== 0) throw new AmqpError(REPLY.FRAME_ERROR, `heartbeat frame on channel ${frame.channel}`);
        return;
      }
      if (this.state === 'closing') return this.whileClosing(frame);
      if (frame.channel === 0) return this.connectionFrame(frame);
      if (this.state !== 'running') throw new AmqpError(REPLY.COMMAND_INVALID, `channel frame before connection.open`);
      const channel = this.channels.get(frame.channel);
      if (channel) return channel.handleFrame(frame);
      this.openChannel(frame);
    } catch (error) {
      this.fail(toReply(error));
    }
  }

  private openChannel(frame: Frame): void {
    const method = frame.type === FRAME_METHOD && frame.payload.length >= 4 ? frame.payload.readUInt32BE(0) : -1;
    // Both sides closed the channel at once: the peer's close-ok for a channel already gone is no error.
    if (method === CHANNEL_CLOSE_OK) return;
    if (method !== CHANNEL_OPEN) throw new AmqpError(REPLY.CHANNEL_ERROR, `expected 'channel.open' on channel ${frame.channel}`);
    if (this.channels.size >= this.channelMax || frame.channel > this.channelMax) {
      throw new AmqpError(REPLY.NOT_ALLOWED, `number of channels opened (${this.channels.size}) has reached the negotiated channel_max (${this.channelMax})`);
    }
    this.channels.set(frame.channel, new AmqpChannel(frame.channel, this));
    this.send(encodeMethod(frame.channel, 'channel.open-ok', { channelId: '' }));
  }

  private whileClosing(frame: Frame): void {
    if (frame.channel !== 0 || frame.type !== FRAME_METHOD) return;
    const method = decodeMethod(frame.payload);
    if (method.name === 'connection.close-ok') this.socket.end();
    else if (method.name === 'connection.close') {
      this.send(encodeMethod(0, 'connection.close-ok'));
      this.socket.end();
    }
  }

  private connectionFrame(frame: Frame): void {
    if (frame.type !== FRAME_METHOD) throw new AmqpError(REPLY.UNEXPECTED_FRAME, `content frame on channel 0`);
    const method = decodeMethod(frame.payload);
    const expected: Partial<Record<State, string>> = { 'start-ok': 'connection.start-ok', 'tune-ok': 'connection.tune-ok', open: 'connection.open' };
    const wanted = expected[this.state];
    if (wanted && method.name !== wanted && method.name !== 'connection.close') {
      throw new AmqpError(REPLY.COMMAND_INVALID, `expected '${wanted}', got '${method.name}'`);
    }
    switch (method.name) {
      case 'connection.start-ok':
        return this.startOk(method);
      case 'connection.tune-ok':
        return this.tuneOk(method.args.channelMax, method.args.frameMax, method.args.heartbeat);
      case 'connection.open':
        if (method.args.virtualHost !== '/') throw new AmqpError(REPLY.NOT_ALLOWED, `vhost '${method.args.virtualHost}' not found`);
        this.state = 'running';
        clearTimeout(this.closeTimer);
        this.send(encodeMethod(0, 'connection.open-ok', { knownHosts: '' }));
        if (!this.settings.writable()) this.setBlocked(true);
        return;
      case 'connection.close':
        this.release();
        this.send(encodeMethod(0, 'connection.close-ok'));
        this.state = 'closing';
        this.socket.end();
        return;
      case 'connection.update-secret':
        this.send(encodeMethod(0, 'connection.update-secret-ok'));
        return;
      case 'connection.close-ok':
      case 'connection.blocked':
      case 'connection.unblocked':
        return;
      default:
        throw new AmqpError(REPLY.COMMAND_INVALID, `unexpected method ${method.name} on channel 0`);
    }
  }

  private startOk(method: DecodedMethod): void {
    const { clientProperties, mechanism, response } = method.args as { clientProperties: AmqpFieldTable; mechanism: string; response: Buffer };
    this.clientProperties = fromAmqpTable(clientProperties ?? {});
    const capabilities = (this.clientProperties.capabilities ?? {}) as Record<string, unknown>;
    this.cancelNotify = capabilities.consumer_cancel_notify === true;
    this.blockedCapable = capabilities['connection.blocked'] === true;
    const credentials = readCredentials(mechanism, Buffer.isBuffer(response) ? response : Buffer.from(String(response ?? '')));
    this.waiting = [];
    const refuse = () =>
      this.fail({
        replyCode: REPLY.ACCESS_REFUSED,
        replyText: replyText(REPLY.ACCESS_REFUSED, `Login was refused using authentication mechanism ${mechanism}. For details see the broker logfile.`),
      });
    const resume = () => {
      const frames = this.waiting ?? [];
      this.waiting = undefined;
      for (const frame of frames) this.frame(frame);
    };
    if (!credentials) {
      refuse();
      return resume();
    }
    this.settings.authenticate(credentials.user, credentials.password).then(
      (ok) => {
        if (this.state !== 'start-ok') return resume();
        if (!ok) refuse();
        else {
          this.user = credentials.user;
          this.state = 'tune-ok';
          this.send(encodeMethod(0, 'connection.tune', { channelMax: this.channelMax, frameMax: this.frameMax, heartbeat: this.settings.heartbeatSeconds }));
        }
        resume();
      },
      () => {
        refuse();
        resume();
      },
    );
  }

  private tuneOk(channelMax: number, frameMax: number, heartbeat: number): void {
    const serverFrameMax = this.settings.frameMax;
    if (frameMax !== 0 && frameMax < FRAME_MIN_SIZE) throw new AmqpError(REPLY.NOT_ALLOWED, `frame_max=${frameMax} < ${FRAME_MIN_SIZE} min size`);
    if (frameMax > serverFrameMax) throw new AmqpError(REPLY.NOT_ALLOWED, `frame_max=${frameMax} > ${serverFrameMax} max size`);
    if (channelMax > this.settings.channelMax) throw new AmqpError(REPLY.NOT_ALLOWED, `channel_max=${channelMax} > ${this.settings.channelMax} max size`);
    this.frameMax = frameMax || serverFrameMax;
    this.channelMax = channelMax || this.settings.channelMax;
    this.reader.maxFrameSize = this.frameMax;
    this.heartbeatSeconds = heartbeat;
    this.state = 'open';
    if (heartbeat > 0) {
      this.heartbeats = new Heartbeats(
        heartbeat,
        () => this.send(HEARTBEAT_FRAME),
        () => this.socket.destroy(),
      );
    }
  }

  /** Ends every channel (unacked deliveries go back, redelivered) and deletes this connection's exclusive queues. */
  private release(): void {
    this.released = true;
    for (const channel of this.channels.values()) channel.cleanup();
    this.channels.clear();
    for (const name of this.exclusiveQueues) {
      this.broker.deleteQueue(name).catch(() => undefined);
    }
    this.exclusiveQueues.clear();
  }

  private closed(): void {
    if (this.finished) return;
    this.finished = true;
    this.release();
    this.state = 'closed';
    this.heartbeats?.stop();
    clearTimeout(this.closeTimer);
    this.settings.onClosed(this);
  }
}
