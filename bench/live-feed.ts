/**
 * @module What one console's live stream costs with many queues, each holding one 1 KB message (idle otherwise).
 * In process: a frame as the feed built it before (every queue read with a full metrics snapshot and serialised
 * again for each stream) against the shared, changed-only feed, per tick. Against the real built server: CPU of
 * the server process (from /proc) and bytes a second on the wire, with no stream, with the overview's stream and
 * with an every-queue stream. Run: `npx tsx bench/live-feed.ts [queues]` (after `npx next build`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveFeed, liveScope, type Timers } from '../lib/api/live-feed';
import { brokerLiveSource } from '../lib/api/live-source';
import { Broker } from '../lib/engine/broker';
import { SqliteStore } from '../lib/store/sqlite-store';
import { startServer, type RunningServer } from './server-process';

const queues = Number(process.argv[2] ?? 10_000);
const payload = 'x'.repeat(1024);
const name = (i: number) => `q-${String(i).padStart(6, '0')}`;

/** The frame of one stream as the feed built it before (commit 16249a6): all queues, a full snapshot, serialised. */
function frameBefore(broker: Broker): string {
  const snapshot = broker.metricsSnapshot();
  const latency = new Map(snapshot.queues.map((q) => [q.name, q.latency.ack.lastMinute]));
  const rows = broker
    .listQueues()
    .map((queue) => {
      const ack = latency.get(queue.name);
      const known = ack !== undefined && ack.count > 0;
      return {
        name: queue.name,
        messagesReady: queue.messagesReady,
        messagesUnacked: queue.messagesUnacked,
        consumers: queue.consumers,
        rates: queue.rates,
        oldestReadyAgeMs: queue.oldestReadyAgeMs,
        latencyP50Ms: known ? ack.p50 : null,
        latencyP99Ms: known ? ack.p99 : null,
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return `event: overview\ndata: ${JSON.stringify(broker.overview())}\n\nevent: queues\ndata: ${JSON.stringify(rows)}\n\n`;
}

async function inProcess() {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-live-'));
  const broker = await Broker.start({ store: SqliteStore.open(join(dir, 'bench.db')) });
  try {
    for (let i = 0; i < queues; i++) await broker.declareQueue(name(i), { durable: true });
    for (let i = 0; i < queues; i += 500) {
      await Promise.all(
        Array.from({ length: Math.min(500, queues - i) }, (_, j) =>
          broker.publish({ exchange: '', routingKey: name(i + j), payload: Buffer.from(payload), properties: { persistent: true } }),
        ),
      );
    }
    const ticks = 10;
    let bytes = 0;
    let started = performance.now();
    for (let t = 0; t < ticks; t++) bytes += frameBefore(broker).length;
    const before = { msPerTick: (performance.now() - started) / ticks, bytesPerTick: bytes / ticks };

    let fire = () => undefined as void;
    const timers: Timers = { setInterval: (run) => ((fire = run), 1), clearInterval: () => undefined };
    const feed = new LiveFeed(brokerLiveSource(broker), 1000, timers);
    const sizes = { all: 0, overview: 0 };
    const sink = (key: keyof typeof sizes) => ({ send: () => undefined, close: () => undefined, sendRaw: (text: string) => void (sizes[key] += text.length) });
    feed.subscribe(sink('all'));
    feed.subscribe(sink('overview'), liveScope({ scope: 'overview' }));
    const connect = { ...sizes };
    sizes.all = sizes.overview = 0;
    started = performance.now();
    for (let t = 0; t < ticks; t++) fire();
    const after = {
      msPerTickBothStreams: (performance.now() - started) / ticks,
      connectBytes: connect,
      bytesPerTick: { all: sizes.all / ticks, overview: sizes.overview / ticks },
    };
    return { queues, before, after };
  } finally {
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU seconds (user + system) of a process so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function call(server: RunningServer, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 503) {
    // the server's admission control: come back a little later
    await new Promise((resolve) => setTimeout(resolve, 200));
    return call(server, method, path, body);
  }
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

/** Server CPU (% of a core) and bytes a second read from `path` (none: no stream) over `seconds`. */
async function measure(server: RunningServer, path: string | undefined, seconds: number) {
  const controller = new AbortController();
  let bytes = 0;
  if (path) {
    const response = await fetch(`${server.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${server.token}` }, signal: controller.signal });
    const reader = response.body!.getReader();
    const first = await reader.read(); // the connect frame is not the steady state
    void first;
    void (async () => {
      try {
        for (;;) {
          const chunk = await reader.read();
          if (chunk.done) return;
          bytes += chunk.value.byteLength;
        }
      } catch {
        // aborted
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    bytes = 0;
  }
  const cpu0 = cpuSeconds(server.pid);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const cpu = cpuSeconds(server.pid) - cpu0;
  const read = bytes;
  controller.abort();
  return { path: path ?? '(no stream)', cpuPercentOfCore: Math.round((cpu / seconds) * 1000) / 10, bytesPerSecond: Math.round(read / seconds) };
}

async function againstServer() {
  const server = await startServer();
  try {
    for (let i = 0; i < queues; i += 10) {
      await Promise.all(Array.from({ length: Math.min(10, queues - i) }, (_, j) => call(server, 'PUT', `/queues/${name(i + j)}`, { durable: true })));
    }
    for (let i = 0; i < queues; i += 100) {
      const messages = Array.from({ length: Math.min(100, queues - i) }, (_, j) => ({ routingKey: name(i + j), payload, properties: { persistent: true } }));
      await call(server, 'POST', '/exchanges/amq.default/publish-batch', { messages });
    }
    // Let the publish rates fall back to zero before measuring the idle state.
    await new Promise((resolve) => setTimeout(resolve, 8000));
    const seconds = Number(process.env.LIVE_BENCH_SECONDS ?? 20);
    return [
      await measure(server, undefined, seconds),
      await measure(server, '/events?scope=overview', seconds),
      await measure(server, '/events', seconds),
    ];
  } finally {
    await server.stop();
  }
}

if (process.env.LIVE_BENCH_INPROCESS !== '0') console.log(JSON.stringify({ inProcess: await inProcess() }, null, 2));
if (process.env.LIVE_BENCH_SERVER !== '0') console.log(JSON.stringify({ server: await againstServer() }, null, 2));
