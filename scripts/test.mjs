// `npm test`: every test — unit and integration (vitest, against the real engine, store and HTTP server)
// and end-to-end (Playwright in Chromium against the built app, served by the server's bundle as `npm start` does:
// playwright.config.ts starts scripts/serve.mjs, which makes the bundle when it is stale).
// With RABBITMQ_CLUSTER_TESTS=1 (CI sets it) a three-node RabbitMQ cluster of the tests' own is started beside the
// type check and the build, handed to the tests as TEST_RABBITMQ_CLUSTER, and stopped at the end whatever happened.
import { spawn, spawnSync } from 'node:child_process';
import { needsBuild, needsGenerate } from './build-state.mjs';
import { run } from './run.mjs';

const SHARED_CLUSTER = ['--base-port', '5801', '--prefix', 'sbshared'];

if (needsGenerate()) run('npm', ['run', '--silent', 'generate']);
const cluster = process.env.RABBITMQ_CLUSTER_TESTS === '1' && !process.env.TEST_RABBITMQ_CLUSTER ? startSharedCluster() : undefined;
let status = 0;
try {
  status = step('npx', ['tsc', '--noEmit', '-p', '.']);
  if (status === 0 && needsBuild()) status = step('npx', ['next', 'build']);
  if (status === 0 && cluster) {
    const described = await cluster;
    process.env.TEST_RABBITMQ_CLUSTER = JSON.stringify({
      managementUrls: described.nodes.map((node) => node.managementUrl),
      amqpUrls: described.nodes.map((node) => node.amqpUrl.replace(/\/\/[^@/]*@/, '//')),
      username: described.username,
      password: described.password,
    });
  }
  if (status === 0) status = step('npx', ['vitest', 'run']);
  if (status === 0) status = step('npx', ['playwright', 'test']);
} finally {
  if (cluster) {
    await cluster.catch(() => undefined);
    spawnSync('node', ['scripts/rabbitmq-cluster.mjs', 'stop', ...SHARED_CLUSTER], { stdio: 'inherit' });
  }
}
process.exit(status);

function step(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) console.error(`\n${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  return result.status ?? 1;
}

/** Boots the cluster in a child process, so it comes up while the type check and the build run. */
function startSharedCluster() {
  const child = spawn('node', ['scripts/rabbitmq-cluster.mjs', 'start', ...SHARED_CLUSTER], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`the test cluster did not start (exit ${code})`))));
  });
}
