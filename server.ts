/**
 * Switchboard's process: boots the engine once, then serves the dashboard and the HTTP API through Next.
 * Run by `npm start` (after a build); `PORT`, `HOST`, `DATABASE_URL` and the rest come from the environment.
 */
// First, before Next replaces the global Date: the engine keeps the original clock (see lib/engine/clock.ts).
import './lib/engine/clock';
import { createServer } from 'node:http';
import next from 'next';
import { PEER_HEADER } from './lib/api/request-caller';
import { readFrontDoorConfig } from './lib/server/admission-config';
import { createFrontDoor } from './lib/server/admission-http';
import { boot } from './lib/server/boot';
import { readConfig } from './lib/server/config';

async function main(): Promise<void> {
  const config = readConfig();
  const frontDoorConfig = readFrontDoorConfig();
  const { services, newToken, shutdown } = await boot(config);

  const app = next({ dev: false, hostname: config.host, port: config.port, dir: process.cwd() });
  await app.prepare();
  const handle = app.getRequestHandler();
  // Odd requests and admission (503/429 with Retry-After beyond its bounds) are settled before Next sees a request.
  const frontDoor = createFrontDoor(frontDoorConfig, (request, response) => {
    // The caller's address for throttling and the audit log, from the socket: a client's own value never survives.
    request.headers[PEER_HEADER] = `${request.socket.remoteAddress ?? 'unknown'}:${request.socket.remotePort ?? 0}`;
    void handle(request, response);
  });
  const server = createServer(frontDoor.listener);
  frontDoor.configure(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: config.port, host: config.host, backlog: frontDoorConfig.backlog }, () => resolve());
  });

  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
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
