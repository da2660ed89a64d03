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
import amqp from 'amqplib';
import { afterAll, expect, it } from 'vitest';
import { killNine, startBare, type BareProcess } from '../support/bare-process';

const KILLS = Number(process.env.KILL_NINE_ROUNDS ?? 10);
const QUEUE = 'kill-nine';
const dir = mkdtempSync(join(tmpdir(), 'switchboard-kill-nine-'));
const databaseFile = join(dir, 'kill-nine.db');
const token = randomBytes(24).toString('base64url');
let server: BareProcess | undefined;

afterAll(async () => {
  if (server) await killNine(server);
  rmSync(dir, { recursive: true, force: true });
});

interface Tally {
  confirmed: Set<string>;
  /** Acks the server is known to have stored: a publish confirmed after them on the same channel covers them. */
  acked: Set<string>;
  /** Acks sent but not known stored when the server died: those messages may rightly come again, or be gone. */
  unsure: Set<string>;
  /** Ids in `acked` that were delivered again later: each is an acked message that came back. */
  ackedBack: string[];
}

const MARKERS = 'kill-nine-markers';
/** Every id the consumer was handed (for the failure message). */
const delivered = new Set<string>();


/** Publishes with confirms until the connection dies; confirmed ids go into the tally. */
async function publishUntilGone(url: string, tally: Tally, next: () => string, stops: (() => void)[]): Promise<void> {
  let stopped = false;
  stops.push(() => void (stopped = true));
  try {
    const connection = await amqp.connect(url);
    connection.on('error', () => undefined);
    connection.on('close', () => void (stopped = true));
    const channel = await connection.createConfirmChannel();
    channel.on('error', () => undefined);
    await channel.assertQueue(QUEUE, { durable: true });
    while (!stopped) {
      const batch = Array.from({ length: 20 }, next);
      const outcomes = await Promise.allSettled(
        batch.map(
          (id) =>
            new Promise<void>((resolve, reject) =>
              channel.publish('', QUEUE, Buffer.from(id), { messageId: id, persistent: true }, (error) => (error ? reject(error) : resolve())),
            ).then(() => void tally.confirmed.add(id)),
        ),
      );
      if (outcomes.every((outcome) => outcome.status === 'rejected')) return;
    }
  } catch {
    // the server went away
  }
}

/**
 * Consumes and acks until the connection dies. AMQP acks have no answer, so every 50 ms the consumer publishes a
 * marker on its own confirm channel: its confirm means everything the server took before it, acks included, is
 * stored (confirms wait for the group commit that holds all earlier writes).
 */
async function consumeUntilGone(url: string, tally: Tally, stops: (() => void)[]): Promise<void> {
  let sent: string[] = [];
  let finished = false;
  let alive = true;
  let end: () => void = () => undefined;
  stops.push(() => end());
  try {
    const connection = await amqp.connect(url);
    const gone = new Promise<void>((resolve) => {
      end = resolve;
      connection.on('close', () => resolve());
      connection.on('error', () => resolve());
    }).then(() => void (alive = false));
    const channel = await connection.createConfirmChannel();
    channel.on('error', () => undefined);
    await channel.assertQueue(QUEUE, { durable: true });
    await channel.assertQueue(MARKERS, { durable: false });
    await channel.prefetch(50);
    await channel.consume(QUEUE, (message) => {
      if (!message) return;
      const id = message.properties.messageId as string;
      delivered.add(id);
      if (tally.acked.has(id)) tally.ackedBack.push(id);
      try {
        channel.ack(message);
      } catch {
        // The channel is closed: this ack never went out, so the message may rightly come again.
        return;
      }
      // A delivery read from the socket after the connection was seen to close still counts: its ack may have gone.
      if (finished) tally.unsure.add(id);
      else sent.push(id);
    });
    while (alive) {
      const covered = sent;
      sent = [];
      const stored = await new Promise<boolean>((resolve) => {
        void gone.then(() => resolve(false));
        try {
          channel.publish('', MARKERS, Buffer.from('marker'), {}, (error) => resolve(!error));
        } catch {
          resolve(false);
        }
      });
      for (const id of covered) (stored ? tally.acked : tally.unsure).add(id);
      if (!stored) break;
      await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 50))]);
    }
    await gone;
  } catch {
    // the server went away
  }
  finished = true;
  for (const id of sent) tally.unsure.add(id);
}

/** Reads everything left in the queue (acking it), until it stays empty. */
async function drainAll(url: string, tally: Tally): Promise<Set<string>> {
  const connection = await amqp.connect(url);
  const channel = await connection.createChannel();
  const left = new Set<string>();
  for (;;) {
    const message = await channel.get(QUEUE, { noAck: false });
    if (!message) {
      // Recovered messages are paged in from the store: empty only counts once the queue says so too.
      if ((await channel.checkQueue(QUEUE)).messageCount === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    const id = message.properties.messageId as string;
    if (tally.acked.has(id)) tally.ackedBack.push(id);
    left.add(id);
    channel.ack(message);
  }
  await connection.close();
  return left;
}

it('survives ten kill -9 under confirmed publishing and acking: 0 confirmed lost, 0 acked back', { timeout: 180_000 }, async () => {
  const tally: Tally = { confirmed: new Set(), acked: new Set(), unsure: new Set(), ackedBack: [] };
  let counter = 0;
  const next = () => `m-${++counter}`;
  /** Ends the clients of a round that did not notice the death on their own. */
  const stops: (() => void)[] = [];
  const began = Date.now();
  for (let round = 0; round < KILLS; round++) {
    server = await startBare(databaseFile, token);
    console.log(`kill -9 round ${round + 1}: serving after ${Date.now() - began} ms; ${tally.confirmed.size} confirmed, ${tally.acked.size} acked so far`);
    const running = [publishUntilGone(server.amqpUrl, tally, next, stops), consumeUntilGone(server.amqpUrl, tally, stops)];
    // A random moment under load: 300 to 1,300 ms after the clients started.
    await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 1000));
    await killNine(server);
    // Clients hear of the death through their sockets; a confirm that never comes stays unconfirmed.
    await Promise.race([Promise.allSettled(running), new Promise((resolve) => setTimeout(resolve, 2000))]);
    for (const stop of stops.splice(0)) stop();
  }
  server = await startBare(databaseFile, token);
  const left = await drainAll(server.amqpUrl, tally);

  const lost = [...tally.confirmed].filter((id) => !tally.acked.has(id) && !tally.unsure.has(id) && !left.has(id));
  expect(tally.confirmed.size).toBeGreaterThan(KILLS * 20);
  expect(tally.acked.size).toBeGreaterThan(0);
  expect(lost, `lost: ${lost.length}, of which delivered: ${lost.filter((id) => delivered.has(id)).length}; left ${left.size}`).toEqual([]);
  expect(tally.ackedBack).toEqual([]);
});
