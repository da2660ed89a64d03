/**
 * @module One AMQP 0-9-1 connection: the protocol header, start/tune/open with PLAIN or AMQPLAIN and a vhost,
 * heartbeats, frame-max and channel-max, frames routed to channels, writes batched per turn, and close both ways.
 * What it may make the server hold is bounded (ConnectionLimits); a publisher is blocked (connection.blocked, its
 * socket no longer read) while a resource alarm is raised, and slowed the same way while its publishes wait for the store.
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Principal } from '../access/types';
import type { Broker } from '../engine';
import { RateCounter } from '../engine/metrics/rate-counter';
import type { AmqpConnectionInfo } from './admin';
import type { ChannelHost } from './channel-host';
import type { ConnectionAccess } from './connection-access';
import { ConnectionChannels } from './connection-channels';
import { ByteBudget, type ConnectionLimits } from './connection-limits';
import type { ConnectionSettings } from './connection-settings';
import { describeConnection } from './connection-info';
import { logIn, loginRefusal, openVhost, recordForcedClose, type OpenedVhost } from './connection-login';
import { checkHandshakeOrder, clientCapabilities, negotiateLimits, startArguments } from './connection-negotiation';
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
import { PublishFlow } from './publish-flow';
import { PublisherBlocking } from './publisher-blocking';
import { ReadGate } from './read-gate';
import { AmqpError, replyText, toReply, type Reply } from './reply-codes';

type State = 'header' | 'start-ok' | 'tune-ok' | 'open' | 'running' | 'closing' | 'closed';

/** Unsent bytes past which deliveries pause until the socket drains (RabbitMQ's credit flow does the same job). */
const CONGESTED_BYTES = 4 * 1024 * 1024;
const BASIC_PUBLISH = (60 << 16) | 40;

export class AmqpConnection implements ChannelHost {
  readonly id = randomUUID();
  readonly connectedAt = Date.now();
  readonly peer: string;
  readonly rates = { publish: new RateCounter(8), deliver: new RateCounter(8), ack: new RateCounter(8) };
  readonly exclusiveQueues = new Set<string>();
  /** The user name ('' until logged in); `principal` says how (a password or which API key). */
  user = '';
  principal: Principal | undefined;
  clientProperties: Record<string, unknown> = {};
  cancelNotify = false;
  frameMax: number;
  channelMax: number;
  heartbeatSeconds = 0;
  released = false;
  readonly limits: ConnectionLimits;
  readonly budgets: { partialBodies: ByteBudget; tx: ByteBudget };
  private readonly blocking: PublisherBlocking;
  private readonly gate: ReadGate;
  private readonly flow: PublishFlow;
  /** Bytes of frames waiting: behind awaited methods of its channels, or for the credential check. */
  private backlogBytes = 0;
  private blockedCapable = false;
  private state: State = 'header';
  private header = Buffer.alloc(0);
  private readonly reader = new FrameReader(FRAME_MIN_SIZE);
  private readonly channels = new ConnectionChannels(this);
  /** Frames that came while the handshake awaited the credential check. */
  private waiting: Frame[] | undefined;
  private corked = false;
  private heartbeats: Heartbeats | undefined;
  private closeTimer: ReturnType<typeof setTimeout> | undefined;
  private finished = false;
  /** Set by connection.open: channels exist only after it. */
  private opened: OpenedVhost | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly settings: ConnectionSettings,
  ) {
    this.peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
    this.frameMax = settings.frameMax;
    this.channelMax = settings.channelMax;
    this.limits = settings.limits;
    this.budgets = { partialBodies: new ByteBudget(this.limits.partialBodyBytes), tx: new ByteBudget(this.limits.txBytes) };
    // A socket not read hears no heartbeats: RabbitMQ stops monitoring them while it blocks a connection.
    this.gate = new ReadGate(socket, (paused) => this.heartbeats?.pause(paused));
    this.flow = new PublishFlow(this.limits.unstoredBytes, this.gate, () => this.broker.committed());
    this.blocking = new PublisherBlocking(this.gate, (blocked, reason) => {
      if (this.state !== 'running' || !this.blockedCapable) return;
      this.send(blocked ? encodeMethod(0, 'connection.blocked', { reason }) : encodeMethod(0, 'connection.unblocked'));
    });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => undefined); // 'close' follows
    socket.on('end', () => socket.destroy());
    socket.on('drain', () => {
      this.gate.release('outbound');
      this.channels.resumeAll();
    });
    socket.on('close', () => this.closed());
    this.closeTimer = setTimeout(() => {
      if (this.state !== 'running' && this.state !== 'closed') socket.destroy();
    }, settings.handshakeTimeoutMs);
    this.closeTimer.unref?.();
  }

  /** connection.blocked is in force (the store cannot write, or a resource alarm blocks this publisher). */
  get blocked(): boolean {
    return this.blocking.blocked;
  }

  /** Why its socket is not read now, if it is not (a blocked publisher, flow control). */
  get paused(): string[] {
    return this.gate.why;
  }

  get congested(): boolean {
    return this.socket.writableLength > CONGESTED_BYTES;
  }

  /** The vhost connection.open selected ('' before). */
  get vhost(): string {
    return this.opened?.vhost ?? '';
  }

  get broker(): Broker {
    return this.openedVhost().broker;
  }

  get access(): ConnectionAccess {
    return this.openedVhost().access;
  }

  get maxMessageBytes(): number {
    return this.settings.maxMessageBytes;
  }

  get exclusiveConsumers(): Map<string, string> {
    return this.settings.exclusiveConsumersOf(this.vhost);
  }

  /** Whether its vhost's store accepts writes (connection.blocked otherwise); true before connection.open. */
  get writable(): boolean {
    return this.opened?.broker.writable ?? true;
  }

  /** Whether this connection belongs to `user` (and, when given, was opened with that API key). */
  isOf(user: string, apiKeyId?: string): boolean {
    return this.principal?.user === user && (apiKeyId === undefined || this.principal.apiKey?.id === apiKeyId);
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
    // Replies the client does not read stop its requests from being read, until the socket drains.
    if (this.socket.writableLength > this.limits.outboundBytes) this.gate.hold('outbound');
  }

  backlogged(bytes: number): void {
    this.backlogBytes += bytes;
    this.gate.set('backlog', this.backlogBytes > this.limits.backlogBytes);
  }

  published(bytes: number): void {
    this.flow.published(bytes);
  }

  private readonly uncork = () => {
    this.corked = false;
    this.socket.uncork();
  };

  /** Closes from the server side (the console, a revocation, shutdown) with 320 CONNECTION_FORCED; audited. */
  forceClose(reason: string): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    recordForcedClose(this.settings.audit, this, reason);
    this.fail({ replyCode: REPLY.CONNECTION_FORCED, replyText: replyText(REPLY.CONNECTION_FORCED, reason) });
  }

  /** connection.blocked / unblocked as the store stops or resumes accepting writes. */
  setBlocked(blocked: boolean): void {
    this.blocking.set('store', blocked);
  }

  /**
   * A resource alarm was raised or cleared. A connection that publishes is blocked at once (connection.blocked,
   * its socket no longer read); one that has not is blocked when it does. Consumers keep draining either way.
   */
  alarmChanged(active: boolean): void {
    this.blocking.alarm(active, this.state === 'running');
  }

  fail(reply: Reply, classId = 0, methodId = 0): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    if (reply.unexpected) console.error(`switchboard: AMQP connection ${this.id} failed with an unexpected error`);
    if (this.state === 'header') return void this.socket.destroy();
    this.release();
    // Reading again, to hear close-ok (everything else is dropped from now on).
    this.gate.releaseAll();
    this.send(encodeMethod(0, 'connection.close', { replyCode: reply.replyCode, replyText: reply.replyText, classId, methodId }));
    this.state = 'closing';
    clearTimeout(this.closeTimer);
    // A client that never answers close-ok is dropped.
    this.closeTimer = setTimeout(() => this.socket.destroy(), 1000);
    this.closeTimer.unref?.();
  }

  channelClosed(number: number): void {
    this.channels.closed(number);
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
      return this.fail(toReply(error, this.opened?.vhost));
    }
    for (const frame of frames) {
      if (this.waiting) {
        this.waiting.push(frame);
        this.backlogged(frame.payload.length + 64);
      } else this.frame(frame);
    }
    if (this.blocking.publishing && this.settings.alarm?.active && !this.blocking.has('memory')) this.alarmChanged(true);
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
    this.send(encodeMethod(0, 'connection.start', startArguments(this.settings.serverProperties)));
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
      if (frame.type === FRAME_METHOD && frame.payload.length >= 4 && frame.payload.readUInt32BE(0) === BASIC_PUBLISH) this.blocking.publishing = true;
      this.channels.route(frame);
    } catch (error) {
      this.fail(toReply(error, this.opened?.vhost));
    }
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
    checkHandshakeOrder(this.state, method.name);
    switch (method.name) {
      case 'connection.start-ok':
        return this.startOk(method);
      case 'connection.tune-ok':
        return this.tuneOk(method.args.channelMax, method.args.frameMax, method.args.heartbeat);
      case 'connection.open':
        return this.open(String(method.args.virtualHost ?? ''));
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
    ({ cancelNotify: this.cancelNotify, blocked: this.blockedCapable } = clientCapabilities(this.clientProperties));
    this.waiting = [];
    const credentials = Buffer.isBuffer(response) ? response : Buffer.from(String(response ?? ''));
    const loggedIn = (principal: Principal | undefined) => {
      if (this.state === 'start-ok') {
        if (!principal) this.fail(loginRefusal(mechanism));
        else {
          this.principal = principal;
          this.user = principal.user;
          this.state = 'tune-ok';
          this.send(encodeMethod(0, 'connection.tune', { channelMax: this.channelMax, frameMax: this.frameMax, heartbeat: this.settings.heartbeatSeconds }));
        }
      }
      // The frames that came while the credentials were checked run now, in order.
      const frames = this.waiting ?? [];
      this.waiting = undefined;
      this.backlogged(-frames.reduce((sum, frame) => sum + frame.payload.length + 64, 0));
      for (const frame of frames) this.frame(frame);
    };
    logIn(this.settings, mechanism, credentials, this.peer).then(loggedIn, () => loggedIn(undefined));
  }

  /** connection.open: the vhost the principal may use, else 530 NOT_ALLOWED as RabbitMQ answers it. */
  private open(vhost: string): void {
    const opened = openVhost(this.settings, this.principal!, vhost, this.peer);
    if (!('broker' in opened)) return this.fail(opened, 10, 40);
    this.opened = opened;
    this.state = 'running';
    clearTimeout(this.closeTimer);
    this.send(encodeMethod(0, 'connection.open-ok', { knownHosts: '' }));
    if (!opened.broker.writable) this.setBlocked(true);
  }

  private openedVhost(): OpenedVhost {
    if (!this.opened) throw new AmqpError(REPLY.COMMAND_INVALID, 'connection.open has not selected a vhost');
    return this.opened;
  }

  private tuneOk(channelMax: number, frameMax: number, heartbeat: number): void {
    ({ frameMax: this.frameMax, channelMax: this.channelMax } = negotiateLimits(this.settings, { frameMax, channelMax }));
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
    this.channels.endAll();
    for (const name of this.exclusiveQueues) {
      this.opened?.broker.deleteQueue(name).catch(() => undefined);
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
    this.gate.releaseAll();
    this.settings.onClosed(this);
  }
}
