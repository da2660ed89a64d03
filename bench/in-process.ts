/** @module One producer and one consumer in the same process as the engine: 1 KB persistent messages, each acked. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Broker } from '../lib/engine/broker';
import { SqliteStore } from '../lib/store/sqlite-store';

export async function inProcessThroughput(count: number, outstanding = 1000, metrics = true): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const broker = await Broker.start({ store: SqliteStore.open(join(dir, 'bench.db')), metrics });
  try {
    await broker.declareQueue('bench', { durable: true });
    const payload = Buffer.alloc(1024, 'x');
    let consumed = 0;
    const done = new Promise<void>((resolve) => {
      broker.subscribe('bench', {
        prefetch: 1000,
        onDelivery: (delivery) => {
          void broker.ack('bench', [delivery.deliveryTag]);
          if (++consumed === count) resolve();
        },
      });
    });
    const started = performance.now();
    let inFlight = 0;
    let wake: (() => void) | undefined;
    for (let sent = 0; sent < count; sent++) {
      while (inFlight >= outstanding) await new Promise<void>((resolve) => (wake = resolve));
      inFlight++;
      void broker.publish({ exchange: '', routingKey: 'bench', payload, properties: { persistent: true } }).then(() => {
        inFlight--;
        wake?.();
      });
    }
    await done;
    return count / ((performance.now() - started) / 1000);
  } finally {
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Publishes everything first (each publish durable before the next batch), then consumes and acks it all: every message goes through the disk. */
export async function inProcessBacklog(count: number): Promise<{ publishPerSec: number; consumePerSec: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const broker = await Broker.start({ store: SqliteStore.open(join(dir, 'bench.db')) });
  try {
    await broker.declareQueue('backlog', { durable: true });
    const payload = Buffer.alloc(1024, 'x');
    let started = performance.now();
    const pending: Promise<unknown>[] = [];
    for (let sent = 0; sent < count; sent++) {
      pending.push(broker.publish({ exchange: '', routingKey: 'backlog', payload }));
      if (pending.length === 1000) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
    const publishPerSec = count / ((performance.now() - started) / 1000);
    started = performance.now();
    let consumed = 0;
    await new Promise<void>((resolve) => {
      broker.subscribe('backlog', {
        prefetch: 1000,
        onDelivery: (delivery) => {
          void broker.ack('backlog', [delivery.deliveryTag]);
          if (++consumed === count) resolve();
        },
      });
    });
    const consumePerSec = count / ((performance.now() - started) / 1000);
    return { publishPerSec: Math.round(publishPerSec), consumePerSec: Math.round(consumePerSec) };
  } finally {
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
