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
    for (let waited = 0; (await countReady()) < count; waited++) {
      if (waited > 600) throw new Error(`the broker holds ${await countReady()} of ${count} messages after a minute`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await connection.close();
  }
}
