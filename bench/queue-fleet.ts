/**
 * @module Many queues quickly, over AMQP through amqplib: declares on a few channels at once (a channel waits for
 * each declare's answer), then one 1 KB message per queue published without confirms, and waits until the broker
 * holds them all. The same for Switchboard and RabbitMQ, so both hold the same fleet.
 */
import amqp from 'amqplib';

const CHANNELS = 16;

export const fleetName = (i: number) => `q-${String(i).padStart(6, '0')}`;

export async function declareFleet(url: string, count: number, countReady: () => Promise<number>): Promise<void> {
  const connection = await amqp.connect(url, { noDelay: true });
  try {
    const channels = await Promise.all(Array.from({ length: CHANNELS }, () => connection.createChannel()));
    let next = 0;
    await Promise.all(
      channels.map(async (channel) => {
        for (let i = next++; i < count; i = next++) await channel.assertQueue(fleetName(i), { durable: true });
      }),
    );
    const payload = Buffer.alloc(1024, 'x');
    const publisher = channels[0];
    for (let i = 0; i < count; i++) {
      if (!publisher.sendToQueue(fleetName(i), payload, { persistent: true })) await new Promise((resolve) => publisher.once('drain', resolve));
    }
    // A busy broker may refuse the count for a while (503): that is "not yet", not a failure.
    const ready = () => countReady().catch(() => -1);
    const deadline = Date.now() + 600_000;
    for (let held = await ready(); held < count; held = await ready()) {
      if (Date.now() > deadline) throw new Error(`the broker holds ${held} of ${count} messages after 10 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await connection.close();
  }
}
