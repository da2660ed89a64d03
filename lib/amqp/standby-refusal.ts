/**
 * @module The AMQP port of a hot standby: it listens where the active process's AmqpListener would, answers the
 * handshake as far as connection.start-ok, then closes with 320 CONNECTION_FORCED and the reason (which process is
 * active). A client sees a clear broker error rather than a refused or hanging socket, and clients that take several
 * addresses (amqplib with a list, pika's connection attempts) move on to the next one. Nobody logs in: the standby
 * never reads credentials nor opens a vhost. When this process becomes active, close() frees the ports at once for
 * the real listener.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import { decodeMethod, encodeMethod, FRAME_HEARTBEAT, FRAME_METHOD, FRAME_MIN_SIZE, FrameReader, PROTOCOL_HEADER, REPLY, type Frame } from './codec';
import { startArguments } from './connection-negotiation';
import { serverProperties } from './listener';
import { replyText } from './reply-codes';

export interface StandbyRefusalOptions {
  host: string;
  /** Plain AMQP; 0 picks a free port (tests); undefined: none. */
  port?: number;
  /** AMQPS beside it, as AmqpListener's tls option (no client certificate check: nobody is let in anyway). */
  tls?: { port: number; options: TlsOptions };
  /** The close text, read at each connection: e.g. "standby of host:123 (http://127.0.0.1:3000); connect to the active process". */
  reason: () => string;
  /** A connection that has not reached the close by then is dropped (default 10 s, as the real listener's). */
  handshakeTimeoutMs?: number;
  /** Announced in connection.start's server properties. */
  version?: string;
  log?: (line: string) => void;
  warn?: (line: string) => void;
}

/** How long connection.close waits for close-ok, as the real connection waits after its own close. */
const CLOSE_OK_WAIT_MS = 1000;

export class StandbyRefusal {
  private boundPort: number | undefined;
  private boundTlsPort: number | undefined;
  private readonly servers: Server[] = [];
  /** Every accepted TCP socket (for AMQPS, the one under the TLS socket), so close() can drop them all. */
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly options: StandbyRefusalOptions) {}

  /** Starts listening; a taken port is one warning and that listener stays off (as AmqpListener's). */
  static async start(options: StandbyRefusalOptions): Promise<StandbyRefusal> {
    const refusal = new StandbyRefusal(options);
    if (options.port !== undefined) {
      const server = createServer((socket) => refuse(socket, options));
      refusal.boundPort = await refusal.bind(server, options.port, 'AMQP', 'AMQP_PORT');
    }
    if (options.tls) {
      const server = createTlsServer(options.tls.options, (socket) => refuse(socket, options));
      // A failed TLS handshake concerns that client only.
      server.on('tlsClientError', (_error, socket) => socket.destroy());
      refusal.boundTlsPort = await refusal.bind(server, options.tls.port, 'AMQPS', 'AMQPS_PORT');
    }
    return refusal;
  }

  /** The plain AMQP port, when it listens. */
  get port(): number | undefined {
    return this.boundPort;
  }

  /** The AMQPS port, when it listens. */
  get tlsPort(): number | undefined {
    return this.boundTlsPort;
  }

  /**
   * Stops listening and destroys every open socket: the servers' close callbacks wait for their connections, and
   * the real listener must be able to bind the same ports as soon as this resolves.
   */
  async close(): Promise<void> {
    this.boundPort = this.boundTlsPort = undefined;
    const servers = this.servers.splice(0);
    const closed = Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  private async bind(server: Server, port: number, protocol: string, variable: string): Promise<number | undefined> {
    const o = this.options;
    const bound = await new Promise<number | undefined>((resolve) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        const why = error.code === 'EADDRINUSE' ? 'is already in use' : `cannot be used (${error.code ?? error.message})`;
        (o.warn ?? console.warn)(`${protocol} port ${port} on ${o.host} ${why}: this standby does not refuse ${protocol} clients there (set ${variable} to another port, or 0 to turn ${protocol} off)`);
        resolve(undefined);
      });
      server.listen(port, o.host, () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
    if (bound === undefined) return undefined;
    // Errors after listening (e.g. EMFILE on accept) must not crash the process; the server keeps listening.
    server.on('error', () => undefined);
    server.on('connection', (socket: Socket) => this.track(socket));
    this.servers.push(server);
    const host = o.host.includes(':') ? `[${o.host}]` : o.host;
    (o.log ?? console.log)(`${protocol} on ${protocol.toLowerCase()}://${host}:${bound} refuses clients: this process is a standby`);
    return bound;
  }

  /** The handshake deadline is on the TCP socket, so it also ends a client that stalls in the TLS handshake. */
  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('error', () => undefined); // 'close' follows; it concerns this socket only
    const deadline = setTimeout(() => socket.destroy(), this.options.handshakeTimeoutMs ?? 10_000);
    deadline.unref?.();
    socket.once('close', () => {
      clearTimeout(deadline);
      this.sockets.delete(socket);
    });
  }
}

/**
 * One client: the protocol header, connection.start, start-ok, then connection.close 320 and the wait for close-ok.
 * Anything the codec cannot read ends the socket: there is nothing to protect and nobody to tell.
 */
function refuse(socket: Socket, o: StandbyRefusalOptions): void {
  let state: 'header' | 'start-ok' | 'close-ok' | 'done' = 'header';
  let header = Buffer.alloc(0);
  // Before tune, frames are bounded by the spec's minimum frame-max, as in the real connection.
  const reader = new FrameReader(FRAME_MIN_SIZE);
  let closeOkTimer: ReturnType<typeof setTimeout> | undefined;
  // A function, since frame() changes the state behind TypeScript's narrowing.
  const finished = () => state === 'done';

  const end = (bytes?: Buffer) => {
    state = 'done';
    if (bytes) socket.end(bytes);
    else socket.end();
    // A peer that never closes its side is dropped.
    clearTimeout(closeOkTimer);
    closeOkTimer = setTimeout(() => socket.destroy(), CLOSE_OK_WAIT_MS);
    closeOkTimer.unref?.();
  };

  const sendClose = () => {
    state = 'close-ok';
    socket.write(encodeMethod(0, 'connection.close', { replyCode: REPLY.CONNECTION_FORCED, replyText: refusalText(o), classId: 0, methodId: 0 }));
    closeOkTimer = setTimeout(() => socket.destroy(), CLOSE_OK_WAIT_MS);
    closeOkTimer.unref?.();
  };

  const frame = (f: Frame) => {
    if (f.type === FRAME_HEARTBEAT) return;
    if (f.type !== FRAME_METHOD || f.channel !== 0) {
      // Content or channel frames before the handshake ended: the spec's answer would be a close too.
      if (state === 'start-ok') sendClose();
      return;
    }
    const name = decodeMethod(f.payload).name;
    if (name === 'connection.close') {
      // The client gives up (or our closes crossed): answer as the spec says, and end.
      socket.write(encodeMethod(0, 'connection.close-ok'));
      return end();
    }
    if (state === 'close-ok') {
      if (name === 'connection.close-ok') end();
      return; // everything else is dropped while closing, as in the real connection
    }
    // start-ok is what we wait for; anything else out of order is refused just the same.
    sendClose();
  };

  const onData = (chunk: Buffer) => {
    if (state === 'done') return;
    if (state === 'header') {
      header = Buffer.concat([header, chunk]);
      const got = header.subarray(0, PROTOCOL_HEADER.length);
      // Any other protocol or version: our header, and the socket closed, as the spec says (and the real listener does).
      if (!PROTOCOL_HEADER.subarray(0, got.length).equals(got)) return end(PROTOCOL_HEADER);
      if (header.length < PROTOCOL_HEADER.length) return;
      chunk = header.subarray(PROTOCOL_HEADER.length);
      state = 'start-ok';
      socket.write(encodeMethod(0, 'connection.start', startArguments(serverProperties(o.version ?? '0.0.0', 'An embedded message broker with its console (this process is a standby)'))));
    }
    for (const f of reader.push(chunk)) {
      frame(f);
      if (finished()) return;
    }
  };

  socket.setNoDelay?.(true);
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => {
    try {
      onData(chunk);
    } catch {
      // A bad frame or method: the codec threw; nothing to answer it with that the client would act on.
      state = 'done';
      socket.destroy();
    }
  });
  socket.on('end', () => socket.destroy());
  socket.on('close', () => clearTimeout(closeOkTimer));
}

/** "CONNECTION_FORCED - <reason>", cut to a shortstr; a reason() that throws still refuses. */
function refusalText(o: StandbyRefusalOptions): string {
  let reason: string;
  try {
    reason = o.reason();
  } catch {
    reason = 'this process is a standby; connect to the active process';
  }
  return replyText(REPLY.CONNECTION_FORCED, reason);
}
