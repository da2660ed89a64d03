/**
 * @module The process's HTTP(S) server: the front door (odd requests, admission), then the lean API layer or Next's
 * pages, or, while this process is a hot standby, the standby door instead of both. One server for the process's
 * life, so a standby that takes over keeps its port and its connections.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { PEER_HEADER } from '../api/request-caller';
import type { FrontDoorConfig } from './admission-config';
import { createFrontDoor } from './admission-http';
import { createApiListener, isApiTarget, setRequestHeader } from './api-listener';
import type { ServerConfig } from './services';
import { HSTS_VALUE, refuseUnverifiedPeer, serverTlsOptions } from './tls';

/** Next's handler of page requests, once it has prepared them. */
export type NextHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;
type Listener = (request: IncomingMessage, response: ServerResponse) => void;

export interface HttpFront {
  /** Listens on the configured host and port; answers the base URL (`http://127.0.0.1:3000`). */
  listen(): Promise<string>;
  /** The base URL once listening. */
  readonly url: string | undefined;
  /** While set, every request goes to the standby door; null hands them to the API layer and Next. */
  setStandby(listener: Listener | null): void;
  /** Stops taking requests and drops open connections. */
  stop(): void;
}

export function createHttpFront(config: ServerConfig, frontDoorConfig: FrontDoorConfig, pagesReady: Promise<NextHandler>): HttpFront {
  let handle: NextHandler | undefined;
  let standby: Listener | null = null;
  let url: string | undefined;
  pagesReady.then((ready) => (handle = ready), () => undefined);
  const api = process.env.SWITCHBOARD_API_VIA_NEXT === '1' ? undefined : createApiListener();
  // Odd requests and admission (503/429 with Retry-After beyond its bounds) are settled before either layer sees a request.
  const frontDoor = createFrontDoor(frontDoorConfig, (request, response) => {
    if (standby) return standby(request, response);
    // The caller's address for throttling and the audit log, from the socket: a client's own value never survives.
    setRequestHeader(request, PEER_HEADER, `${request.socket.remoteAddress ?? 'unknown'}:${request.socket.remotePort ?? 0}`);
    if (api && isApiTarget(request.url ?? '/')) void api(request, response);
    else if (handle) void handle(request, response);
    // If Next fails instead, main ends the process (a page request waits for that, as it waited for Next).
    else pagesReady.then((ready) => void ready(request, response), () => undefined);
  });
  const tls = config.tls;
  const serve = (request: IncomingMessage, response: ServerResponse) => {
    if (tls) {
      // Over TLS the scheme is known: what the session cookie (Secure) and the origin check read, whatever a client says.
      setRequestHeader(request, 'x-forwarded-proto', 'https');
      response.setHeader('Strict-Transport-Security', HSTS_VALUE);
    }
    frontDoor.listener(request, response);
  };
  const server = tls ? createHttpsServer(serverTlsOptions(tls), serve) : createServer(serve);
  // https.Server has http.Server's timeouts and events; the front door sets them the same way.
  frontDoor.configure(server as unknown as Server);
  if (tls?.ca) server.on('secureConnection', (socket: TLSSocket) => refuseUnverifiedPeer(socket));
  // A failed handshake (TLS 1.1, a certificate from another CA) concerns that client only.
  server.on('tlsClientError', (_error: Error, socket: TLSSocket) => socket.destroy());

  return {
    async listen() {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port: config.port, host: config.host, backlog: frontDoorConfig.backlog }, () => resolve());
      });
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      url = `${tls ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
      return url;
    },
    get url() {
      return url;
    },
    setStandby(listener) {
      standby = listener;
    },
    stop() {
      frontDoor.stop();
      server.close();
      server.closeAllConnections();
    },
  };
}
