/**
 * @module An in-process broker (real SQLite file in a temp dir, real clock) with the AMQP listener on a free loopback
 * port and a fixed admin token, for the listener's tests; amqplib connects to `url`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Broker, type BrokerOptions } from '../../engine/broker';
import amqp, { type ChannelModel } from 'amqplib';
import { afterAll, beforeAll } from 'vitest';
import { SqliteStore } from '../../store/sqlite-store';
import { AmqpListener, type AmqpListenerOptions } from '../listener';

export const TEST_TOKEN = 'test-token-amqp';

export interface AmqpFixture {
  broker: Broker;
  listener: AmqpListener;
  port: number;
  /** amqp://admin:<token>@127.0.0.1:<port> */
  url: string;
  dbPath: string;
  /** Stops the listener and the broker; the database stays until cleanup. */
  stop(): Promise<void>;
  cleanup(): Promise<void>;
}

export async function startAmqp(
  options: { broker?: Partial<BrokerOptions>; listener?: Partial<AmqpListenerOptions> } = {},
): Promise<AmqpFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-amqp-'));
  const dbPath = join(dir, 'amqp.db');
  const broker = await Broker.start({ store: SqliteStore.open(dbPath), tickIntervalMs: 10, ...options.broker });
  const listener = await AmqpListener.start({
    broker,
    host: '127.0.0.1',
    port: 0,
    authenticate: async (user, password) => user === 'admin' && password === TEST_TOKEN,
    maxMessageBytes: 1024 * 1024,
    log: () => undefined,
    ...options.listener,
  });
  const port = listener.port!;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await listener.close();
    await broker.close();
  };
  return {
    broker,
    listener,
    port,
    url: `amqp://admin:${TEST_TOKEN}@127.0.0.1:${port}`,
    dbPath,
    stop,
    async cleanup() {
      await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it holds (or throws after `timeoutMs`): tests wait for a condition rather than sleep. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await check();
      if (value !== false && value !== undefined) return value;
      if (Date.now() > deadline) throw new Error('condition not met in time');
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** One listener and one amqplib connection for a whole test file, opened before its tests and closed after them. */
export function useAmqpConnection(): { readonly fixture: AmqpFixture; readonly connection: ChannelModel } {
  const shared = {} as { fixture: AmqpFixture; connection: ChannelModel };
  beforeAll(async () => {
    shared.fixture = await startAmqp();
    shared.connection = await amqp.connect(shared.fixture.url);
  });
  afterAll(async () => {
    await shared.connection?.close().catch(() => undefined);
    await shared.fixture?.cleanup();
  });
  return shared;
}

/** A name no other test uses. */
export const uniqueName = (prefix: string) => `${prefix}-${randomUUID()}`;
