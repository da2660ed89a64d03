/**
 * @module A Switchboard process without Next, for tests that start and kill it many times: `boot()` (store, brokers,
 * AMQP) and the HTTP API served by the same lean layer as server.ts (lib/server/api-app.ts), without its front door.
 * Prints `ready <httpPort> <amqpPort>` once serving. Run: `tsx tests/support/bare-server.ts` with PORT, AMQP_PORT,
 * DATABASE_URL and SWITCHBOARD_ADMIN_TOKEN set.
 */
import '../../lib/engine/clock';
import { createServer } from 'node:http';
import { boot } from '../../lib/server/boot';
import { readConfig } from '../../lib/server/config';
import { createApiListener } from '../../lib/server/api-listener';

async function main(): Promise<void> {
  const config = readConfig();
  const { services, shutdown } = await boot(config);
  const api = createApiListener();
  const server = createServer((request, response) => void api(request, response));
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(`ready ${port} ${services.amqp?.port ?? 0}`);
  const stop = async () => {
    server.close();
    server.closeAllConnections();
    await shutdown();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((error) => {
  console.error('Switchboard failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
