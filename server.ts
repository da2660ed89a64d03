/**
 * Switchboard's process: boots the engine once, then serves the HTTP API (`/api/...`, `/metrics`,
 * `/metrics/per-object`) with the lean layer of lib/server/api-app.ts and the console through Next, behind a front
 * door (odd requests, admission) and, with a certificate, over HTTPS. `SWITCHBOARD_API_VIA_NEXT=1` hands the API to
 * Next's route files instead (the API tests run through both, so the two adapters of the catalog cannot drift).
 * Run by `npm start` (after a build); `PORT`, `HOST`, `DATABASE_URL` and the rest come from the environment.
 */
// First, before Next replaces the global Date: the engine keeps the original clock (see lib/engine/clock.ts).
import './lib/engine/clock';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { PEER_HEADER } from './lib/api/request-caller';
import { readFrontDoorConfig, type FrontDoorConfig } from './lib/server/admission-config';
import { createFrontDoor } from './lib/server/admission-http';
import { startMemoryRelease } from './lib/server/memory-release';
import { createApiListener, isApiTarget, setRequestHeader } from './lib/server/api-listener';
import { boot, type BootResult } from './lib/server/boot';
import { readConfig } from './lib/server/config';
import type { ServerConfig } from './lib/server/services';
import { HSTS_VALUE, refuseUnverifiedPeer, serverTlsOptions } from './lib/server/tls';

/** Next's handler of page requests, once it has prepared them. */
type NextHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

async function main(): Promise<void> {
  const config = readConfig();
  const frontDoorConfig = readFrontDoorConfig();
  // Loaded once the configuration is known good: a broken one (a missing certificate file) fails in a moment.
  const { default: next } = await import('next');
  // Next prepares its pages while the engine boots; the API (and health) serve as soon as the engine is up, and a page
  // request that comes before Next is ready waits for it. A restart is serving in the engine's time, not Next's.
  const app = next({ dev: false, hostname: config.host, port: config.port, dir: process.cwd() });
  const pagesReady: Promise<NextHandler> = app.prepare().then(() => app.getRequestHandler());
  // Awaited at the end of main (a failed prepare, such as a missing build, fails the start); until then it is handled.
  pagesReady.catch(() => undefined);
  const booted = await boot(config);
  // What a burst of work freed goes back to the operating system once the load has passed (glibc would keep it).
  startMemoryRelease();
  try {
    await startServing(config, frontDoorConfig, pagesReady, booted);
    await pagesReady;
  } catch (error) {
    // Stops the engine as SIGTERM would, so what it took is written before the process ends.
    await booted.shutdown();
    throw error;
  }
}

/** Listens with the front door, the lean API layer and Next's pages (once ready), and stops on SIGINT/SIGTERM. */
async function startServing(
  config: ServerConfig,
  frontDoorConfig: FrontDoorConfig,
  pagesReady: Promise<NextHandler>,
  { services, newToken, shutdown }: BootResult,
): Promise<void> {
  let handle: NextHandler | undefined;
  pagesReady.then((ready) => (handle = ready), () => undefined);
  const api = process.env.SWITCHBOARD_API_VIA_NEXT === '1' ? undefined : createApiListener();
  // Odd requests and admission (503/429 with Retry-After beyond its bounds) are settled before either layer sees a request.
  const frontDoor = createFrontDoor(frontDoorConfig, (request, response) => {
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
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: config.port, host: config.host, backlog: frontDoorConfig.backlog }, () => resolve());
  });

  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `${tls ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  console.log(`Switchboard ${services.version} ready at ${url} (storage: ${services.storage}, database: ${config.databaseUrl})`);
  if (newToken) {
    console.log(`User admin's password and API key (shown once, stored only as hashes): ${newToken}`);
    console.log(`Log in at ${url}/login as admin with it, or send "Authorization: Bearer <key>" to ${url}/api/v1.`);
  } else if (process.env.SWITCHBOARD_ADMIN_TOKEN) {
    console.log(`Log in at ${url}/login as admin with the key in SWITCHBOARD_ADMIN_TOKEN.`);
  } else {
    console.log(`Log in at ${url}/login as admin (lost the key? run: npm run admin-token).`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Switchboard stopping (${signal})`);
    frontDoor.stop();
    server.close();
    server.closeAllConnections();
    await shutdown();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error('Switchboard failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
