/**
 * kill -9 under load: a publisher with confirms and a consumer that acks run against a spawned Switchboard (boot +
 * AMQP, no Next: tests/support/bare-server.ts); the process is killed with SIGKILL at random moments and restarted
 * on the same database, ten times. Every message confirmed must have been acked or still be in the queue at the
 * end, and no message whose ack the server had stored may ever come back.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { killNine, startBare, type BareProcess } from '../support/bare-process';
import { consumeUntilGone, drainAll, lostMessages, newTally, publishUntilGone } from '../support/kill-nine-clients';

const KILLS = Number(process.env.KILL_NINE_ROUNDS ?? 10);
const dir = mkdtempSync(join(tmpdir(), 'switchboard-kill-nine-'));
const databaseFile = join(dir, 'kill-nine.db');
const token = randomBytes(24).toString('base64url');
let server: BareProcess | undefined;

afterAll(async () => {
  if (server) await killNine(server);
  rmSync(dir, { recursive: true, force: true });
});

it('survives ten kill -9 under confirmed publishing and acking: 0 confirmed lost, 0 acked back', { timeout: 180_000 }, async () => {
  const tally = newTally();
  let counter = 0;
  const next = () => `m-${++counter}`;
  /** Ends the clients of a round that did not notice the death on their own. */
  const stops: (() => void)[] = [];
  const began = Date.now();
  for (let round = 0; round < KILLS; round++) {
    server = await startBare(databaseFile, token);
    console.log(`kill -9 round ${round + 1}: serving after ${Date.now() - began} ms; ${tally.confirmed.size} confirmed, ${tally.acked.size} acked so far`);
    const running = [publishUntilGone([server.amqpUrl], tally, next, stops), consumeUntilGone([server.amqpUrl], tally, stops)];
    // A random moment under load: 300 to 1,300 ms after the clients started.
    await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 1000));
    await killNine(server);
    // Clients hear of the death through their sockets; a confirm that never comes stays unconfirmed.
    await Promise.race([Promise.allSettled(running), new Promise((resolve) => setTimeout(resolve, 2000))]);
    for (const stop of stops.splice(0)) stop();
  }
  server = await startBare(databaseFile, token);
  const left = await drainAll([server.amqpUrl], tally);

  const lost = lostMessages(tally, left);
  expect(tally.confirmed.size).toBeGreaterThan(KILLS * 20);
  expect(tally.acked.size).toBeGreaterThan(0);
  expect(lost, `lost: ${lost.length}, of which delivered: ${lost.filter((id) => tally.delivered.has(id)).length}; left ${left.size}`).toEqual([]);
  expect(tally.ackedBack).toEqual([]);
});
