/**
 * @module `npm run bench restart`: the engine's own share of a restart, in-process. Stores N durable queues
 * (default 100,000; BENCH_RESTART_QUEUES to choose) with one persistent 1 KB message each in a SQLite file of its
 * own, then opens the store on its worker thread (as the server does) and starts a broker on it, three times: the
 * time until the broker is started (recovery done), the process's CPU over it (both threads) and the live heap after.
 * `npm run bench scale` times the whole server instead (Node, tsx and Next starting included), over AMQP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Broker } from '../lib/engine/broker';
import { SqliteStore } from '../lib/store/sqlite-store';
import { SqliteWorkerStore } from '../lib/store/sqlite-worker-store';
import { median } from './stats';

const settings = { queues: Number(process.env.BENCH_RESTART_QUEUES ?? 100_000), restarts: 3, batch: 2000 };

/** Declares the queues and publishes one message to each, in batches that commit together. */
async function fill(path: string, count: number): Promise<number> {
  const started = performance.now();
  const broker = await Broker.start({ store: SqliteStore.open(path), autoTick: false });
  const payload = Buffer.alloc(1024, 'x');
  for (let from = 0; from < count; from += settings.batch) {
    const to = Math.min(count, from + settings.batch);
    for (let i = from; i < to; i++) await broker.declareQueue(`restart-${i}`, { durable: true });
    for (let i = from; i < to; i++) broker.publishNow({ exchange: '', routingKey: `restart-${i}`, payload, properties: { persistent: true } });
    await broker.committed();
  }
  await broker.close();
  return Math.round(performance.now() - started);
}

export async function restartBench() {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-restart-'));
  const path = join(dir, 'restart.db');
  try {
    const fillMs = await fill(path, settings.queues);
    const startMs: number[] = [];
    const cpuMs: number[] = [];
    const heapMiB: number[] = [];
    for (let i = 0; i < settings.restarts; i++) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const broker = await Broker.start({ store: await SqliteWorkerStore.open(path), autoTick: false });
      startMs.push(Math.round(performance.now() - started));
      const used = process.cpuUsage(cpu);
      cpuMs.push(Math.round((used.user + used.system) / 1000));
      globalThis.gc?.();
      heapMiB.push(Math.round(process.memoryUsage().heapUsed / 2 ** 20));
      if (broker.getQueue(`restart-${settings.queues - 1}`).messagesReady !== 1) throw new Error('the last queue came back without its message');
      await broker.close();
      console.error(`bench restart: ${settings.queues} queues started in ${startMs[i]} ms (${cpuMs[i]} ms CPU, heap ${heapMiB[i]} MiB)`);
    }
    return {
      queues: settings.queues,
      messageBytes: 1024,
      fillMs,
      startMs: { median: median(startMs), runs: startMs },
      cpuMs: { median: median(cpuMs), runs: cpuMs },
      heapMiBAfterStart: median(heapMiB),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
