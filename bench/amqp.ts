/**
 * @module `npm run bench amqp`: issue 6's workloads through amqplib against Switchboard (the built server, spawned
 * with AMQP on a free port) as admin and as an application user without tags (its permission checks cached per
 * connection: within 5% of admin is the goal), and, when AMQP_PEER_URL is set, against that RabbitMQ in the same run,
 * with ratios. Runs alternate between the sides so drift on a shared machine hits all alike.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { appUserAmqpUrl } from './app-user';
import { holdConnections, latencyRun, throughputRun, type Broker, type HeldConnections, type LatencyRun } from './amqp-workloads';
import { benchStore, startServer } from './server-process';
import { median } from './stats';

const settings = {
  messages: Number(process.env.BENCH_AMQP_MESSAGES ?? 50_000),
  runs: 3,
  latencyRate: 1000,
  latencySeconds: Number(process.env.BENCH_AMQP_LATENCY_SECONDS ?? 10),
  connections: Number(process.env.BENCH_AMQP_CONNECTIONS ?? 1000),
  connectParallel: 50,
};

interface Side {
  name: 'switchboard' | 'switchboard-app' | 'rabbitmq';
  broker: Broker;
  /** The broker's OS process, when we can read its memory. */
  pid?: number;
  throughput: number[];
  latency: LatencyRun[];
  held?: HeldConnections & { count: number; note?: string; rssMiBBefore?: number; rssMiBHeld?: number };
  error?: string;
}

function rssMiB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? undefined : Math.round(Number(kib) / 1024);
  } catch {
    return undefined;
  }
}

/** The broker's soft open-files limit, when its process is readable here. */
function openFilesLimit(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const soft = /Max open files\s+(\d+)/.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'))?.[1];
    return soft === undefined ? undefined : Number(soft);
  } catch {
    return undefined;
  }
}

/**
 * How many connections a side may be asked to hold. RabbitMQ refuses sockets past ~90% of its open-files limit and,
 * once there, cannot open its own files (3.10 loses its memory monitor and then fails every queue.declare until
 * repaired), so with the default `ulimit -n 1024` it is held to half its limit and the report says so.
 */
function connectionsFor(side: Side): { count: number; note?: string } {
  const limit = side.name === 'rabbitmq' ? openFilesLimit(side.pid) : undefined;
  if (limit === undefined || settings.connections <= limit / 2) return { count: settings.connections };
  const count = Math.floor(limit / 2);
  return { count, note: `held ${count}, not ${settings.connections}: the broker's open-files limit is ${limit}` };
}

/** RabbitMQ's Erlang VM on this machine, when the peer is on loopback (cheaper than `rabbitmqctl status`). */
function rabbitPid(url: string): number | undefined {
  if (!/^amqps?:\/\/([^@]*@)?(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(url)) return undefined;
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (command.includes('beam') && command.includes('rabbit')) return Number(entry);
    } catch {
      // gone, or not ours to read
    }
  }
  return undefined;
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitForAmqp(port: number): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await portAnswers(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `Switchboard's AMQP listener does not answer on 127.0.0.1:${port} (AMQP_PORT=${port}); is it started by server.ts? ` +
      'Build first (npx next build) and check the server log above.',
  );
}

const summarize = (runs: number[]) => ({ median: Math.round(median(runs)), runs: runs.map(Math.round) });

function latencySummary(runs: LatencyRun[]) {
  return {
    rate: settings.latencyRate,
    seconds: settings.latencySeconds,
    p50Ms: Number(median(runs.map((run) => run.p50Ms)).toFixed(2)),
    p99Ms: Number(median(runs.map((run) => run.p99Ms)).toFixed(2)),
    p999Ms: Number(median(runs.map((run) => run.p999Ms)).toFixed(2)),
    maxMs: Number(Math.max(...runs.map((run) => run.maxMs)).toFixed(2)),
    runs,
  };
}

/** Runs `work` for each live side in turn, recording a failure on that side instead of stopping the bench. */
async function eachSide(sides: Side[], step: string, work: (side: Side) => Promise<void>): Promise<void> {
  for (const side of sides) {
    if (side.error) continue;
    console.error(`[bench amqp] ${side.name}: ${step}`);
    try {
      await work(side);
    } catch (error) {
      side.error = error instanceof Error ? error.message : String(error);
      console.error(`[bench amqp] ${side.name}: ${side.error}`);
    }
  }
}

function report(side: Side) {
  if (side.error && side.throughput.length === 0) return { error: side.error };
  return {
    ...(side.error ? { error: side.error } : {}),
    throughput: { unit: 'msg/s', messages: settings.messages, ...summarize(side.throughput) },
    latency: side.latency.length ? latencySummary(side.latency) : undefined,
    connections: side.held,
  };
}

function printTable(sides: Side[], ratios: Record<string, number>): void {
  const line = (label: string, value: (side: Side) => string) =>
    console.error(`  ${label.padEnd(30)}${sides.map((side) => value(side).padStart(16)).join('')}`);
  console.error(`\n[bench amqp] ${' '.repeat(18)}${sides.map((side) => side.name.padStart(16)).join('')}`);
  const t = (side: Side) => (side.throughput.length ? `${Math.round(median(side.throughput))} msg/s` : 'failed');
  line('throughput (median)', t);
  line('latency p50 @1000/s', (side) => (side.latency.length ? `${latencySummary(side.latency).p50Ms} ms` : '—'));
  line('latency p99 @1000/s', (side) => (side.latency.length ? `${latencySummary(side.latency).p99Ms} ms` : '—'));
  line('latency p99.9 @1000/s', (side) => (side.latency.length ? `${latencySummary(side.latency).p999Ms} ms` : '—'));
  line('latency max @1000/s', (side) => (side.latency.length ? `${latencySummary(side.latency).maxMs} ms` : '—'));
  // Each run on its own line: the target is per run (p99 at or below RabbitMQ's in every run, max under 20 ms).
  for (const side of sides) {
    side.latency.forEach((r, i) => console.error(`  ${side.name} latency run ${i + 1}: p50 ${r.p50Ms}, p99 ${r.p99Ms}, p99.9 ${r.p999Ms}, max ${r.maxMs} ms`));
  }
  line('connections held', (side) => (side.held ? `${side.held.count}` : '—'));
  line('  time to open them', (side) => (side.held ? `${side.held.openMs} ms` : '—'));
  line('  open and working', (side) => (side.held ? `${side.held.working}/${side.held.count}` : '—'));
  line('  broker RSS held', (side) => (side.held?.rssMiBHeld !== undefined ? `${side.held.rssMiBHeld} MiB` : '—'));
  for (const [name, value] of Object.entries(ratios)) console.error(`  ${name}: ${value}`);
  console.error('');
}

export async function amqpBench(peerUrl: string | undefined): Promise<Record<string, unknown>> {
  const server = await startServer({ amqp: true });
  const switchboard: Side = {
    name: 'switchboard',
    broker: { url: `amqp://admin:${encodeURIComponent(server.token)}@127.0.0.1:${server.amqpPort}` },
    pid: server.pid,
    throughput: [],
    latency: [],
  };
  // The same server as a user with '.*' on '/' and no tags, logged in with an API key.
  const appUser: Side = { name: 'switchboard-app', broker: { url: '' }, throughput: [], latency: [] };
  const sides: Side[] = [switchboard, appUser];
  if (peerUrl) {
    const queueArguments = { 'x-queue-type': 'classic' };
    sides.push({ name: 'rabbitmq', broker: { url: peerUrl, queueArguments }, pid: rabbitPid(peerUrl), throughput: [], latency: [] });
  }
  try {
    try {
      await waitForAmqp(server.amqpPort!);
    } catch (error) {
      switchboard.error = appUser.error = (error as Error).message;
      console.error(`[bench amqp] switchboard: ${switchboard.error}`);
    }
    if (!appUser.error) {
      try {
        appUser.broker.url = await appUserAmqpUrl(server);
      } catch (error) {
        appUser.error = `could not create the application user: ${(error as Error).message}`;
        console.error(`[bench amqp] switchboard-app: ${appUser.error}`);
      }
    }
    await eachSide(sides, 'warm-up', async (side) => void (await throughputRun(side.broker, Math.min(10_000, settings.messages)))); // warm-up
    for (let run = 0; run < settings.runs; run++) {
      await eachSide(sides, `throughput run ${run + 1}`, async (side) => void side.throughput.push(await throughputRun(side.broker, settings.messages)));
    }
    for (let run = 0; run < settings.runs; run++) {
      await eachSide(sides, `latency run ${run + 1}`, async (side) => void side.latency.push(await latencyRun(side.broker, settings.latencyRate, settings.latencySeconds)));
    }
    // Holding connections measures the listener, not permission checks: the application user skips it.
    await eachSide(sides.filter((side) => side !== appUser), `${settings.connections} connections`, async (side) => {
      const rssMiBBefore = rssMiB(side.pid);
      let rssMiBHeld: number | undefined;
      const { count, note } = connectionsFor(side);
      if (note) console.error(`[bench amqp] ${side.name}: ${note}`);
      const held = await holdConnections(side.broker, count, settings.connectParallel, async () => {
        rssMiBHeld = rssMiB(side.pid);
      });
      side.held = { count, ...(note ? { note } : {}), ...held, rssMiBBefore, rssMiBHeld };
    });
  } finally {
    await server.stop();
  }

  const result: Record<string, unknown> = { store: benchStore(), switchboard: report(switchboard), switchboardAppUser: report(appUser) };
  const ratios: Record<string, number> = {};
  if (switchboard.throughput.length && appUser.throughput.length) {
    ratios.throughputAppUserToAdmin = Number((median(appUser.throughput) / median(switchboard.throughput)).toFixed(3));
  }
  if (switchboard.latency.length && appUser.latency.length) {
    ratios.p99AppUserToAdmin = Number((latencySummary(appUser.latency).p99Ms / latencySummary(switchboard.latency).p99Ms).toFixed(3));
  }
  const rabbit = sides.find((side) => side.name === 'rabbitmq');
  if (rabbit) {
    result.rabbitmq = report(rabbit);
    if (switchboard.throughput.length && rabbit.throughput.length) {
      ratios.throughputSwitchboardToRabbitMq = Number((median(switchboard.throughput) / median(rabbit.throughput)).toFixed(2));
    }
    if (switchboard.latency.length && rabbit.latency.length) {
      ratios.p99SwitchboardToRabbitMq = Number((latencySummary(switchboard.latency).p99Ms / latencySummary(rabbit.latency).p99Ms).toFixed(2));
      // Issue 13's target, run by run (run i of each side are next to each other in time).
      ratios.latencyRunsAtOrBelowRabbitMqP99 = switchboard.latency.filter((run, i) => rabbit.latency[i] && run.p99Ms <= rabbit.latency[i].p99Ms).length;
      ratios.latencyRunsWithMaxUnder20Ms = switchboard.latency.filter((run) => run.maxMs < 20).length;
    }
  } else {
    result.rabbitmq = { skipped: 'AMQP_PEER_URL is not set' };
  }
  result.ratios = ratios;
  printTable(sides, ratios);
  return result;
}
