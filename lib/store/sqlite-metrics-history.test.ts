import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type EngineFixture } from '../../tests/support/engine-fixture';
import { newQueue, send } from '../../tests/support/engine-helpers';
import { runMetricsHistoryContract } from './metrics-history-contract';
import { SqliteWorkerStore } from './sqlite-worker-store';

let fx: EngineFixture;
afterEach(() => fx?.cleanup());

// The history as the server has it: SQL on the store worker's connection, reached through its proxy.
const withWorkerHistory = {
  history: async (dbPath: string) => {
    const store = await SqliteWorkerStore.open(dbPath);
    return { history: store.metricsHistory(), close: () => store.close() };
  },
};

describe('SqliteMetricsHistory', () => {
  it('keeps rollups across a restart, merging a bucket split by it', async () => {
    fx = await startEngine({}, withWorkerHistory);
    const q = await newQueue(fx.broker, 'kept');
    await fx.advance(60_000 - (fx.clock.now() % 60_000));
    for (let s = 0; s < 25; s++) {
      for (let i = 0; i < 4; i++) await send(fx.broker, q, `m${i}`);
      await fx.advance(250);
      const got = await fx.broker.receive(q, { max: 4 });
      await fx.broker.ack(q, got.map((d) => d.deliveryTag));
      await fx.advance(750);
    }
    // 25 s in: two 10 s buckets closed, the third (5 s of it) is closed early at shutdown.
    await fx.restart();
    for (let s = 0; s < 5; s++) {
      await send(fx.broker, q, 'after');
      await fx.advance(1000);
    }
    await fx.advance(70_000);
    const ten = await fx.broker.queueMetrics(q, { windowMs: 10 * 60_000 });
    expect(ten.source).toBe('10s');
    const published = ten.publish.map((r) => r * 10).filter((n) => n > 0);
    expect(published).toEqual([40, 40, 25]);
    const p99 = ten.latencyP99Ms.filter((v) => v !== null) as number[];
    expect(p99.every((v) => Math.abs(v - 250) / 250 < 0.01)).toBe(true);
    expect(ten.ready[ten.ready.length - 1]).toBe(5);
    const minute = await fx.broker.queueMetrics(q, { windowMs: 2 * 24 * 60 * 60_000, stepMs: 60_000 });
    expect(minute.source).toBe('1m');
    expect(minute.publish.map((r) => r * 60).filter((n) => n > 0)).toEqual([105]);
  });
});

// The contract on the history as the server has it (the worker's connection, through its proxy), each case in a new file.
runMetricsHistoryContract('SqliteMetricsHistory', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-history-'));
  const store = await SqliteWorkerStore.open(path.join(dir, 'store.db'));
  return {
    history: store.metricsHistory(),
    async close() {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
