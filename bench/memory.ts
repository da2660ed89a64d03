/**
 * @module A queue a million messages deep. In-process: resident memory once they are all stored. Over AMQP against
 * the built server (issue 13): its RSS 2 s after publishing them with confirms and a minute later, the dead-letter counts call on that
 * queue (every message carries an x-death entry, as in a dead-letter queue), a search that matches nothing walked
 * page by page to the end, and the database and WAL on disk after purging it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';
import { Broker } from '../lib/engine/broker';
import { SqliteStore } from '../lib/store/sqlite-store';
import { startServer, type RunningServer } from './server-process';
import { median } from './stats';

export async function deepQueueMemory(count: number) {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-deep-'));
  const broker = await Broker.start({ store: SqliteStore.open(join(dir, 'deep.db')) });
  try {
    await broker.declareQueue('deep', { durable: true });
    const payload = Buffer.alloc(1024, 'x');
    const started = performance.now();
    for (let sent = 0; sent < count; sent += 1000) {
      await broker.publishBatch(Array.from({ length: 1000 }, () => ({ exchange: '', routingKey: 'deep', payload })));
    }
    const publishRate = count / ((performance.now() - started) / 1000);
    (globalThis as { gc?: () => void }).gc?.();
    const rssMiB = process.memoryUsage().rss / 2 ** 20;
    const stats = broker.getQueue('deep');
    const peekStarted = performance.now();
    await broker.peek('deep', { limit: 50 });
    const peekFirstPageMs = performance.now() - peekStarted;
    return {
      messages: stats.messagesReady,
      payloadBytes: 1024,
      rssMiB: Math.round(rssMiB),
      publishRateMsgPerSec: Math.round(publishRate),
      peekFirstPageMs: Number(peekFirstPageMs.toFixed(1)),
    };
  } finally {
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** How long after the last confirm the settled RSS is read. */
const SETTLE_MS = 60_000;
const MiB = (bytes: number) => Math.round(bytes / 2 ** 20);
const fileBytes = (path: string) => (existsSync(path) ? statSync(path).size : 0);

/** Resident memory of another process, from /proc (Linux). */
function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : NaN;
}

async function call(server: RunningServer, method: string, path: string): Promise<any> {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, { method, headers: { authorization: `Bearer ${server.token}` } });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

async function timedCall(server: RunningServer, method: string, path: string): Promise<{ ms: number; body: any }> {
  const started = performance.now();
  const body = await call(server, method, path);
  return { ms: performance.now() - started, body };
}

/** Publishes `count` persistent 1 KiB messages with x-death headers, at most 1,000 unconfirmed. */
async function publishDeadLetters(url: string, queue: string, count: number): Promise<number> {
  const connection = await amqp.connect(url, { noDelay: true });
  try {
    const channel = await connection.createConfirmChannel();
    await channel.assertQueue(queue, { durable: true });
    const payload = Buffer.alloc(1024, 'x');
    const reasons = ['rejected', 'expired', 'maxlen'];
    let outstanding = 0;
    let wake: (() => void) | undefined;
    let failed: unknown;
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      while (outstanding >= 1000) await new Promise<void>((resolve) => (wake = resolve));
      if (failed) throw new Error(`a publish was nacked: ${String(failed)}`);
      outstanding++;
      const headers = { 'x-death': [{ reason: reasons[i % 3], queue: `orders-${i % 4}`, exchange: 'orders', count: 1 }] };
      channel.sendToQueue(queue, payload, { persistent: true, headers, messageId: `m${i}` }, (error) => {
        outstanding--;
        failed ??= error;
        wake?.();
      });
    }
    await channel.waitForConfirms();
    return count / ((performance.now() - started) / 1000);
  } finally {
    await connection.close();
  }
}

export async function deepQueueOverAmqp(count: number) {
  const server = await startServer({ amqp: true });
  const db = join(server.dir, 'bench.db');
  try {
    const url = `amqp://admin:${encodeURIComponent(server.token)}@127.0.0.1:${server.amqpPort}`;
    const rssIdleMiB = MiB(rssOf(server.pid));
    const publishRate = await publishDeadLetters(url, 'deep', count);
    // Let the last commits and a checkpoint pass before reading memory; then again a minute later, once the server has
    // given back what the burst freed (lib/server/memory-release.ts: a full collection, then malloc_trim).
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const rssMiB = MiB(rssOf(server.pid));
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS - 2000));
    const rssSettledMiB = MiB(rssOf(server.pid));
    const { messagesReady } = await call(server, 'GET', '/queues/deep');

    const countsMs: number[] = [];
    let counts: unknown;
    for (let i = 0; i < 9; i++) {
      const { ms, body } = await timedCall(server, 'GET', '/queues/deep/dead-letters');
      countsMs.push(ms);
      counts = body;
    }

    // A search that matches nothing, followed page by page to the end, as the console does.
    const pageMs: number[] = [];
    let scanned = 0;
    let cursor: string | undefined;
    const walkStarted = performance.now();
    do {
      const query = `/queues/deep/messages?limit=50&search=${encodeURIComponent('matches-nothing-at-all')}${cursor ? `&cursor=${cursor}` : ''}`;
      const { ms, body } = await timedCall(server, 'GET', query);
      pageMs.push(ms);
      scanned += body.scanned ?? 0;
      cursor = body.nextCursor;
    } while (cursor);
    const walkMs = performance.now() - walkStarted;

    const diskBeforePurge = { dbMiB: MiB(fileBytes(db)), walMiB: MiB(fileBytes(`${db}-wal`)) };
    const purgeStarted = performance.now();
    await call(server, 'DELETE', '/queues/deep/contents');
    const purgeMs = performance.now() - purgeStarted;
    // The pages are given back in steps after the purge's commit on the storage worker, the WAL truncated last.
    const reclaimDeadline = performance.now() + 60_000;
    while (fileBytes(`${db}-wal`) > 0 && performance.now() < reclaimDeadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const reclaimMs = performance.now() - purgeStarted - purgeMs;
    const diskAfterPurge = { dbMiB: MiB(fileBytes(db)), walMiB: MiB(fileBytes(`${db}-wal`)) };
    return {
      messages: messagesReady,
      payloadBytes: 1024,
      publishRateMsgPerSec: Math.round(publishRate),
      serverRssIdleMiB: rssIdleMiB,
      serverRssMiB: rssMiB,
      serverRssSettledMiB: rssSettledMiB,
      deadLetterCounts: { medianMs: Number(median(countsMs).toFixed(1)), maxMs: Number(Math.max(...countsMs).toFixed(1)), counts },
      noMatchSearch: {
        pages: pageMs.length,
        scanned,
        pageMedianMs: Number(median(pageMs).toFixed(1)),
        pageMaxMs: Number(Math.max(...pageMs).toFixed(1)),
        walkSeconds: Number((walkMs / 1000).toFixed(1)),
      },
      diskBeforePurge,
      purgeMs: Math.round(purgeMs),
      reclaimAfterPurgeMs: Math.round(reclaimMs),
      diskAfterPurge,
    };
  } finally {
    await server.stop();
  }
}
