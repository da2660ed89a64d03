/**
 * Store faults against a spawned Switchboard with its own database (tests/support/bare-server.ts: boot, AMQP and the
 * API's catalog entries, no Next), and the real `server.ts` refusing to start on a database it cannot write.
 * A full disk is a real one: the database lives on a small tmpfs (tests run as root), filled up with a ballast file
 * and freed again by deleting it. A read-only file is one on a tmpfs remounted read-only (as root, chmod alone does
 * not stop writes).
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../lib/store/sqlite-store';
import { startBare, type BareProcess } from '../support/bare-process';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const token = randomBytes(24).toString('base64url');
const mounts: string[] = [];
const dirs: string[] = [];
const servers: BareProcess[] = [];

afterAll(async () => {
  for (const server of servers) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  for (const mount of mounts) execFileSync('umount', ['-l', mount]);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh tmpfs of `megabytes` (needs root, as the suite runs). */
function tmpfs(megabytes: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-store-faults-'));
  dirs.push(dir);
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}

async function call(server: BareProcess, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  expect(response.status, `${method} ${path}: ${text}`).not.toBe(500);
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function until(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Receives and acks everything in the queue; answers the message ids in order. */
async function drain(server: BareProcess, queue: string): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const answer = await call(server, 'POST', `/queues/${queue}/receive`, { max: 100 });
    expect(answer.status).toBe(200);
    const messages = answer.body.messages as { messageId: string; deliveryTag: string }[];
    if (messages.length === 0) return ids;
    ids.push(...messages.map((m) => m.messageId));
    expect((await call(server, 'POST', `/queues/${queue}/ack`, { deliveryTags: messages.map((m) => m.deliveryTag) })).status).toBe(200);
  }
}

describe('store faults', () => {
  it('a full disk: publishes answer 503, health says why, nothing refused is ever stored, and writes resume when space is freed', { timeout: 120_000 }, async () => {
    const dir = tmpfs(24);
    const server = await startBare(join(dir, 'full.db'), token);
    servers.push(server);
    const queue = `full-${randomBytes(4).toString('hex')}`;
    expect((await call(server, 'PUT', `/queues/${queue}`, {})).status).toBe(201);

    const { ballast, accepted, refused } = await fillDisk(server, dir, queue);
    expect(refused.length).toBeGreaterThan(0);
    expect(accepted.length).toBeGreaterThan(0);

    const health = await call(server, 'GET', '/health');
    expect(health.body.status).toBe('degraded');
    expect(health.body.problems.join(' ')).toMatch(/full|disk|write/i);
    const ready = await call(server, 'GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.ready).toBe(false);

    // A purge during the fault answers 503 and the queue keeps every message.
    const purge = await call(server, 'DELETE', `/queues/${queue}/contents`);
    expect(purge.status).toBe(503);
    expect((await call(server, 'GET', `/queues/${queue}`)).body.messagesReady).toBe(accepted.length);

    // Space comes back: the store probes, health clears, publishing works again.
    rmSync(ballast);
    await until('health to clear', async () => (await call(server, 'GET', '/health')).body.status === 'ok');
    expect((await call(server, 'GET', '/health/ready')).status).toBe(200);
    await until('a publish to be accepted', async () => (await call(server, 'POST', `/queues/${queue}/messages`, { payload: 'after', properties: { messageId: 'after' } })).status === 200);

    const ids = await drain(server, queue);
    expect(ids.filter((id) => id !== 'after')).toEqual(accepted);
    expect(ids.filter((id) => refused.includes(id))).toEqual([]);
  });

  it('SIGTERM stops the process while the store cannot write', { timeout: 120_000 }, async () => {
    const dir = tmpfs(24);
    const server = await startBare(join(dir, 'stuck.db'), token, { SWITCHBOARD_SHUTDOWN_TIMEOUT_MS: '3000' });
    servers.push(server);
    const queue = `stuck-${randomBytes(4).toString('hex')}`;
    expect((await call(server, 'PUT', `/queues/${queue}`, {})).status).toBe(201);
    const { refused } = await fillDisk(server, dir, queue);
    expect(refused.length).toBeGreaterThan(0);
    server.child.kill('SIGTERM');
    // Ends by itself (the shutdown wait is bounded); a hang would fail this test on its timeout.
    expect(await server.exited).toBe(0);
  });

  it('a database file that is read-only at start: one clear line and a non-zero exit from server.ts', { timeout: 120_000 }, async () => {
    const dir = tmpfs(8);
    const file = join(dir, 'readonly.db');
    const store = SqliteStore.open(file);
    await store.close();
    execFileSync('mount', ['-o', 'remount,ro', dir]);
    const { code, stderr } = await runServer(`file:${file}`);
    expect(code).not.toBe(0);
    const lines = stderr.trim().split('\n').filter(Boolean);
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^Switchboard failed to start: .*readonly\.db.*(read-?only|cannot be written|unable to open)/i);
  });

  it('a database directory that cannot be created: one clear line and a non-zero exit from server.ts', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-store-faults-'));
    dirs.push(dir);
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    const { code, stderr } = await runServer(`file:${join(blocker, 'sub', 'switchboard.db')}`);
    expect(code).not.toBe(0);
    const lines = stderr.trim().split('\n').filter(Boolean);
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^Switchboard failed to start: .*a-file/);
  });
});

/** Leaves about 1 MiB free on the tmpfs, then publishes 32 KiB messages until the store refuses a few. */
async function fillDisk(server: BareProcess, dir: string, queue: string) {
  const free = statfsSync(dir).bavail * statfsSync(dir).bsize;
  const ballast = join(dir, 'ballast');
  writeFileSync(ballast, Buffer.alloc(Math.max(0, free - 1024 * 1024)));
  const payload = 'x'.repeat(32 * 1024);
  const accepted: string[] = [];
  const refused: string[] = [];
  for (let i = 0; i < 400 && refused.length < 3; i++) {
    const id = `p-${i}`;
    const answer = await call(server, 'POST', `/queues/${queue}/messages`, { payload, properties: { messageId: id } });
    if (answer.status === 200) accepted.push(id);
    else {
      expect(answer.status).toBe(503);
      expect(answer.body.error.code).toBe('unavailable');
      refused.push(id);
    }
  }
  return { ballast, accepted, refused };
}

/** Runs `tsx server.ts` on a database until it exits. */
function runServer(databaseUrl: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url)), ['server.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production', PORT: '0', AMQP_PORT: '0', DATABASE_URL: databaseUrl, SWITCHBOARD_ADMIN_TOKEN: token },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stderr });
    });
  });
}
