/**
 * `npm run demo`: starts the demo shop on a running Switchboard over its HTTP API and stops it on Ctrl-C.
 * SWITCHBOARD_URL (default http://127.0.0.1:3000) and SWITCHBOARD_ADMIN_TOKEN (required) say where and as whom.
 */
import { SHOP_QUEUES, ORDERS_EXCHANGE } from '../lib/demo/shop-topology';
import { createSwitchboardClient } from '../lib/client/switchboard-client';

async function main(): Promise<void> {
  const baseUrl = process.env.SWITCHBOARD_URL || 'http://127.0.0.1:3000';
  const token = process.env.SWITCHBOARD_ADMIN_TOKEN;
  if (!token) {
    console.error('Set SWITCHBOARD_ADMIN_TOKEN to an admin token of the Switchboard at ' + baseUrl + ' (lost it? npm run admin-token).');
    process.exit(2);
  }
  const client = createSwitchboardClient({ baseUrl, token });
  const { running } = await client.controlDemo('start');
  if (!running) throw new Error('the server did not start the demo');

  console.log(`Demo shop running on ${baseUrl}:`);
  console.log(`  exchange ${ORDERS_EXCHANGE} (topic), order events published a few times a second`);
  for (const queue of SHOP_QUEUES) {
    const keys = queue.bindingKeys.length > 0 ? ` <- ${queue.bindingKeys.join(', ')}` : '';
    console.log(`  queue ${queue.name}${keys}: ${queue.description}`);
  }
  console.log(`Watch it at ${baseUrl}/. Press Ctrl-C to stop the demo (the queues stay; delete them when done).`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await client.controlDemo('stop');
      console.log('\nDemo stopped.');
      process.exit(0);
    } catch (error) {
      console.error('\nCould not stop the demo:', error instanceof Error ? error.message : error);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  // Keep the process alive until a signal stops it.
  setInterval(() => undefined, 60_000);
}

main().catch((error) => {
  console.error('demo failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
