/**
 * @module A Switchboard process without Next, for tests and benchmarks that start and kill it many times: the same
 * life as server.ts (lib/server/run-process.ts: on PostgreSQL a standby until it holds the active lock, then the
 * engine, AMQP and the HTTP API behind the front door), with every page answered 404. Prints
 * `ready <httpPort> <amqpPort>` once serving as the active process. Run: `tsx tests/support/bare-server.ts` with PORT,
 * AMQP_PORT, DATABASE_URL and SWITCHBOARD_ADMIN_TOKEN set.
 */
import '../../lib/engine/clock';
import { readFrontDoorConfig } from '../../lib/server/admission-config';
import { readConfig } from '../../lib/server/config';
import { runProcess } from '../../lib/server/run-process';

async function main(): Promise<void> {
  const config = readConfig();
  const { services, url } = await runProcess(config, readFrontDoorConfig(), Promise.resolve(async (_request, response) => {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('no pages in this process');
  }));
  console.log(`ready ${new URL(url).port} ${services.amqp?.port ?? 0}`);
}

main().catch((error) => {
  console.error('Switchboard failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
