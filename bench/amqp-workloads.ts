/**
 * @module The AMQP workloads of issue 6, through amqplib, against any broker URL: confirmed 1 KB persistent
 * throughput, paced end-to-end latency, and many connections held at once. The same code runs against
 * Switchboard and RabbitMQ, so the only difference is the broker.
 */
import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';

type Connection = Awaited<ReturnType<typeof amqp.connect>>;
type ConfirmChannel = Awaited<ReturnType<Connection['createConfirmChannel']>>;

export interface Broker {
  url: string;
  /** Extra queue arguments: RabbitMQ is asked for a classic queue explicitly. */
  queueArguments?: Record<string, unknown>;
}

const PAYLOAD_BYTES = 1024;
/**
 * amqplib leaves Nagle's algorithm on unless asked; with it, a publish can wait for the broker's delayed ACK (40 ms
 * on Linux) and the latency run measures the TCP stack instead of the broker. Both brokers get the same socket.
 */
const SOCKET_OPTIONS = { noDelay: true };
const MAX_OUTSTANDING = 1000;
const PREFETCH = 1000;

/** Publishes with at most MAX_OUTSTANDING unconfirmed, waiting for room (and for the socket to drain). */
function confirmedPublisher(channel: ConfirmChannel, queue: string) {
  let outstanding = 0;
  let failed: Error | undefined;
  let wake: (() => void) | undefined;
  const settle = (error: unknown) => {
    outstanding--;
    if (error) failed ??= new Error(`a publish was nacked: ${String(error)}`);
    wake?.();
  };
  return {
    get outstanding() {
      return outstanding;
    },
    async send(payload: Buffer): Promise<void> {
      while (outstanding >= MAX_OUTSTANDING) await new Promise<void>((resolve) => (wake = resolve));
      if (failed) throw failed;
      outstanding++;
      channel.sendToQueue(queue, payload, { persistent: true }, settle);
    },
    async drain(): Promise<void> {
      await channel.waitForConfirms();
      if (failed) throw failed;
    },
  };
}

const STALL_MS = 30_000;
const CONNECT_TIMEOUT_MS = 10_000;

/** Rejects when `progress()` has not moved for STALL_MS, so a lost confirm or delivery fails the run instead of hanging it. */
function stallGuard(label: string, progress: () => string): { promise: Promise<never>; stop: () => void } {
  let last = progress();
  let stop = () => {};
  const promise = new Promise<never>((_, reject) => {
    const timer = setInterval(() => {
      const now = progress();
      if (now === last) reject(new Error(`${label} stalled for ${STALL_MS / 1000} s: ${now}`));
      last = now;
    }, STALL_MS);
    stop = () => clearInterval(timer);
  });
  promise.catch(() => {});
  return { promise, stop };
}

/** A fresh durable queue, a producer connection with a confirm channel and a consumer connection with prefetch. */
async function pair(broker: Broker, label: string) {
  const producer = await amqp.connect(broker.url, { ...SOCKET_OPTIONS, clientProperties: { connection_name: `bench-${label}-producer` } });
  const consumer = await amqp.connect(broker.url, { ...SOCKET_OPTIONS, clientProperties: { connection_name: `bench-${label}-consumer` } });
  // a broker closing either connection fails the run with its reason instead of crashing the bench
  let closing = false;
  let fail: (error: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => {});
  for (const [role, connection] of [['producer', producer], ['consumer', consumer]] as const) {
    connection.on('error', (error: Error) => fail(new Error(`${role} connection: ${error.message}`)));
    connection.on('close', () => closing || fail(new Error(`${role} connection closed by the broker`)));
  }
  const publishChannel = await producer.createConfirmChannel();
  const consumeChannel = await consumer.createChannel();
  publishChannel.on('error', (error: Error) => fail(new Error(`publish channel: ${error.message}`)));
  consumeChannel.on('error', (error: Error) => fail(new Error(`consume channel: ${error.message}`)));
  const queue = `bench-${label}-${randomUUID()}`;
  await publishChannel.assertQueue(queue, { durable: true, autoDelete: false, arguments: broker.queueArguments ?? {} });
  await consumeChannel.prefetch(PREFETCH);
  return {
    queue,
    publisher: confirmedPublisher(publishChannel, queue),
    consumeChannel,
    failed,
    async close() {
      closing = true;
      await publishChannel.deleteQueue(queue).catch(() => {});
      await Promise.allSettled([producer.close(), consumer.close()]);
    },
  };
}

/** One producer, one consumer, `count` 1 KB persistent messages each acked on its own: messages per second end to end. */
export async function throughputRun(broker: Broker, count: number): Promise<number> {
  const setup = await pair(broker, 'throughput');
  try {
    const payload = Buffer.alloc(PAYLOAD_BYTES, 'x');
    let consumed = 0;
    const done = new Promise<void>((resolve) => {
      void setup.consumeChannel.consume(setup.queue, (message) => {
        if (!message) return;
        setup.consumeChannel.ack(message);
        if (++consumed === count) resolve();
      });
    });
    let sent = 0;
    const guard = stallGuard('throughput', () => `sent ${sent}, consumed ${consumed}, unconfirmed ${setup.publisher.outstanding}`);
    try {
      const started = performance.now();
      const work = (async () => {
        for (; sent < count; sent++) await setup.publisher.send(payload);
        await Promise.all([done, setup.publisher.drain()]);
      })();
      await Promise.race([work, guard.promise, setup.failed]);
      return count / ((performance.now() - started) / 1000);
    } finally {
      guard.stop();
    }
  } finally {
    await setup.close();
  }
}

export interface LatencyRun {
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  messages: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/**
 * The same setup paced at `rate` msg/s for `seconds`: each payload carries its send time, the consumer measures
 * publish → deliver. The first second is warm-up and not counted.
 */
export async function latencyRun(broker: Broker, rate: number, seconds: number): Promise<LatencyRun> {
  const setup = await pair(broker, 'latency');
  try {
    const total = rate * seconds;
    const warmUp = rate;
    const latencies: number[] = [];
    let consumed = 0;
    const done = new Promise<void>((resolve) => {
      void setup.consumeChannel.consume(setup.queue, (message) => {
        if (!message) return;
        const sentAt = message.content.readDoubleLE(0);
        const index = message.content.readUInt32LE(8);
        if (index >= warmUp) latencies.push(performance.now() - sentAt);
        setup.consumeChannel.ack(message);
        if (++consumed === total) resolve();
      });
    });
    let sent = 0;
    const guard = stallGuard('latency', () => `sent ${sent}, consumed ${consumed}, unconfirmed ${setup.publisher.outstanding}`);
    const started = performance.now();
    const work = (async () => {
      for (; sent < total; ) {
        // send what is due by now, then sleep to the next millisecond tick
        const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
        for (; sent < due; sent++) {
          const payload = Buffer.alloc(PAYLOAD_BYTES, 'x');
          payload.writeDoubleLE(performance.now(), 0);
          payload.writeUInt32LE(sent, 8);
          await setup.publisher.send(payload);
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      await Promise.all([done, setup.publisher.drain()]);
    })();
    try {
      await Promise.race([work, guard.promise, setup.failed]);
    } finally {
      guard.stop();
    }
    latencies.sort((a, b) => a - b);
    const round = (ms: number) => Number(ms.toFixed(2));
    return {
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      p999Ms: round(percentile(latencies, 99.9)),
      maxMs: round(latencies[latencies.length - 1] ?? NaN),
      messages: latencies.length,
    };
  } finally {
    await setup.close();
  }
}

export interface HeldConnections {
  opened: number;
  /** Connections the broker did not complete within CONNECT_TIMEOUT_MS (RabbitMQ stops accepting at its socket limit). */
  failedToOpen: number;
  firstError?: string;
  /** Connections that answered a queue.declare (passive) round trip after all were open. */
  working: number;
  closedEarly: number;
  openMs: number;
  roundTripMs: number;
}

/**
 * Opens `count` connections (each with a channel), `parallel` at a time, then has every one do a passive
 * queue.declare round trip while all are held. `whileHeld` runs with all of them open (to read memory).
 */
export async function holdConnections(
  broker: Broker,
  count: number,
  parallel: number,
  whileHeld: () => Promise<void> = async () => {},
): Promise<HeldConnections> {
  const held: { connection: Connection; channel: Awaited<ReturnType<Connection['createChannel']>> }[] = [];
  let closedEarly = 0;
  const probe = await amqp.connect(broker.url);
  probe.on('error', () => {});
  const queue = `bench-held-${randomUUID()}`;
  const probeChannel = await probe.createChannel();
  await probeChannel.assertQueue(queue, { durable: false, arguments: broker.queueArguments ?? {} });
  let answered = 0;
  let failedToOpen = 0;
  let firstError: string | undefined;
  const guard = stallGuard('connections', () => `opened ${held.length}, failed ${failedToOpen}, answered ${answered}`);
  try {
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const index = next++;
        try {
          const connection = await amqp.connect(broker.url, {
            timeout: CONNECT_TIMEOUT_MS,
            clientProperties: { connection_name: `bench-held-${index}` },
          });
          connection.on('error', () => {});
          connection.on('close', () => closedEarly++);
          held.push({ connection, channel: await connection.createChannel() });
        } catch (error) {
          failedToOpen++;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    };
    await Promise.race([Promise.all(Array.from({ length: parallel }, worker)), guard.promise]);
    const openMs = performance.now() - started;

    const checked = performance.now();
    const roundTrip = ({ channel }: (typeof held)[number]) => channel.checkQueue(queue).finally(() => answered++);
    const answers = await Promise.race([Promise.allSettled(held.map(roundTrip)), guard.promise]);
    const roundTripMs = performance.now() - checked;
    await whileHeld();
    return {
      opened: held.length,
      failedToOpen,
      ...(firstError ? { firstError } : {}),
      working: answers.filter((answer) => answer.status === 'fulfilled').length,
      closedEarly,
      openMs: Math.round(openMs),
      roundTripMs: Math.round(roundTripMs),
    };
  } finally {
    guard.stop();
    for (const { connection } of held) connection.removeAllListeners('close');
    for (let i = 0; i < held.length; i += 100) {
      await Promise.allSettled(held.slice(i, i + 100).map(({ connection }) => connection.close()));
    }
    await probeChannel.deleteQueue(queue).catch(() => {});
    await probe.close().catch(() => {});
  }
}
