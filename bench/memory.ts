/** @module A queue a million messages deep: resident memory once they are all stored, and how many stay in memory. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Broker } from '../lib/engine/broker';
import { SqliteStore } from '../lib/store/sqlite-store';

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
