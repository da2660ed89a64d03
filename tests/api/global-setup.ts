/**
 * Starts the real server (`npx tsx server.ts`, after `next build`) on a free port with a temporary SQLite database
 * and an admin token, and hands `baseUrl`, `token`, `maxMessageBytes` and `amqpUrl` to the API tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    token: string;
    maxMessageBytes: number;
    /** amqp://admin:<token>@127.0.0.1:<port> — the same server's AMQP listener. */
    amqpUrl: string;
  }
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAX_MESSAGE_BYTES = 256 * 1024;
const START_TIMEOUT_MS = 110_000;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${baseUrl}/api/v1/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the server did not answer /api/v1/health within ${START_TIMEOUT_MS} ms:\n${output()}`);
}

export function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    };
    const force = setTimeout(() => killGroup('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    killGroup('SIGTERM');
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-api-'));
  const port = await freePort();
  const amqpPort = await freePort();
  const token = randomBytes(24).toString('base64url');
  const baseUrl = `http://127.0.0.1:${port}`;
  let log = '';
  const child = spawn('npx', ['tsx', 'server.ts'], {
    cwd: ROOT,
    // its own process group, so teardown stops npx, tsx and node together
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${join(dir, 'test.db')}`,
      AMQP_PORT: String(amqpPort),
      SWITCHBOARD_ADMIN_TOKEN: token,
      SWITCHBOARD_MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES),
      // Every test calls from 127.0.0.1, many with wrong credentials on purpose: the per-address brake (unit-tested in
      // lib/access) would otherwise slow unrelated tests; the per-user brake keeps its default and is tested here.
      SWITCHBOARD_LOGIN_FAILURES_PER_ADDRESS: '100000',
    },
  });
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  try {
    await waitForHealth(baseUrl, child, () => log);
  } catch (error) {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  project.provide('baseUrl', baseUrl);
  project.provide('token', token);
  project.provide('maxMessageBytes', MAX_MESSAGE_BYTES);
  project.provide('amqpUrl', `amqp://admin:${encodeURIComponent(token)}@127.0.0.1:${amqpPort}`);

  return async () => {
    await stop(child);
    if (/internal_error|unexpected error in the HTTP API/.test(log)) {
      console.error(`[api tests] the server logged unexpected errors:\n${log}`);
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
