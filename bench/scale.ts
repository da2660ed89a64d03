/**
 * @module `npm run bench scale`: what many queues cost when nothing happens. Creates N durable queues (default
 * 100,000; BENCH_SCALE_QUEUES to choose, e.g. 10000) with one persistent 1 KB message each over AMQP, in the built
 * server on a database of its own, then reports its median RSS and its CPU over 10 s with no client (from
 * /proc/<pid>/stat), the same with three consoles on the overview, and the time from spawning the server again on
 * the same database until /api/v1/health answers.
 * Then the same restart with one queue 1,000,000 deep (BENCH_SCALE_DEEP; 0 skips it). When AMQP_PEER_URL is set (a
 * RabbitMQ is installed here), a RabbitMQ node of its own (management plugin on, never the default node) gets the same
 * queues at 10,000 (BENCH_SCALE_RABBITMQ_QUEUES) for its RSS.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { get as httpGet, type ClientRequest } from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';
import { freePort, SERVER_ENTRY } from './server-process';
import { median } from './stats';

const settings = {
  queues: Number(process.env.BENCH_SCALE_QUEUES ?? 100_000),
  deep: Number(process.env.BENCH_SCALE_DEEP ?? 1_000_000),
  rabbitQueues: Number(process.env.BENCH_SCALE_RABBITMQ_QUEUES ?? 10_000),
  /** Long enough for every per-queue metrics bucket (a minute) to close after the last event. */
  settleSeconds: Number(process.env.BENCH_SCALE_SETTLE_SECONDS ?? 65),
  idleSeconds: 10,
  /** Consoles on the overview (its /events stream, as the page opens it) while idle CPU is measured again. */
  consoles: 3,
  restarts: 3,
  batch: 2000,
};
const CLOCK_TICKS_PER_SECOND = 100;
const payload = Buffer.alloc(1024, 'x');

interface Server {
  child: ChildProcess;
  pid: number;
  /** Spawn until /api/v1/health answered 200. */
  healthyMs: number;
}

/** Spawns the built server (its bundle, as `npm start` runs it) on `dir`'s database (kept across restarts) and waits until it is healthy. */
async function spawnServer(dir: string, port: number, amqpPort: number, token: string): Promise<Server> {
  const started = performance.now();
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', AMQP_PORT: String(amqpPort), DATABASE_URL: `file:${join(dir, 'scale.db')}`, SWITCHBOARD_ADMIN_TOKEN: token },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout?.resume();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/v1/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (performance.now() - started > 600_000) throw new Error('server did not become healthy in 10 minutes');
    await sleep(50);
  }
  return { child, pid: child.pid!, healthyMs: Math.round(performance.now() - started) };
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

/** Declares `count` durable queues named `<prefix><i>` and publishes one persistent 1 KB message to each, pipelined. */
async function populate(url: string, prefix: string, count: number, queueArguments: Record<string, unknown> = {}): Promise<number> {
  const started = performance.now();
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createConfirmChannel();
    for (let from = 0; from < count; from += settings.batch) {
      const to = Math.min(count, from + settings.batch);
      const declares: Promise<unknown>[] = [];
      for (let i = from; i < to; i++) declares.push(channel.assertQueue(`${prefix}${i}`, { durable: true, arguments: queueArguments }));
      await Promise.all(declares);
      for (let i = from; i < to; i++) channel.sendToQueue(`${prefix}${i}`, payload, { persistent: true });
      await channel.waitForConfirms();
    }
    await channel.close();
  } finally {
    await connection.close().catch(() => undefined);
  }
  return Math.round(performance.now() - started);
}

/** Publishes `count` persistent 1 KB messages to one queue. */
async function fillDeep(url: string, queue: string, count: number): Promise<number> {
  const started = performance.now();
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createConfirmChannel();
    await channel.assertQueue(queue, { durable: true });
    for (let sent = 0; sent < count; sent += 5000) {
      for (let i = sent; i < Math.min(count, sent + 5000); i++) channel.sendToQueue(queue, payload, { persistent: true });
      await channel.waitForConfirms();
    }
    await channel.close();
  } finally {
    await connection.close().catch(() => undefined);
  }
  return Math.round(performance.now() - started);
}

function cpuTicks(pid: number): number {
  // Fields after the command (which may hold spaces) in /proc/<pid>/stat: utime and stime are the 12th and 13th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function rssMiB(pid: number): number {
  const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Math.round(Number(kib ?? 0) / 1024);
}

/** CPU (% of one core) over `idleSeconds` with no client, and the median of RSS samples taken once a second. */
async function idleFigures(pid: number): Promise<{ idleCpuPercent: number; rssMiB: number }> {
  const samples: number[] = [];
  const before = cpuTicks(pid);
  const started = performance.now();
  for (let i = 0; i < settings.idleSeconds; i++) {
    await sleep(1000);
    samples.push(rssMiB(pid));
  }
  const seconds = (performance.now() - started) / 1000;
  const busySeconds = (cpuTicks(pid) - before) / CLOCK_TICKS_PER_SECOND;
  return { idleCpuPercent: Number(((busySeconds / seconds) * 100).toFixed(1)), rssMiB: median(samples) };
}

async function switchboardAt(count: number) {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-scale-'));
  const [port, amqpPort] = [await freePort(), await freePort()];
  const token = randomBytes(16).toString('hex');
  const url = `amqp://admin:${encodeURIComponent(token)}@127.0.0.1:${amqpPort}`;
  let server = await spawnServer(dir, port, amqpPort, token);
  try {
    const createMs = await populate(url, 'scale-', count);
    progress(`switchboard: ${count} queues created in ${createMs} ms; settling ${settings.settleSeconds} s`);
    await sleep(settings.settleSeconds * 1000);
    const idle = await idleFigures(server.pid);
    progress(`switchboard idle: ${JSON.stringify(idle)}`);
    const withConsoles = await consolesOpen(port, token, settings.consoles, () => idleFigures(server.pid));
    progress(`switchboard with ${settings.consoles} consoles open: ${JSON.stringify(withConsoles)}`);
    const restartMs: number[] = [];
    let afterRestart = { idleCpuPercent: 0, rssMiB: 0 };
    for (let i = 0; i < settings.restarts; i++) {
      await stopServer(server);
      server = await spawnServer(dir, port, amqpPort, token);
      restartMs.push(server.healthyMs);
      progress(`switchboard restart until healthy: ${server.healthyMs} ms`);
    }
    await sleep(settings.settleSeconds * 1000);
    afterRestart = await idleFigures(server.pid);
    let deep: Record<string, unknown> | undefined;
    if (settings.deep > 0) {
      const fillMs = await fillDeep(url, 'scale-deep', settings.deep);
      const deepRestartMs: number[] = [];
      for (let i = 0; i < settings.restarts; i++) {
        await stopServer(server);
        server = await spawnServer(dir, port, amqpPort, token);
        deepRestartMs.push(server.healthyMs);
        progress(`switchboard restart with ${settings.deep} messages in one queue: ${server.healthyMs} ms`);
      }
      deep = { messages: settings.deep, fillMs, restartUntilHealthyMs: { median: median(deepRestartMs), runs: deepRestartMs }, rssMiBAfterRestart: rssMiB(server.pid) };
    }
    return {
      queues: count,
      messageBytes: payload.length,
      createOverAmqpMs: createMs,
      idle: { ...idle, seconds: settings.idleSeconds, settledSeconds: settings.settleSeconds },
      withConsolesOpen: { consoles: settings.consoles, ...withConsoles },
      restartUntilHealthyMs: { median: median(restartMs), runs: restartMs },
      idleAfterRestart: afterRestart,
      ...(deep ? { withDeepQueue: deep } : {}),
    };
  } finally {
    await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Opens `count` overview streams (`/events?scope=overview`, what the console's overview keeps open), waits for each
 * one's first frame, runs `measure` while they stay open and read, and reports the bytes they received meanwhile.
 */
async function consolesOpen<T>(port: number, token: string, count: number, measure: () => Promise<T>): Promise<T & { bytesPerSecondPerConsole: number }> {
  const requests: ClientRequest[] = [];
  let bytes = 0;
  try {
    await Promise.all(
      Array.from({ length: count }, () =>
        new Promise<void>((resolve, reject) => {
          const request = httpGet(
            { host: '127.0.0.1', port, path: '/api/v1/events?scope=overview', headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } },
            (response) => {
              if (response.statusCode !== 200) reject(new Error(`/events answered ${response.statusCode}`));
              response.once('data', () => resolve());
              response.on('data', (chunk: Buffer) => (bytes += chunk.length));
            },
          );
          request.on('error', reject);
          requests.push(request);
        }),
      ),
    );
    const started = performance.now();
    const before = bytes;
    const figures = await measure();
    const seconds = (performance.now() - started) / 1000;
    return { ...figures, bytesPerSecondPerConsole: Math.round((bytes - before) / seconds / count) };
  } finally {
    for (const request of requests) request.destroy();
  }
}

async function rabbitMqAt(count: number) {
  const { startRabbitMqNode } = await import('./rabbitmq-node');
  const node = await startRabbitMqNode({ name: 'benchscale' });
  try {
    const { pid } = node;
    const rssEmptyMiB = rssMiB(pid);
    // Classic queues (RabbitMQ's default): the kind Switchboard's queues compare with.
    const createMs = await populate(node.amqpUrl, 'scale-', count);
    await sleep(settings.settleSeconds * 1000);
    const idle = await idleFigures(pid);
    return { queues: count, node: node.nodeName, managementPlugin: true, rssEmptyMiB, createOverAmqpMs: createMs, idle };
  } finally {
    await node.stop();
  }
}

export async function scaleBench(peerUrl: string | undefined) {
  const switchboard = await switchboardAt(settings.queues);
  let rabbitmq: unknown = { skipped: 'AMQP_PEER_URL is not set (no RabbitMQ here to start a node of)' };
  if (peerUrl) {
    rabbitmq = await rabbitMqAt(settings.rabbitQueues).catch((error: Error) => ({ skipped: error.message }));
  }
  return { switchboard, rabbitmq };
}

/** Figures as they come, on stderr (the report is stdout's JSON at the end). */
function progress(line: string): void {
  console.error(`bench scale: ${line}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
