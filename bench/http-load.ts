/**
 * @module `npm run bench http-load`: the HTTP API's figures of issue 13, each beside its reference measured in the
 * same run on the same machine with the same load generator.
 * - `GET /api/v1/health` with wrk, against Switchboard and a plain node:http server answering "ok";
 * - one persistent publish per request with wrk, against `POST /api/v1/queues/{name}/messages` and RabbitMQ's
 *   management API (`POST /api/exchanges/%2F/amq.default/publish`, delivery_mode 2) on a node of its own;
 * - an open loop of single publishes (1,000/s for 10 s) with one consumer, on the SSE subscription and by
 *   receive + ack, against the same load through amqplib on RabbitMQ;
 * - W1 over HTTP (publish-batch 100, receive 100, ack) against RabbitMQ classic through amqplib.
 * Switchboard's figures come first (RabbitMQ not yet started), then RabbitMQ's (Switchboard stopped), so neither
 * idles on the cores the other is measured on. Without wrk or RabbitMQ the figures that need them say `skipped`.
 * Switchboard is the real server (a `next build` first; its bundle, as `npm start` runs it); BENCH_HTTP_LOAD_SERVER=bare measures
 * tests/support/bare-server.ts instead (the catalog on plain node:http, no Next: no build needed).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { amqpOpenLoop } from './amqp-open-loop';
import { httpW1Run, type ApiTarget } from './http';
import { httpOpenLoop, OPEN_LOOP_CONNECTIONS } from './http-open-loop';
import { peerThroughput } from './peer';
import { startRabbitMqNode, type RabbitMqNode } from './rabbitmq-node';
import { freePort, startServer } from './server-process';
import { median } from './stats';
import { runWrk, wrkAvailable, type WrkResult } from './wrk';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SETTINGS = {
  wrkThreads: env('BENCH_HTTP_LOAD_THREADS', 1),
  wrkConnections: env('BENCH_HTTP_LOAD_CONNECTIONS', 20),
  wrkSeconds: env('BENCH_HTTP_LOAD_SECONDS', 10),
  openLoopRate: env('BENCH_HTTP_LOAD_RATE', 1000),
  openLoopSeconds: env('BENCH_HTTP_LOAD_OPEN_SECONDS', 10),
  warmUpSeconds: 1,
  w1Messages: env('BENCH_HTTP_LOAD_W1_MESSAGES', 50_000),
  w1Runs: 3,
  wrkWarmUpSeconds: 3,
  payloadBytes: 1024,
};
const PAYLOAD = 'x'.repeat(SETTINGS.payloadBytes);
const PUBLISH_QUEUE = 'bench-http-publish';

type Skipped = { skipped: string };
type Failed = { failed: string };

/** Each figure on stderr as soon as it is known, so a failure later does not lose it. */
function logged<T>(name: string, value: T): T {
  console.error(`http-load ${name}: ${JSON.stringify(value)}`);
  return value;
}

async function attempt<T>(name: string, run: () => Promise<T>): Promise<T | Failed> {
  try {
    return logged(name, await run());
  } catch (error) {
    return logged(name, { failed: (error as Error).message });
  }
}

/** A measured wrk run after an unmeasured one of `wrkWarmUpSeconds` (JIT, lazily loaded modules, connection pools). */
async function wrk(url: string, request: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } = {}): Promise<WrkResult> {
  const load = { url, threads: SETTINGS.wrkThreads, connections: SETTINGS.wrkConnections, ...request };
  await runWrk({ ...load, seconds: SETTINGS.wrkWarmUpSeconds });
  return runWrk({ ...load, seconds: SETTINGS.wrkSeconds });
}

interface Target extends ApiTarget {
  kind: string;
  stop(): Promise<void>;
}

async function startSwitchboard(): Promise<Target> {
  if (process.env.BENCH_HTTP_LOAD_SERVER !== 'bare') return { kind: 'server', ...(await startServer()) };
  const { startBare } = await import('../tests/support/bare-process');
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-http-load-'));
  const token = 'bench-http-load-token';
  const bare = await startBare(join(dir, 'bench.db'), token);
  return {
    kind: 'tests/support/bare-server.ts',
    baseUrl: bare.baseUrl,
    token,
    async stop() {
      bare.child.kill('SIGTERM');
      await bare.exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The reference for health: node's own HTTP server answering "ok", in a process of its own as Switchboard is. */
async function startPlainServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const code = `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1', () => console.log('ready'))`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  await once(child.stdout!, 'data');
  return {
    url: `http://127.0.0.1:${port}/`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function switchboardFigures(hasWrk: boolean) {
  const server = await startSwitchboard();
  const plain = await startPlainServer();
  const auth = { authorization: `Bearer ${server.token}` };
  const noWrk: Skipped = { skipped: 'wrk is not installed' };
  try {
    const health = hasWrk ? await attempt('health switchboard', () => wrk(`${server.baseUrl}/api/v1/health`)) : noWrk;
    const healthPlain = hasWrk ? await attempt('health plain node:http', () => wrk(plain.url)) : noWrk;
    await plain.stop();
    const publish = hasWrk
      ? await attempt('publish switchboard', async () => {
          const queueUrl = `${server.baseUrl}/api/v1/queues/${PUBLISH_QUEUE}`;
          const headers = { ...auth, 'content-type': 'application/json' };
          await fetch(queueUrl, { method: 'PUT', headers, body: JSON.stringify({ durable: true }) });
          const body = JSON.stringify({ payload: PAYLOAD, properties: { persistent: true } });
          const figures = await wrk(`${queueUrl}/messages`, { method: 'POST', headers, body });
          const { messages } = (await (await fetch(queueUrl, { headers })).json()) as { messages: number };
          await fetch(queueUrl, { method: 'DELETE', headers });
          return { ...figures, storedWithWarmUp: messages };
        })
      : noWrk;
    const { openLoopRate: rate, openLoopSeconds: seconds, warmUpSeconds } = SETTINGS;
    const sse = await attempt('open loop switchboard sse', () => httpOpenLoop(server, 'sse', rate, seconds, warmUpSeconds));
    const receiveAck = await attempt('open loop switchboard receive+ack', () => httpOpenLoop(server, 'receive-ack', rate, seconds, warmUpSeconds));
    const w1 = await attempt('w1 switchboard', async () => {
      await httpW1Run(server, 'bench-w1-warmup', 20_000);
      const runs: number[] = [];
      for (let i = 0; i < SETTINGS.w1Runs; i++) runs.push(await httpW1Run(server, `bench-w1-${i}`, SETTINGS.w1Messages));
      return { median: Math.round(median(runs)), runs: runs.map(Math.round) };
    });
    return { server: server.kind, health, healthPlain, publish, sse, receiveAck, w1 };
  } finally {
    await plain.stop();
    await server.stop();
  }
}

async function rabbitMqFigures(hasWrk: boolean) {
  let node: RabbitMqNode | undefined;
  let why = '';
  try {
    node = await startRabbitMqNode({ name: 'benchhttpload' });
  } catch (error) {
    why = (error as Error).message;
  }
  // Without a node of our own, the amqplib references may still use AMQP_PEER_URL (its management API is not ours to enable).
  const amqpUrl = node?.amqpUrl ?? process.env.AMQP_PEER_URL;
  const noNode: Skipped = { skipped: `no RabbitMQ node of our own: ${why}` };
  const noAmqp: Skipped = { skipped: `no RabbitMQ node of our own (${why}) and AMQP_PEER_URL is not set` };
  try {
    const publish = !node
      ? noNode
      : !hasWrk
        ? { skipped: 'wrk is not installed' }
        : await attempt('publish rabbitmq management', async () => {
            const headers = { authorization: node.authorization, 'content-type': 'application/json' };
            const declared = await fetch(`${node.managementUrl}/api/queues/%2F/${PUBLISH_QUEUE}`, { method: 'PUT', headers, body: JSON.stringify({ durable: true }) });
            if (!declared.ok) throw new Error(`declaring ${PUBLISH_QUEUE} answered ${declared.status}: ${await declared.text()}`);
            const body = JSON.stringify({ properties: { delivery_mode: 2 }, routing_key: PUBLISH_QUEUE, payload: PAYLOAD, payload_encoding: 'string' });
            return wrk(`${node.managementUrl}/api/exchanges/%2F/amq.default/publish`, { method: 'POST', headers, body });
          });
    const { openLoopRate: rate, openLoopSeconds: seconds, warmUpSeconds } = SETTINGS;
    const openLoop = amqpUrl ? await attempt('open loop rabbitmq amqplib', () => amqpOpenLoop(amqpUrl, rate, seconds, warmUpSeconds)) : noAmqp;
    const w1 = amqpUrl
      ? await attempt('w1 rabbitmq classic amqplib', async () => {
          await peerThroughput(amqpUrl, 20_000);
          const runs: number[] = [];
          for (let i = 0; i < SETTINGS.w1Runs; i++) runs.push(await peerThroughput(amqpUrl, SETTINGS.w1Messages));
          return { median: Math.round(median(runs)), runs: runs.map(Math.round), broker: node ? 'a node of our own' : 'AMQP_PEER_URL' };
        })
      : noAmqp;
    return { publish, openLoop, w1 };
  } finally {
    await node?.stop();
  }
}

function ratio(a: unknown, b: unknown, field: 'requestsPerSec' | 'median'): number | undefined {
  const x = (a as Record<string, unknown> | undefined)?.[field];
  const y = (b as Record<string, unknown> | undefined)?.[field];
  return typeof x === 'number' && typeof y === 'number' && y > 0 ? Number((x / y).toPrecision(3)) : undefined;
}

/** Issue 13's targets, and whether this run met them (undefined when a figure is missing). */
function targets(sb: Awaited<ReturnType<typeof switchboardFigures>>, w1Ratio: number | undefined) {
  const field = (value: unknown, name: string) => (value as Record<string, unknown> | undefined)?.[name];
  const atLeast = (value: unknown, bound: number) => (typeof value === 'number' ? value >= bound : undefined);
  const openLoopMet = (run: unknown) => {
    const [errors, p99] = [field(run, 'errors'), field(run, 'p99Ms')];
    return typeof errors === 'number' && typeof p99 === 'number' ? errors === 0 && p99 < 20 : undefined;
  };
  return {
    healthAtLeast15000ReqPerSec: atLeast(field(sb.health, 'requestsPerSec'), 15_000),
    publishAtLeast8000ReqPerSec: atLeast(field(sb.publish, 'requestsPerSec'), 8_000),
    openLoopSseNoErrorsP99Under20Ms: openLoopMet(sb.sse),
    openLoopReceiveAckNoErrorsP99Under20Ms: openLoopMet(sb.receiveAck),
    w1AtLeast1point5xRabbitMq: atLeast(w1Ratio, 1.5),
  };
}

export async function httpLoadBench(): Promise<Record<string, unknown>> {
  const hasWrk = await wrkAvailable();
  const sb = await switchboardFigures(hasWrk);
  const rabbit = await rabbitMqFigures(hasWrk);
  const wrkLoad = `wrk -t${SETTINGS.wrkThreads} -c${SETTINGS.wrkConnections} -d${SETTINGS.wrkSeconds}s`;
  const w1Ratio = ratio(sb.w1, rabbit.w1, 'median');
  return {
    targetsMet: targets(sb, w1Ratio),
    settings: { ...SETTINGS, switchboard: sb.server },
    health: { unit: 'req/s', load: wrkLoad, switchboard: sb.health, plainNodeHttp: sb.healthPlain, ratio: ratio(sb.health, sb.healthPlain, 'requestsPerSec') },
    persistentPublishPerRequest: {
      unit: 'req/s',
      load: `${wrkLoad}, one ${SETTINGS.payloadBytes}-byte persistent message per request to a durable queue`,
      switchboard: sb.publish,
      rabbitMqManagement: rabbit.publish,
      ratio: ratio(sb.publish, rabbit.publish, 'requestsPerSec'),
    },
    openLoop: {
      unit: 'ms publish → receive',
      load: `${SETTINGS.openLoopRate} single ${SETTINGS.payloadBytes}-byte persistent publishes/s for ${SETTINGS.openLoopSeconds} s from a client pooling ${OPEN_LOOP_CONNECTIONS} connections, one consumer; latencies after the first ${SETTINGS.warmUpSeconds} s`,
      switchboardSse: sb.sse,
      switchboardReceiveAck: sb.receiveAck,
      rabbitMqAmqplib: rabbit.openLoop,
    },
    w1: {
      unit: 'msg/s',
      load: `${SETTINGS.w1Messages} ${SETTINGS.payloadBytes}-byte persistent messages, median of ${SETTINGS.w1Runs} runs after a warm-up`,
      switchboardHttp: sb.w1,
      rabbitMqClassicAmqplib: rabbit.w1,
      ratio: w1Ratio,
    },
  };
}
