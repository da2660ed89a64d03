/**
 * @module The open-loop reference through amqplib: `rate` single persistent 1 KB publishes per second for `seconds`
 * on a confirm channel (sent on schedule, never waiting for confirms), one consumer with prefetch 1000 acking each,
 * into a fresh durable classic queue. Latency is publish → delivery; a nack, a missing delivery or a failed
 * connection is an error.
 */
import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import { latencyFigures, type LatencyFigures } from './latency';

export interface AmqpOpenLoopResult extends LatencyFigures {
  sent: number;
  confirmed: number;
  nacked: number;
  received: number;
  errors: number;
}

export async function amqpOpenLoop(url: string, rate: number, seconds: number, warmUpSeconds: number): Promise<AmqpOpenLoopResult> {
  const options = { noDelay: true };
  const producer = await amqp.connect(url, options);
  const consumer = await amqp.connect(url, options);
  let errors = 0;
  for (const connection of [producer, consumer]) connection.on('error', () => errors++);
  try {
    const publish = await producer.createConfirmChannel();
    const consume = await consumer.createChannel();
    const queue = `bench-open-loop-${randomUUID()}`;
    await publish.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'classic' } });
    await consume.prefetch(1000);
    const total = rate * seconds;
    const sentAt = new Float64Array(total);
    const latencies: number[] = [];
    let received = 0;
    let confirmed = 0;
    let nacked = 0;
    let allReceived: () => void = () => {};
    const done = new Promise<void>((resolve) => (allReceived = resolve));
    await consume.consume(queue, (message) => {
      if (!message) return;
      const index = message.content.readUInt32LE(0);
      if (index >= warmUpSeconds * rate) latencies.push(performance.now() - sentAt[index]!);
      consume.ack(message);
      if (++received === total) allReceived();
    });
    const payload = Buffer.alloc(1024, 'x');
    const started = performance.now();
    let sent = 0;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000));
        for (; sent < due; sent++) {
          const body = Buffer.from(payload);
          body.writeUInt32LE(sent, 0);
          sentAt[sent] = performance.now();
          publish.sendToQueue(queue, body, { persistent: true }, (error) => (error ? nacked++ : confirmed++));
        }
        if (sent >= total) return resolve();
        setTimeout(tick, 1);
      };
      tick();
    });
    await publish.waitForConfirms().catch(() => undefined);
    await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 30_000))]);
    await publish.deleteQueue(queue).catch(() => undefined);
    return { sent, confirmed, nacked, received, errors: errors + nacked + (total - received), ...latencyFigures(latencies) };
  } finally {
    await Promise.allSettled([producer.close(), consumer.close()]);
  }
}
