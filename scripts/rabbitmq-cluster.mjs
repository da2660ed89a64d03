#!/usr/bin/env node
// Starts and stops the three-node RabbitMQ cluster of the tests on loopback (see rabbitmq-cluster-lib.mjs).
//   node scripts/rabbitmq-cluster.mjs start      [--base-port 5701] [--prefix sbtest]   prints the cluster as one JSON line
//   node scripts/rabbitmq-cluster.mjs stop       [--base-port 5701] [--prefix sbtest]
//   node scripts/rabbitmq-cluster.mjs stop-node  <i> [--app] [...]   stops node i's VM, or with --app only RabbitMQ in it
//   node scripts/rabbitmq-cluster.mjs start-node <i> [...]           starts node i again; it rejoins the cluster
// Progress goes to stderr so stdout stays one parseable line; exit status 1 and the error on stderr on failure.
import { parseArgs } from 'node:util';
import { startCluster, startNode, stopCluster, stopNode } from './rabbitmq-cluster-lib.mjs';

const usage = 'usage: rabbitmq-cluster.mjs start|stop|stop-node <i>|start-node <i> [--base-port N] [--prefix NAME] [--app]';

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'base-port': { type: 'string', default: '5701' },
      prefix: { type: 'string', default: 'sbtest' },
      app: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, index] = positionals;
  if (values.help) return console.log(usage);
  const options = {
    basePort: Number(values['base-port']),
    prefix: values.prefix,
    log: (line) => console.error(`[rabbitmq-cluster] ${line}`),
  };
  const started = Date.now();
  switch (command) {
    case 'start':
      console.log(JSON.stringify(await startCluster(options)));
      break;
    case 'stop':
      await stopCluster(options);
      break;
    case 'stop-node':
    case 'start-node':
      if (!index) throw new Error(`${command} needs a node index (1..3)\n${usage}`);
      if (command === 'stop-node') await stopNode(index, { ...options, mode: values.app ? 'app' : 'node' });
      else console.log(JSON.stringify(await startNode(index, options)));
      break;
    default:
      throw new Error(usage);
  }
  options.log(`${command} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error) => {
  console.error(`[rabbitmq-cluster] ${error.message}`);
  process.exit(1);
});
