/**
 * @module Starts the real built server on a free loopback port with a temporary database, for benchmarks: the server's
 * bundle, as `npm start` runs it (scripts/serve.mjs makes it first when it is missing or older than the sources).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestSchema } from '../lib/store/postgres-test-schema';

export interface RunningServer {
  baseUrl: string;
  token: string;
  /** The AMQP listener's port, when started with `{ amqp: true }`. */
  amqpPort?: number;
  /** The server's node process, to read its memory. */
  pid: number;
  /** The temporary directory holding its database (bench.db, and bench.db-wal beside it). */
  dir: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Runs the server's bundle in its own process, as `npm start` ends. */
export const SERVER_ENTRY = 'scripts/serve.mjs';

/** Which store the benchmarks' server runs on: SQLite (default), or with BENCH_STORE=postgres a schema of TEST_POSTGRES_URL. */
export function benchStore(): 'sqlite' | 'postgres' {
  return process.env.BENCH_STORE === 'postgres' ? 'postgres' : 'sqlite';
}

export async function startServer(options: { amqp?: boolean } = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-http-'));
  const postgres = benchStore() === 'postgres' ? await createTestSchema('switchboard_bench') : undefined;
  const port = await freePort();
  const token = randomBytes(16).toString('hex');
  const amqpPort = options.amqp ? await freePort() : undefined;
  const child: ChildProcess = spawn(process.execPath, [...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []), SERVER_ENTRY], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', AMQP_PORT: String(amqpPort ?? 0), DATABASE_URL: postgres?.url ?? `file:${join(dir, 'bench.db')}`, SWITCHBOARD_ADMIN_TOKEN: token },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // nobody reads its log; left unread, a full pipe would block the server's next console.log
  child.stdout?.resume();
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      // Ready, not only up: on PostgreSQL a process answers its health while it takes the lock and recovers.
      if ((await fetch(`${baseUrl}/api/v1/health/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    baseUrl,
    token,
    amqpPort,
    pid: child.pid!,
    dir,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
      await postgres?.drop();
    },
  };
}
