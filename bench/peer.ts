/** @module The same workload against a real RabbitMQ through amqplib: classic durable queue, confirms, prefetch 1000. */
import amqp from 'amqplib';

export async function peerThroughput(url: string, count: number): Promise<number> {
  const connection = await amqp.connect(url);
  try {
    const publishChannel = await connection.createConfirmChannel();
    const consumeChannel = await connection.createChannel();
    const queue = `switchboard-bench-${process.pid}-${Date.now()}`;
    await publishChannel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'classic' } });
    await consumeChannel.prefetch(1000);
    const payload = Buffer.alloc(1024, 'x');
    let consumed = 0;
    const done = new Promise<void>((resolve) => {
      void consumeChannel.consume(queue, (message) => {
        if (!message) return;
        consumeChannel.ack(message);
        if (++consumed === count) resolve();
      });
    });
    const started = performance.now();
    let inFlight = 0;
    let wake: (() => void) | undefined;
    for (let sent = 0; sent < count; sent++) {
      while (inFlight >= 1000) await new Promise<void>((resolve) => (wake = resolve));
      inFlight++;
      publishChannel.sendToQueue(queue, payload, { persistent: true }, () => {
        inFlight--;
        wake?.();
      });
    }
    await done;
    const rate = count / ((performance.now() - started) / 1000);
    await publishChannel.deleteQueue(queue);
    return rate;
  } finally {
    await connection.close();
  }
}
