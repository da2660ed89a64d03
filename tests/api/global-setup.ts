/**
 * Starts the real server (`npx tsx server.ts`, after `next build`) on a free port with a temporary SQLite database
 * and an admin token, and hands `baseUrl`, `token`, `maxMessageBytes` and `amqpUrl` to the API tests. For the vitest
 * project `api-next` the server hands the API to Next's route files (SWITCHBOARD_API_VIA_NEXT=1) instead of its lean
 * layer, so the same tests hold both adapters of the catalog to one contract.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { createTestSchema } from '../../lib/store/postgres-test-schema';
import { freePort, stopProcessGroup as stop, waitForHealth } from '../support/process-control';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    token: string;
    maxMessageBytes: number;
    /** amqp://admin:<token>@127.0.0.1:<port> — the same server's AMQP listener. */
    amqpUrl: string;
    /** Which adapter answers the API: server.ts's lean layer, or Next's route files. */
    apiLayer: 'lean' | 'next';
    /** Which store the server runs on: SQLite, or (project `api-postgres`) a schema of its own at TEST_POSTGRES_URL. */
    storage: 'sqlite' | 'postgres';
  }
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAX_MESSAGE_BYTES = 256 * 1024;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-api-'));
  const port = await freePort();
  const amqpPort = await freePort();
  const token = randomBytes(24).toString('base64url');
  const baseUrl = `http://127.0.0.1:${port}`;
  const apiLayer = project.name === 'api-next' ? 'next' : 'lean';
  const storage = project.name === 'api-postgres' ? 'postgres' : 'sqlite';
  const postgres = storage === 'postgres' ? await createTestSchema('switchboard_api') : undefined;
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
      DATABASE_URL: postgres?.url ?? `file:${join(dir, 'test.db')}`,
      AMQP_PORT: String(amqpPort),
      SWITCHBOARD_ADMIN_TOKEN: token,
      // Seals the credentials of the clusters the tests attach.
      SWITCHBOARD_SECRET_KEY: randomBytes(32).toString('hex'),
      SWITCHBOARD_MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES),
      // Every test calls from 127.0.0.1, many with wrong credentials on purpose: the per-address brake (unit-tested in
      // lib/access) would otherwise slow unrelated tests; the per-user brake keeps its default and is tested here.
      SWITCHBOARD_LOGIN_FAILURES_PER_ADDRESS: '100000',
      SWITCHBOARD_API_VIA_NEXT: apiLayer === 'next' ? '1' : '',
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
    await postgres?.drop();
    throw error;
  }
  project.provide('baseUrl', baseUrl);
  project.provide('token', token);
  project.provide('maxMessageBytes', MAX_MESSAGE_BYTES);
  project.provide('apiLayer', apiLayer);
  project.provide('storage', storage);
  project.provide('amqpUrl', `amqp://admin:${encodeURIComponent(token)}@127.0.0.1:${amqpPort}`);

  return async () => {
    await stop(child);
    if (/internal_error|unexpected error in the HTTP API/.test(log)) {
      console.error(`[api tests] the server logged unexpected errors:\n${log}`);
    }
    rmSync(dir, { recursive: true, force: true });
    await postgres?.drop();
  };
}
