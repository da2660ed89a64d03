/**
 * @module Brakes on guessing, end to end on a server of its own with the per-address brake at a few failures (the
 * shared test server turns it off, as every test calls from 127.0.0.1): a run of wrong bearer tokens ends in `429
 * too_many_requests` with Retry-After while a valid key from the same address still gets in, and over AMQP refusals
 * past the free failures are held for the brake's wait while other clients are served.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, stopProcessGroup as stop, waitForHealth } from '../support/process-control';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Failures from one address (any users, any keys) before its brake: the AMQP test below spends 5 of them first. */
const FREE_PER_ADDRESS = 10;
const token = randomBytes(24).toString('base64url');
let child: ChildProcess;
let dir: string;
let baseUrl: string;
let amqpPort: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-brakes-'));
  const port = await freePort();
  amqpPort = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  let log = '';
  child = spawn('npx', ['tsx', 'server.ts'], {
    cwd: ROOT,
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
      SWITCHBOARD_LOGIN_FAILURES_PER_ADDRESS: String(FREE_PER_ADDRESS),
      SWITCHBOARD_LOGIN_FAILURES_PER_USER: '2',
    },
  });
  const keep = (chunk: Buffer) => void (log = (log + chunk.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  await waitForHealth(baseUrl, child, () => log);
}, 120_000);

afterAll(async () => {
  if (child) await stop(child);
  rmSync(dir, { recursive: true, force: true });
});

const overview = (bearer: string) => fetch(`${baseUrl}/api/v1/overview`, { headers: { authorization: `Bearer ${bearer}` } });

describe('brakes on guessing', () => {
  // Runs first: the bearer run below brakes the whole address.
  it('over AMQP a refusal past the free failures is held for the brake, while a valid login is served meanwhile', async () => {
    // A guesser at a user that does not exist: its brake is its own (user and address), admin's stays clear.
    const url = (password: string) => `amqp://mallory:${encodeURIComponent(password)}@127.0.0.1:${amqpPort}`;
    const refused = (password: string) =>
      amqp.connect(url(password)).then(
        (model) => model.close().then(() => 'opened'),
        (error: Error) => error.message,
      );
    // Two free failures, then waits of 1 s and 2 s: each answer comes when its brake has run down.
    for (let i = 0; i < 4; i++) expect(await refused('wrong guess')).toMatch(/ACCESS_REFUSED/);
    // The next failure sets a 4 s brake: its refusal is held that long, and a valid login is served meanwhile.
    const order: string[] = [];
    const held = refused('wrong guess').then((answer) => order.push(`refused: ${answer}`));
    const model = await amqp.connect(`amqp://admin:${encodeURIComponent(token)}@127.0.0.1:${amqpPort}`);
    order.push('valid login opened');
    await model.close();
    await held;
    expect(order[0]).toBe('valid login opened');
    expect(order[1]).toMatch(/^refused: .*ACCESS_REFUSED/);
  }, 60_000);

  it('a run of wrong bearer tokens is answered 429 too_many_requests with Retry-After; a valid key from the same address gets in', async () => {
    const statuses: number[] = [];
    let braked: Response | undefined;
    // Each failure past the free ones doubles the wait, so the brake soon outlasts the time between requests.
    for (let i = 0; i < 60 && !braked; i++) {
      const response = await overview(`sb_guess-${i}-${randomBytes(8).toString('hex')}`);
      statuses.push(response.status);
      if (response.status === 429) braked = response;
      else await response.body?.cancel();
    }
    expect(statuses[0]).toBe(401);
    expect(braked, `statuses: ${statuses.join(' ')}`).toBeDefined();
    expect(((await braked!.json()) as { error: { code: string } }).error.code).toBe('too_many_requests');
    expect(Number(braked!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // A live key is never braked: it cannot have been guessed.
    const valid = await overview(token);
    expect(valid.status).toBe(200);
    await valid.body?.cancel();
  });
});
