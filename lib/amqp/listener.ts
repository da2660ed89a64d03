/**
 * @module The AMQP listener: a TCP server whose connections drive the brokers of their vhosts, and the console's
 * view of them (AmqpAdmin), with the closes that revocations and deleted vhosts call for. Plain AMQP and AMQPS
 * (TLS) listen side by side, as RabbitMQ's 5672 and 5671; their connections are one set. A taken port is one
 * warning, not a failed start: Switchboard keeps running without that listener.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket, type TlsOptions } from 'node:tls';
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
  /** 0 picks a free port (tests); undefined: no plain AMQP (AMQPS only). */
  port?: number;
  /** AMQPS beside it: its port (0 picks a free one), the server's TLS options, and the check of client certificates. */
  tls?: { port: number; options: TlsOptions; refusePeer?: (socket: TLSSocket) => boolean };
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
  private boundTlsPort: number | undefined;
  private readonly servers: Server[] = [];
  private blockedTimer: ReturnType<typeof setInterval> | undefined;
  private stopAlarm: (() => void) | undefined;

  private constructor(private readonly options: AmqpListenerOptions) {}

  /** Starts listening; a port that is taken (or cannot be bound) is one warning and that listener stays off. */
  static async start(options: AmqpListenerOptions): Promise<AmqpListener> {
    const listener = new AmqpListener(options);
    if (options.port !== undefined) {
      const server = createServer((socket) => listener.accept(socket));
      listener.boundPort = await listener.bind(server, options.port, 'AMQP', 'AMQP_PORT');
    }
    const tls = options.tls;
    if (tls) {
      const server = createTlsServer(tls.options, (socket) => {
        if (!tls.refusePeer?.(socket)) listener.accept(socket);
      });
      // A failed handshake (an old protocol, a bad certificate) concerns that client only.
      server.on('tlsClientError', (_error, socket) => socket.destroy());
      listener.boundTlsPort = await listener.bind(server, tls.port, 'AMQPS', 'AMQPS_PORT');
    }
    if (listener.servers.length > 0) {
      listener.blockedTimer = setInterval(() => listener.checkBlocked(), BLOCKED_POLL_MS);
      listener.blockedTimer.unref?.();
      listener.stopAlarm = options.alarm?.onChange((active) => {
        for (const connection of listener.connections.values()) connection.alarmChanged(active);
      });
    }
    return listener;
  }

  /** The plain AMQP port, when it listens. */
  get port(): number | undefined {
    return this.boundPort;
  }

  /** The AMQPS port, when it listens. */
  get tlsPort(): number | undefined {
    return this.boundTlsPort;
  }

  /** Whether any listener (AMQP or AMQPS) is up. */
  get listening(): boolean {
    return this.servers.length > 0;
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
    if (this.servers.length === 0) return;
    this.boundPort = this.boundTlsPort = undefined;
    const servers = this.servers.splice(0);
    const closed = Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    for (const connection of this.connections.values()) connection.forceClose("broker forced connection closure with reason 'shutdown'");
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1500).unref?.())]);
  }

  private async bind(server: Server, port: number, protocol: string, variable: string): Promise<number | undefined> {
    const o = this.options;
    const bound = await new Promise<number | undefined>((resolve) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        const why = error.code === 'EADDRINUSE' ? 'is already in use' : `cannot be used (${error.code ?? error.message})`;
        (o.warn ?? console.warn)(`${protocol} port ${port} on ${o.host} ${why}: Switchboard runs without ${protocol} (set ${variable} to another port, or 0 to turn ${protocol} off)`);
        resolve(undefined);
      });
      server.listen(port, o.host, () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
    if (bound === undefined) return undefined;
    this.servers.push(server);
    const host = o.host.includes(':') ? `[${o.host}]` : o.host;
    (o.log ?? console.log)(`${protocol} listening on ${protocol.toLowerCase()}://${host}:${bound}`);
    return bound;
  }

  private accept(socket: Socket): void {
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

/** connection.start's server properties; `information` may say more (a standby says it is one). */
export function serverProperties(version: string, information = 'An embedded message broker with its console') {
  return {
    product: 'Switchboard',
    version,
    platform: `Node.js ${process.version}`,
    cluster_name: 'switchboard',
    information,
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
