/**
 * @module The AMQP listener: a TCP server whose connections drive the brokers of their vhosts, and the console's
 * view of them (AmqpAdmin), with the closes that revocations and deleted vhosts call for. A taken port is one
 * warning, not a failed start: Switchboard keeps running without AMQP.
 */
import { createServer, type Server } from 'node:net';
import type { AccessPolicy } from '../access/access-policy';
import { discardAudit, type AuditSink } from '../access/audit';
import type { Principal } from '../access/types';
import type { Broker } from '../engine';
import type { ResourceAlarm } from '../engine/resource-alarm';
import type { AmqpAdmin, AmqpConnectionInfo } from './admin';
import { AmqpConnection } from './connection';
import { connectionLimits, type ConnectionLimits } from './connection-limits';

export interface AmqpListenerOptions {
  host: string;
  /** 0 picks a free port (tests); AMQP "off" is the caller's business. */
  port: number;
  /** connection.start-ok's user and password (or API key): the principal, or a `LoginRefused` thrown (`Authenticator.login`). */
  authenticate: (user: string, password: string, peer: string) => Promise<Principal>;
  /** connection.open: the vhost's broker after `policy.checkVhost`; throws `not_found` or `forbidden`. */
  openVhost: (principal: Principal, vhost: string) => Broker;
  /** Decides every channel operation (decisions cached per connection until the directory's version changes). */
  policy: AccessPolicy;
  /** Logins, refusals, topology changes and forced closes (default: dropped). */
  audit?: AuditSink;
  maxMessageBytes: number;
  version?: string;
  /** Proposed in connection.tune (defaults as RabbitMQ's: 128 KiB, 2047 channels, 60 s). */
  frameMax?: number;
  channelMax?: number;
  heartbeatSeconds?: number;
  handshakeTimeoutMs?: number;
  /** What one connection may make the server hold (defaults in connection-limits.ts). */
  limits?: Partial<ConnectionLimits>;
  /** The node's resource alarms: while one is raised, publishing connections are blocked (connection.blocked). */
  alarm?: ResourceAlarm;
  /** Where the one startup line goes (default console.log / console.warn). */
  log?: (line: string) => void;
  warn?: (line: string) => void;
}

const BLOCKED_POLL_MS = 500;

export class AmqpListener implements AmqpAdmin {
  private readonly connections = new Map<string, AmqpConnection>();
  /** Per vhost: queue -> the owner key of its exclusive consumer. */
  private readonly exclusiveConsumers = new Map<string, Map<string, string>>();
  private boundPort: number | undefined;
  private blockedTimer: ReturnType<typeof setInterval> | undefined;
  private stopAlarm: (() => void) | undefined;

  private constructor(
    private readonly server: Server,
    private readonly options: AmqpListenerOptions,
  ) {}

  /** Starts listening; when the port is taken (or cannot be bound) it warns once and answers a listener without a port. */
  static async start(options: AmqpListenerOptions): Promise<AmqpListener> {
    const server = createServer();
    const listener = new AmqpListener(server, options);
    server.on('connection', (socket) => listener.accept(socket));
    const warn = options.warn ?? console.warn;
    await new Promise<void>((resolve) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        const why = error.code === 'EADDRINUSE' ? 'is already in use' : `cannot be used (${error.code ?? error.message})`;
        warn(`AMQP port ${options.port} on ${options.host} ${why}: Switchboard runs without AMQP (set AMQP_PORT to another port, or 0 to turn AMQP off)`);
        resolve();
      });
      server.listen(options.port, options.host, () => {
        const address = server.address();
        listener.boundPort = typeof address === 'object' && address ? address.port : options.port;
        resolve();
      });
    });
    if (listener.boundPort !== undefined) {
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      (options.log ?? console.log)(`AMQP listening on amqp://${host}:${listener.boundPort}`);
      listener.blockedTimer = setInterval(() => listener.checkBlocked(), BLOCKED_POLL_MS);
      listener.blockedTimer.unref?.();
      listener.stopAlarm = options.alarm?.onChange((active) => {
        for (const connection of listener.connections.values()) connection.alarmChanged(active);
      });
    }
    return listener;
  }

  get port(): number | undefined {
    return this.boundPort;
  }

  listConnections(): AmqpConnectionInfo[] {
    return [...this.connections.values()].map((connection) => connection.info());
  }

  findConnection(id: string): AmqpConnectionInfo | undefined {
    return this.connections.get(id)?.info();
  }

  closeConnection(id: string, reason: string): boolean {
    const connection = this.connections.get(id);
    if (!connection) return false;
    connection.forceClose(reason);
    return true;
  }

  closeConnectionsOf(who: { user: string; apiKeyId?: string }, reason: string): number {
    return this.forceClose((c) => c.isOf(who.user, who.apiKeyId), reason);
  }

  closeVhostConnections(vhost: string): number {
    return this.forceClose((c) => c.vhost === vhost, `vhost '${vhost}' is deleted`);
  }

  /** Stops accepting, closes every connection with 320 (their unacked messages go back first) and waits for the sockets. */
  async close(): Promise<void> {
    clearInterval(this.blockedTimer);
    this.stopAlarm?.();
    if (this.boundPort === undefined) return;
    this.boundPort = undefined;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const connection of this.connections.values()) connection.forceClose("broker forced connection closure with reason 'shutdown'");
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1500).unref?.())]);
  }

  private accept(socket: import('node:net').Socket): void {
    const o = this.options;
    const connection = new AmqpConnection(socket, {
      authenticate: o.authenticate,
      openVhost: o.openVhost,
      policy: o.policy,
      audit: o.audit ?? discardAudit,
      maxMessageBytes: o.maxMessageBytes,
      frameMax: o.frameMax ?? 131_072,
      channelMax: o.channelMax ?? 2047,
      heartbeatSeconds: o.heartbeatSeconds ?? 60,
      handshakeTimeoutMs: o.handshakeTimeoutMs ?? 10_000,
      serverProperties: serverProperties(o.version ?? '0.0.0'),
      limits: connectionLimits(o.maxMessageBytes, o.limits),
      ...(o.alarm ? { alarm: o.alarm } : {}),
      exclusiveConsumersOf: (vhost) => this.exclusiveConsumersOf(vhost),
      onClosed: (c) => this.connections.delete(c.id),
    });
    this.connections.set(connection.id, connection);
  }

  private exclusiveConsumersOf(vhost: string): Map<string, string> {
    let consumers = this.exclusiveConsumers.get(vhost);
    if (!consumers) this.exclusiveConsumers.set(vhost, (consumers = new Map()));
    return consumers;
  }

  private forceClose(which: (connection: AmqpConnection) => boolean, reason: string): number {
    let closed = 0;
    for (const connection of this.connections.values()) {
      if (!which(connection)) continue;
      connection.forceClose(reason);
      closed++;
    }
    return closed;
  }

  private checkBlocked(): void {
    for (const connection of this.connections.values()) connection.setBlocked(!connection.writable);
  }
}

function serverProperties(version: string) {
  return {
    product: 'Switchboard',
    version,
    platform: `Node.js ${process.version}`,
    cluster_name: 'switchboard',
    information: 'An embedded message broker with its console',
    capabilities: {
      publisher_confirms: true,
      exchange_exchange_bindings: true,
      'basic.nack': true,
      consumer_cancel_notify: true,
      'connection.blocked': true,
      consumer_priorities: false,
      authentication_failure_close: true,
      per_consumer_qos: true,
      direct_reply_to: false,
    },
  };
}
