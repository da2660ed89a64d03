/**
 * The hot standby under kill -9: an active and a standby Switchboard on one PostgreSQL schema, a publisher with
 * confirms and a consumer that acks (each takes either address: the standby refuses with 320), and the active
 * process killed with SIGKILL ten times at random moments, the killed one started again as the next standby.
 * 0 confirmed messages lost, 0 acks the server had stored delivered again, and every takeover within 10 s.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestSchema, TEST_POSTGRES_URL, type TestSchema } from '../../lib/store/postgres-test-schema';
import { killNine, roleOf, startBarePeer, type BareProcess } from '../support/bare-process';
import { lostMessages } from '../support/kill-nine-clients';
import { runTakeoverRounds } from '../support/takeover-rounds';

const ROUNDS = Number(process.env.KILL_NINE_ROUNDS ?? 10);
const token = randomBytes(24).toString('base64url');
const peers: BareProcess[] = [];
let schema: TestSchema | undefined;

beforeAll(async () => {
  if (TEST_POSTGRES_URL) schema = await createTestSchema('switchboard_takeover');
});

afterAll(async () => {
  for (const peer of peers) await killNine(peer).catch(() => undefined);
  await schema?.drop();
});

it.runIf(TEST_POSTGRES_URL)('takes over ten kill -9 of the active process: 0 confirmed lost, 0 acked back, each within 10 s', { timeout: 300_000 }, async () => {
  const run = await runTakeoverRounds({ databaseUrl: schema!.url, token, rounds: ROUNDS, peers, log: (line) => console.log(`standby takeover ${line}`) });
  const { tally, left, takeoversMs } = run;
  const lost = lostMessages(tally, left);
  expect(tally.confirmed.size).toBeGreaterThan(ROUNDS * 20);
  expect(tally.acked.size).toBeGreaterThan(0);
  expect(lost, `lost: ${lost.length}, of which delivered: ${lost.filter((id) => tally.delivered.has(id)).length}; left ${left.size}`).toEqual([]);
  expect(tally.ackedBack).toEqual([]);
  expect(takeoversMs).toHaveLength(ROUNDS);
  expect(Math.max(...takeoversMs)).toBeLessThan(10_000);
});

it.runIf(TEST_POSTGRES_URL)('hands over on a clean stop, and a paused active that wakes after a takeover exits with status 3', { timeout: 120_000 }, async () => {
  const own = await createTestSchema('switchboard_handover');
  const started: BareProcess[] = [];
  const start = async () => {
    const peer = await startBarePeer(own.url, token);
    started.push(peer);
    return peer;
  };
  try {
    const first = await start();
    await expect.poll(() => roleOf(first), { timeout: 20_000 }).toBe('active');
    const second = await start();
    expect(await roleOf(second)).toBe('standby');

    // SIGTERM: the active flushes, closes its connection (releasing the lock) and exits 0; the standby takes over.
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    await expect.poll(() => roleOf(second), { timeout: 20_000 }).toBe('active');
    const audit = await fetch(`${second.baseUrl}/api/v1/audit?action=process.takeover`, { headers: { authorization: `Bearer ${token}` } });
    const events = ((await audit.json()) as { events: { action: string; detail: { from?: string } }[] }).events;
    expect(events.map((event) => event.action)).toContain('process.takeover');

    // SIGSTOP: the active is paused with its session open; the standby ends that session once the heartbeat is stale.
    const third = await start();
    expect(await roleOf(third)).toBe('standby');
    second.child.kill('SIGSTOP');
    await expect.poll(() => roleOf(third), { timeout: 30_000, interval: 100 }).toBe('active');
    second.child.kill('SIGCONT');
    // Awake, its first heartbeat or commit finds the session gone and the lock taken: it stops without serving.
    expect(await second.exited).toBe(3);
    expect(second.output()).toMatch(/lost the active lock: another process holds the active lock now/);
    expect(await roleOf(third)).toBe('active');
  } finally {
    for (const peer of started) await killNine(peer).catch(() => undefined);
    await own.drop();
  }
});
