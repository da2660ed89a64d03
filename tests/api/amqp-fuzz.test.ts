/**
 * AMQP fuzz against the real listener: thousands of seeded hostile connections (random bytes and truncated frames
 * after a valid handshake, oversized frames, frames for unopened channels, unfinished bodies and transactions,
 * handshakes never finished) while a well-behaved amqplib client publishes and consumes throughout. The server
 * stays up, its memory stays bounded, the good client sees every message, and every hostile socket is let go.
 * Set AMQP_FUZZ_SEED to replay a run; the seed is printed.
 */
import { connect, type Socket } from 'node:net';
import amqp from 'amqplib';
import { describe, expect, inject, it } from 'vitest';
import { encodeContent, encodeFrame, encodeMethod, FRAME_BODY, FRAME_HEADER, FRAME_METHOD, PROTOCOL_HEADER } from '../../lib/amqp/codec';
import { eventually } from '../../lib/amqp/test-support/amqp-fixture';
import { RawClient } from '../../lib/amqp/test-support/raw-client';
import { api, declareQueue, unique } from './http';

const ITERATIONS = 2000;
const PARALLEL = 8;
const LEFT_OPEN = 200;
const MiB = 1024 * 1024;
/** Generous: the server's resident memory may grow by this much over the run (its heap warms up), no more. */
const MEMORY_GROWTH_BOUND = 200 * MiB;

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const amqpPort = () => Number(new URL(inject('amqpUrl')).port);

async function usedBytes(): Promise<number> {
  const answer = await api('GET', '/memory-watermark');
  expect(answer.status).toBe(200);
  return answer.body.usedBytes;
}

type Random = () => number;
const int = (random: Random, below: number) => Math.floor(random() * below);
const bytes = (random: Random, length: number) => Buffer.from(Array.from({ length }, () => int(random, 256)));
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)];

/** What a hostile client sends after a valid handshake. */
const attacks: ReadonlyArray<(random: Random, queue: string) => Buffer[]> = [
  // random bytes
  (r) => [bytes(r, 1 + int(r, 400))],
  // a valid frame cut short, then more garbage or nothing
  (r) => {
    const frame = encodeMethod(1 + int(r, 5), 'channel.open');
    return [frame.subarray(0, int(r, frame.length)), ...(r() < 0.5 ? [bytes(r, int(r, 50))] : [])];
  },
  // a frame header whose size field is huge
  (r) => {
    const header = Buffer.alloc(7);
    header[0] = pick(r, [FRAME_METHOD, FRAME_HEADER, FRAME_BODY]);
    header.writeUInt16BE(int(r, 65536), 1);
    header.writeUInt32BE(0x10000000 + int(r, 0xefffffff), 3);
    return [header, bytes(r, int(r, 1000))];
  },
  // frames for channels never opened
  (r) =>
    Array.from({ length: 1 + int(r, 5) }, () =>
      pick(r, [
        encodeMethod(1 + int(r, 2047), 'basic.qos', { prefetchSize: 0, prefetchCount: 1, global: false }),
        encodeFrame(FRAME_BODY, 1 + int(r, 2047), bytes(r, int(r, 100))),
        encodeFrame(FRAME_HEADER, 1 + int(r, 2047), bytes(r, int(r, 30))),
        encodeMethod(1 + int(r, 2047), 'channel.close', { replyCode: 200, replyText: '', classId: 0, methodId: 0 }),
      ]),
    ),
  // unfinished bodies on many channels: headers announcing large bodies, then a few bytes
  (r, queue) => {
    const out: Buffer[] = [];
    for (let channel = 1; channel <= 1 + int(r, 8); channel++) {
      out.push(encodeMethod(channel, 'channel.open'), encodeMethod(channel, 'basic.publish', { exchange: '', routingKey: queue }));
      const header = Buffer.alloc(14);
      header.writeUInt16BE(60, 0);
      header.writeBigUInt64BE(BigInt(2001 + int(r, 300 * 1024)), 4);
      out.push(encodeFrame(FRAME_HEADER, channel, header), encodeFrame(FRAME_BODY, channel, bytes(r, int(r, 2000))));
    }
    return out;
  },
  // a transaction that is never committed
  (r, queue) => {
    const out = [encodeMethod(1, 'channel.open'), encodeMethod(1, 'tx.select')];
    for (let i = 0; i < 1 + int(r, 20); i++) {
      out.push(encodeMethod(1, 'basic.publish', { exchange: '', routingKey: queue }), encodeContent(1, {}, bytes(r, int(r, 4096)), 131_072));
    }
    return out;
  },
  // method frames with random payloads on channel 0 and 1
  (r) => [encodeMethod(1, 'channel.open'), encodeFrame(FRAME_METHOD, int(r, 2), bytes(r, int(r, 64)))],
];

/** One hostile connection: before or after a valid handshake, junk, then gone (or left to the server to close). */
async function hostile(random: Random, queue: string, token: string): Promise<void> {
  if (random() < 0.3) {
    // Before the handshake: random bytes in place of (or right after) the protocol header.
    const client = await RawClient.connect(amqpPort(), false);
    client.write(random() < 0.5 ? bytes(random, 1 + int(random, 64)) : Buffer.concat([PROTOCOL_HEADER, bytes(random, int(random, 200))]));
    await end(client.socket, random);
    return;
  }
  const { client, reply } = await RawClient.open(amqpPort(), { password: token });
  expect(reply.name).toBe('connection.open-ok');
  for (const chunk of pick(random, attacks)(random, queue)) client.write(chunk);
  await end(client.socket, random);
}

/** Hangs up at once, after the server answered, or half-way (FIN), as clients do. */
async function end(socket: Socket, random: Random): Promise<void> {
  const how = random();
  if (how < 0.4) return void socket.destroy();
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  if (how < 0.7) socket.end();
  // Waits for the server to close it (a protocol error) or gives up soon: junk that is a valid prefix waits for more.
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 100))]);
  socket.destroy();
}

/** A well-behaved client publishing with confirms and consuming, until stopped; answers what it sent and got. */
async function wellBehaved(queue: string) {
  const connection = await amqp.connect(inject('amqpUrl'));
  const errors: unknown[] = [];
  connection.on('error', (error) => errors.push(error));
  const publisher = await connection.createConfirmChannel();
  const consumer = await connection.createChannel();
  const got: string[] = [];
  await consumer.consume(queue, (message) => {
    if (!message) return;
    got.push(message.content.toString());
    consumer.ack(message);
  });
  let sent = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const body = `good ${sent}`;
      await new Promise<void>((resolve, reject) => publisher.sendToQueue(queue, Buffer.from(body), { persistent: true }, (error) => (error ? reject(error) : resolve())));
      sent++;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  return {
    errors,
    got,
    sent: () => sent,
    stop: async () => {
      running = false;
      await loop;
      await eventually(() => got.length === sent, 10_000);
      await connection.close();
    },
  };
}

describe('AMQP fuzz', () => {
  it('survives thousands of hostile connections with bounded memory while a good client keeps working', async () => {
    const seed = Number(process.env.AMQP_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`AMQP fuzz seed: ${seed} (replay with AMQP_FUZZ_SEED=${seed})`);
    const random = generator(seed);
    const token = inject('token');
    const target = unique('fuzz-target');
    const goodQueue = unique('fuzz-good');
    await declareQueue(target);
    await declareQueue(goodQueue);
    const before = await usedBytes();
    const good = await wellBehaved(goodQueue);

    // Handshakes never finished: sockets that connect and say (almost) nothing, left open.
    const idle: Socket[] = [];
    for (let i = 0; i < LEFT_OPEN; i++) {
      const socket = connect(amqpPort(), '127.0.0.1');
      socket.on('error', () => undefined);
      socket.once('connect', () => (i % 2 ? socket.write(PROTOCOL_HEADER.subarray(0, int(random, 8))) : undefined));
      idle.push(socket);
    }
    const idleClosed = idle.map((socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())));

    let done = 0;
    let peak = before;
    const worker = async (stream: Random) => {
      while (done < ITERATIONS) {
        done++;
        await hostile(stream, target, token);
        if (done % 250 === 0) peak = Math.max(peak, await usedBytes());
      }
    };
    // Each worker has its own stream drawn from the seed, so the run replays whatever the interleaving.
    await Promise.all(Array.from({ length: PARALLEL }, () => worker(generator(int(random, 2 ** 31)))));

    // The good client worked throughout and saw every one of its messages once, in order.
    expect(good.sent()).toBeGreaterThan(0);
    await good.stop();
    expect(good.errors).toEqual([]);
    expect(good.got).toEqual(Array.from({ length: good.sent() }, (_, i) => `good ${i}`));

    // Never-finished handshakes are closed by the server (handshake timeout, 10 s as RabbitMQ).
    await Promise.all(idleClosed);
    // Nothing of the hostile connections stays: no connection, no half-published message, no open transaction.
    await eventually(async () => (await api('GET', '/connections')).body.length === 0, 10_000);
    expect((await api('GET', `/queues/${encodeURIComponent(target)}`)).body.messagesReady).toBe(0);
    expect((await api('GET', '/health', { token: null })).body.status).toBe('ok');
    peak = Math.max(peak, await usedBytes());
    console.log(`AMQP fuzz: ${ITERATIONS} hostile connections, server RSS ${Math.round(before / MiB)} MiB → peak ${Math.round(peak / MiB)} MiB`);
    expect(peak - before).toBeLessThan(MEMORY_GROWTH_BOUND);
  }, 180_000);

  it('refuses a transaction past its bound (64 MiB) with 406, and the server does not keep what was sent', async () => {
    const queue = unique('tx-bound');
    await declareQueue(queue);
    const before = await usedBytes();
    const { client, reply } = await RawClient.open(amqpPort(), { password: inject('token') });
    expect(reply.name).toBe('connection.open-ok');
    client.method(1, 'channel.open');
    await client.expect('channel.open-ok');
    client.method(1, 'tx.select');
    await client.expect('tx.select-ok');
    // 1,000 uncommitted publishes of 256 KiB (the API tests' message limit): 250 MiB, four times the bound.
    const body = Buffer.alloc(256 * 1024, 1);
    for (let i = 0; i < 1000; i++) {
      client.method(1, 'basic.publish', { exchange: '', routingKey: queue });
      client.write(encodeContent(1, { deliveryMode: 2 }, body, 131_072));
    }
    const close = await client.expect('channel.close');
    expect(close.args.replyCode).toBe(406);
    expect(String(close.args.replyText)).toMatch(/uncommitted transactions of this connection would hold more than 67108864 bytes/);
    client.method(1, 'channel.close-ok');
    // A method after every publish: once it is answered, the server has read (and dropped) all of them.
    client.method(2, 'channel.open');
    await client.expect('channel.open-ok');
    const after = await usedBytes();
    console.log(`tx bound: server RSS ${Math.round(before / MiB)} MiB → ${Math.round(after / MiB)} MiB after 250 MiB of uncommitted publishes`);
    expect(after - before).toBeLessThan(160 * MiB);
    expect((await api('GET', `/queues/${encodeURIComponent(queue)}`)).body.messagesReady).toBe(0);
    client.destroy();
  }, 120_000);
});
