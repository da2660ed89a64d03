/**
 * @module Starts the real engine on a temporary SQLite file with a fake clock and fake timers, for engine tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Broker } from '../../lib/engine/broker';
import type { BrokerOptions } from '../../lib/engine/broker-types';
import { FakeClock } from '../../lib/engine/clock';
import type { MetricsHistory } from '../../lib/engine/metrics/metrics-history';
import { SqliteStore } from '../../lib/store/sqlite-store';

interface FakeTimer {
  at: number;
  run: () => void;
}

export interface EngineFixture {
  broker: Broker;
  clock: FakeClock;
  /** Moves time forward, fires due timers and runs the broker's clock work. */
  advance(ms: number): Promise<void>;
  /** Closes the broker and starts a new one on the same database file, as after a process restart. */
  restart(): Promise<Broker>;
  dbPath: string;
  cleanup(): Promise<void>;
}

export interface FixtureExtras {
  /** Opens a metrics history on the database file at each (re)start; `close` runs after the broker closes. */
  history?: (dbPath: string) => Promise<{ history: MetricsHistory; close: () => Promise<void> }>;
}

export async function startEngine(options: Partial<BrokerOptions> = {}, extras: FixtureExtras = {}): Promise<EngineFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-engine-'));
  const dbPath = join(dir, 'engine.db');
  const clock = new FakeClock();
  const timers = new Set<FakeTimer>();
  const setTimer = (run: () => void, ms: number) => {
    const timer = { at: clock.now() + ms, run };
    timers.add(timer);
    return () => void timers.delete(timer);
  };
  let closeHistory: (() => Promise<void>) | undefined;
  const open = async () => {
    const store = SqliteStore.open(dbPath);
    const opened = await extras.history?.(dbPath);
    closeHistory = opened?.close;
    return Broker.start({ store, clock, autoTick: false, setTimer, ...(opened ? { metricsHistory: opened.history } : {}), ...options });
  };
  const fixture: EngineFixture = {
    broker: await open(),
    clock,
    dbPath,
    async advance(ms: number) {
      clock.advance(ms);
      for (const timer of [...timers]) {
        if (timer.at <= clock.now()) {
          timers.delete(timer);
          timer.run();
        }
      }
      fixture.broker.tick();
      await settle();
    },
    async restart() {
      await fixture.broker.close();
      await closeHistory?.();
      fixture.broker = await open();
      return fixture.broker;
    },
    async cleanup() {
      await fixture.broker.close().catch(() => undefined);
      await closeHistory?.().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}

/** Lets pending group commits and paging finish. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

export const text = (value: string) => Buffer.from(value);
