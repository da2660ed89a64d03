/**
 * @module For tests of a PostgreSQL that goes away: a TCP proxy on loopback in front of TEST_POSTGRES_URL's server.
 * `cut()` drops every connection through it and refuses new ones, as a database that went down; `restore()` lets
 * them through again. The proxy's URL is TEST_POSTGRES_URL's with the proxy's port.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export class PostgresTestProxy {
  private readonly sockets = new Set<Socket>();
  private down = false;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** Listens on a free loopback port and forwards to `target`'s host and port. */
  static async start(target: string): Promise<PostgresTestProxy> {
    const upstream = new URL(target);
    let proxy: PostgresTestProxy | undefined;
    const server = createServer((client) => proxy!.accept(client, upstream.hostname, Number(upstream.port || 5432)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    proxy = new PostgresTestProxy(server, typeof address === 'object' && address ? address.port : 0);
    return proxy;
  }

  /** `url` with its host and port replaced by the proxy's. */
  urlThrough(url: string): string {
    const through = new URL(url);
    through.hostname = '127.0.0.1';
    through.port = String(this.port);
    return through.toString();
  }

  /** The database "goes away": open connections drop, new ones are closed at once. */
  cut(): void {
    this.down = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.down = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket, host: string, port: number): void {
    if (this.down) return void client.destroy();
    const server = connect(port, host);
    for (const socket of [client, server]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        server.destroy();
      });
    }
    client.pipe(server);
    server.pipe(client);
  }
}
