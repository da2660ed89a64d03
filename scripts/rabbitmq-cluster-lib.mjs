// A throwaway three-node RabbitMQ cluster on loopback for the tests of issue 15 ("attach RabbitMQ clusters").
// The machine's own node, rabbit@localhost (5672/15672/25672), is shared with other tests: nothing here may stop,
// reset or reconfigure it, so every node of ours has its own name, ports, data, logs, config and env file, all under
// one state directory that `stopCluster` deletes (deleting a node's data is its reset).
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// The scripts in /usr/sbin cd to /var/lib/rabbitmq and send rabbitmq-server's output to /var/log/rabbitmq/startup_log,
// which belongs to the default node; the real scripts behind them take their settings from the environment alone.
const BIN = process.env.RABBITMQ_BIN_DIR ?? '/usr/lib/rabbitmq/bin';
const RABBITMQ_USER = 'rabbitmq';
// HOME decides which Erlang cookie a node and the CLI use: the shared one, so one rabbitmqctl reaches every node.
const RABBITMQ_HOME = '/var/lib/rabbitmq';
export const USERNAME = 'switchboard';
export const PASSWORD = 'sbtest-cluster-password';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Names, ports and folders of the cluster started at `basePort`; pure, so tests can compute them too. */
export function clusterLayout({ basePort = 5701, prefix = 'sbtest', size = 3 } = {}) {
  basePort = Number(basePort);
  // Dist ports are base+20000 and the CLI's are base+30000, so the base must leave them below 65536.
  if (!Number.isInteger(basePort) || basePort < 1024 || basePort > 35000) throw new Error(`--base-port must be an integer in 1024..35000, not ${basePort}`);
  if (!/^[a-z][a-z0-9_-]*$/i.test(prefix) || prefix === 'rabbit') throw new Error(`node name prefix ${JSON.stringify(prefix)} is not allowed`);
  const stateDir = `/tmp/switchboard-rabbitmq-cluster-${basePort}`;
  const nodes = Array.from({ length: size }, (_, k) => {
    const short = `${prefix}${k + 1}`;
    const dir = path.join(stateDir, short);
    return {
      index: k + 1,
      name: `${short}@localhost`,
      amqpPort: basePort + k,
      managementPort: 10000 + basePort + k,
      distPort: 20000 + basePort + k,
      dir,
      pidFile: path.join(dir, 'node.pid'),
      logFile: path.join(dir, 'log', `${short}@localhost.log`),
      env: {
        HOME: RABBITMQ_HOME,
        RABBITMQ_NODENAME: `${short}@localhost`,
        RABBITMQ_DIST_PORT: String(20000 + basePort + k),
        RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
        RABBITMQ_LOG_BASE: path.join(dir, 'log'),
        RABBITMQ_PID_FILE: path.join(dir, 'node.pid'),
        RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
        RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq.conf'),
        // Never read /etc/rabbitmq: its env file names the default node and an advanced.config there would apply too.
        RABBITMQ_CONF_ENV_FILE: path.join(dir, 'rabbitmq-env.conf'),
        RABBITMQ_ADVANCED_CONFIG_FILE: path.join(dir, 'advanced.config'),
        // The CLI is an Erlang node too; its own port range keeps it off the default node's 35672..35682.
        RABBITMQ_CTL_DIST_PORT_MIN: String(30000 + basePort),
        RABBITMQ_CTL_DIST_PORT_MAX: String(30000 + basePort + 20),
      },
    };
  });
  return { basePort, prefix, stateDir, nodes };
}

function describeNodes(layout) {
  return {
    nodes: layout.nodes.map((n) => ({
      name: n.name,
      amqpUrl: `amqp://${USERNAME}:${PASSWORD}@127.0.0.1:${n.amqpPort}`,
      managementUrl: `http://127.0.0.1:${n.managementPort}`,
    })),
    username: USERNAME,
    password: PASSWORD,
  };
}

/** Runs `command` as the rabbitmq user (nodes must own their files and share its cookie), bounded by `timeoutMs`. */
function runAsRabbitmq(command, args, { env = {}, timeoutMs = 30_000, cwd = RABBITMQ_HOME, outFile } = {}) {
  const root = process.getuid?.() === 0;
  if (!root && os.userInfo().username !== RABBITMQ_USER) throw new Error('rabbitmq-cluster must run as root or as the rabbitmq user');
  const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const [file, argv] = root ? ['runuser', ['-u', RABBITMQ_USER, '--', 'env', ...envArgs, command, ...args]] : ['env', [...envArgs, command, ...args]];
  return new Promise((resolve) => {
    // rabbitmq-server -detached leaves a daemon behind that may inherit pipes: its output goes to a file, and
    // 'exit' (not 'close') ends the wait. The own process group lets a timeout kill the command and its children.
    const out = outFile ? fs.openSync(outFile, 'a') : undefined;
    const child = spawn(file, argv, { cwd, detached: true, stdio: ['ignore', out ?? 'pipe', out ?? 'pipe'] });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      output += `\n(killed after ${timeoutMs} ms)`;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }, timeoutMs);
    child.on('error', (error) => { clearTimeout(timer); resolve({ code: -1, output: String(error) }); });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (out !== undefined) fs.closeSync(out);
      // Give the pipes a moment to drain before reporting what the command said.
      setTimeout(() => resolve({ code: code ?? signal, output: output.trim() }), 20);
    });
  });
}

/** `rabbitmqctl -n <node> ...args`; throws an error naming the node, the command and its output unless `allowFail`. */
async function ctl(node, args, { timeoutMs = 30_000, allowFail = false } = {}) {
  const result = await runAsRabbitmq(path.join(BIN, 'rabbitmqctl'), ['-n', node.name, ...args], { env: node.env, timeoutMs });
  if (result.code !== 0 && !allowFail) throw new Error(`rabbitmqctl -n ${node.name} ${args.join(' ')} failed (exit ${result.code}):\n${result.output}`);
  return result;
}

const isRunning = async (node) => (await ctl(node, ['ping', '--timeout', '5'], { timeoutMs: 15_000, allowFail: true })).code === 0;

function tail(file, lines = 25) {
  try { return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n'); } catch { return '(none)'; }
}

const remaining = (deadline) => Math.max(1_000, deadline - Date.now());

function prepareNode(node, uid, gid) {
  fs.mkdirSync(path.join(node.dir, 'mnesia'), { recursive: true });
  fs.mkdirSync(path.join(node.dir, 'log'), { recursive: true });
  fs.writeFileSync(node.env.RABBITMQ_CONFIG_FILE, [
    `listeners.tcp.default = 127.0.0.1:${node.amqpPort}`,
    'management.tcp.ip = 127.0.0.1',
    `management.tcp.port = ${node.managementPort}`,
    '',
  ].join('\n'));
  fs.writeFileSync(node.env.RABBITMQ_ENABLED_PLUGINS_FILE, '[rabbitmq_management].\n');
  // What /etc/rabbitmq/rabbitmq-env.conf does for the default node, minus its NODENAME: epmd and the distribution
  // listen on loopback only.
  fs.writeFileSync(node.env.RABBITMQ_CONF_ENV_FILE, 'ERL_EPMD_ADDRESS=127.0.0.1\nexport ERL_FLAGS="-kernel inet_dist_use_interface {127,0,0,1}"\n');
  for (const entry of [node.dir, ...fs.readdirSync(node.dir).map((e) => path.join(node.dir, e))]) fs.chownSync(entry, uid, gid);
}

/** Starts the node's Erlang VM and waits until RabbitMQ has booted on it. */
async function bootNode(node, deadline) {
  fs.rmSync(node.pidFile, { force: true });
  const out = path.join(node.dir, 'server.out');
  const started = await runAsRabbitmq(path.join(BIN, 'rabbitmq-server'), ['-detached'], { env: node.env, cwd: node.dir, outFile: out, timeoutMs: 30_000 });
  if (started.code !== 0) throw new Error(`rabbitmq-server -detached for ${node.name} failed (exit ${started.code}):\n${tail(out)}`);
  // await_startup fails at once while the VM has not registered with epmd yet, so ask again until the deadline.
  let last;
  while (Date.now() < deadline) {
    last = await ctl(node, ['await_startup', '--timeout', String(Math.ceil(remaining(deadline) / 1000))], { timeoutMs: remaining(deadline) + 10_000, allowFail: true });
    if (last.code === 0) return;
    await sleep(1_000);
  }
  throw new Error(`${node.name} did not start (rabbitmqctl await_startup: ${last?.output}).\nserver.out:\n${tail(out)}\n${node.logFile}:\n${tail(node.logFile)}`);
}

async function api(node, pathname, init = {}) {
  const auth = Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64');
  const response = await fetch(`http://127.0.0.1:${node.managementPort}${pathname}`, {
    ...init,
    headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json', ...init.headers },
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok) throw new Error(`GET ${pathname} on ${node.name}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/** Waits until the node's management API accepts our user and reports every node of the cluster running. */
async function awaitManagement(node, layout, deadline) {
  let problem;
  while (Date.now() < deadline) {
    try {
      await api(node, '/api/overview');
      const running = (await api(node, '/api/nodes')).filter((n) => n.running).map((n) => n.name);
      if (layout.nodes.every((n) => running.includes(n.name))) return;
      problem = `/api/nodes lists ${running.length} running: ${running.join(', ') || 'none'}`;
    } catch (error) {
      problem = error.cause?.code ?? error.message;
    }
    await sleep(1_000);
  }
  throw new Error(`management API of ${node.name} (port ${node.managementPort}) not ready: ${problem}`);
}

function portAnswers(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(2_000, () => { socket.destroy(); resolve(false); });
    socket.on('connect', () => { socket.destroy(); resolve(true); });
    socket.on('error', () => resolve(false));
  });
}

/** Stops one of our nodes if it runs: politely via rabbitmqctl, then, if its VM outlives that, by its pid. */
async function haltNode(node, deadline) {
  const pid = Number(fs.existsSync(node.pidFile) ? fs.readFileSync(node.pidFile, 'utf8').trim() : NaN);
  if (await isRunning(node)) {
    // With the pid file, `stop` also waits for the OS process to end, so the ports are free when it returns.
    const args = Number.isInteger(pid) ? ['stop', node.pidFile] : ['stop'];
    await ctl(node, args, { timeoutMs: remaining(deadline), allowFail: true });
  }
  if (Number.isInteger(pid) && pid > 0) {
    // Kill only a VM whose command line carries this node's name: a stale pid file may name someone else's process.
    const alive = () => { try { return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(node.name); } catch { return false; } };
    while (alive() && Date.now() < deadline) await sleep(250);
    if (alive()) process.kill(pid, 'SIGKILL');
  }
}

/** Starts (afresh) the three-node cluster; resolves to `{nodes: [{name, amqpUrl, managementUrl}], username, password}`. */
export async function startCluster(options = {}) {
  const layout = clusterLayout(options);
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  const log = options.log ?? (() => {});
  // A cluster of these names left by an earlier run: stop it and throw its data away.
  await Promise.all(layout.nodes.map(async (node) => {
    if (await isRunning(node)) { log(`stopping leftover ${node.name}`); await haltNode(node, deadline); }
  }));
  fs.rmSync(layout.stateDir, { recursive: true, force: true });
  for (const node of layout.nodes) {
    for (const port of [node.amqpPort, node.managementPort, node.distPort]) {
      if (await portAnswers(port)) throw new Error(`port ${port} (for ${node.name}) is taken by another process; choose another --base-port`);
    }
  }
  const uid = Number(execFileSync('id', ['-u', RABBITMQ_USER], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', RABBITMQ_USER], { encoding: 'utf8' }).trim());
  fs.mkdirSync(layout.stateDir, { recursive: true });
  fs.chownSync(layout.stateDir, uid, gid);
  layout.nodes.forEach((node) => prepareNode(node, uid, gid));
  try {
    log('booting nodes');
    await Promise.all(layout.nodes.map((node) => bootNode(node, deadline)));
    const [first, ...others] = layout.nodes;
    // One join at a time: each one changes the membership the next joiner copies from the first node.
    for (const node of others) {
      log(`joining ${node.name} to ${first.name}`);
      await ctl(node, ['stop_app'], { timeoutMs: remaining(deadline) });
      await ctl(node, ['join_cluster', first.name], { timeoutMs: remaining(deadline) });
      await ctl(node, ['start_app'], { timeoutMs: remaining(deadline) });
    }
    // Users live in the cluster's shared database, so they are made after the joins (joining resets a node's own).
    await ctl(first, ['set_cluster_name', `switchboard-test-${layout.basePort}`], { timeoutMs: remaining(deadline) });
    await ctl(first, ['add_user', USERNAME, PASSWORD], { timeoutMs: remaining(deadline) });
    await ctl(first, ['set_user_tags', USERNAME, 'administrator'], { timeoutMs: remaining(deadline) });
    await ctl(first, ['set_permissions', '-p', '/', USERNAME, '.*', '.*', '.*'], { timeoutMs: remaining(deadline) });
    log('waiting for the management APIs');
    await Promise.all(layout.nodes.map((node) => awaitManagement(node, layout, deadline)));
  } catch (error) {
    // Leave no VM behind, but keep the state directory: its logs explain the failure.
    await Promise.all(layout.nodes.map((node) => haltNode(node, Date.now() + 30_000).catch(() => {})));
    error.message += `\n(logs kept in ${layout.stateDir})`;
    throw error;
  }
  const info = describeNodes(layout);
  fs.writeFileSync(path.join(layout.stateDir, 'cluster.json'), `${JSON.stringify(info)}\n`);
  return info;
}

/** Stops every node of the cluster (those not running are skipped) and deletes its state directory. */
export async function stopCluster(options = {}) {
  const layout = clusterLayout(options);
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  await Promise.all(layout.nodes.map((node) => haltNode(node, deadline)));
  fs.rmSync(layout.stateDir, { recursive: true, force: true });
}

function nodeAt(layout, index) {
  const node = layout.nodes[Number(index) - 1];
  if (!node) throw new Error(`node index must be 1..${layout.nodes.length}, not ${index}`);
  return node;
}

/** For fault tests: stops node `index` (1-based) — the whole VM (`mode: 'node'`) or only RabbitMQ in it (`'app'`). */
export async function stopNode(index, options = {}) {
  const layout = clusterLayout(options);
  const node = nodeAt(layout, index);
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  if (!fs.existsSync(node.dir)) throw new Error(`${node.name} has no state in ${node.dir}; start the cluster first`);
  if (options.mode === 'app') await ctl(node, ['stop_app'], { timeoutMs: remaining(deadline) });
  else await haltNode(node, deadline);
}

/** Starts node `index` again; its database still names the cluster, so it rejoins by itself. Waits until the
 *  management API on it sees all nodes running. */
export async function startNode(index, options = {}) {
  const layout = clusterLayout(options);
  const node = nodeAt(layout, index);
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  if (!fs.existsSync(node.dir)) throw new Error(`${node.name} has no state in ${node.dir}; start the cluster first`);
  if (await isRunning(node)) await ctl(node, ['start_app'], { timeoutMs: remaining(deadline) });
  else await bootNode(node, deadline);
  await awaitManagement(node, layout, deadline);
  return describeNodes(layout);
}
