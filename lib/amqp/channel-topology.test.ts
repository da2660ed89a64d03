/** Exchange and queue methods over amqplib: bind/unbind (queue and exchange), purge, delete, and the server's cancel. */
import type { ConsumeMessage } from 'amqplib';
import { describe, expect, it } from 'vitest';
import { eventually, uniqueName, useAmqpConnection } from './test-support/amqp-fixture';

const shared = useAmqpConnection();
const unique = uniqueName;

describe('topology over AMQP', () => {
  it('binds and unbinds queues and exchanges; unbinding what is not bound is fine', async () => {
    const channel = await shared.connection.createChannel();
    const [upstream, downstream, queue] = [unique('up'), unique('down'), unique('q')];
    await channel.assertExchange(upstream, 'topic', { durable: false });
    await channel.assertExchange(downstream, 'fanout', { durable: false, alternateExchange: 'amq.fanout' });
    expect(shared.fixture.broker.getExchange(downstream).alternateExchange).toBe('amq.fanout');
    await channel.assertQueue(queue);
    await channel.bindExchange(downstream, upstream, 'orders.#');
    await channel.bindQueue(queue, downstream, '');
    channel.publish(upstream, 'orders.created', Buffer.from('1'));
    await eventually(() => shared.fixture.broker.getQueue(queue).messagesReady === 1);
    await channel.unbindExchange(downstream, upstream, 'orders.#');
    await channel.unbindExchange(downstream, upstream, 'orders.#');
    channel.publish(upstream, 'orders.created', Buffer.from('2'));
    await channel.unbindQueue(queue, downstream, '');
    await channel.unbindQueue(queue, downstream, 'never-bound');
    expect(shared.fixture.broker.listBindings({ destination: queue }).map((b) => b.source)).toEqual(['']);
    expect(shared.fixture.broker.getQueue(queue).messagesReady).toBe(1);
    await channel.close();
  });

  it('purges ready messages, deletes queues and exchanges (idempotently), with if-unused and if-empty', async () => {
    const channel = await shared.connection.createChannel();
    channel.on('error', () => undefined);
    const [queue, exchange] = [unique('purge'), unique('gone')];
    await channel.assertQueue(queue);
    for (const body of ['a', 'b', 'c']) channel.sendToQueue(queue, Buffer.from(body));
    await eventually(() => shared.fixture.broker.getQueue(queue).messagesReady === 3);
    expect(await channel.purgeQueue(queue)).toEqual({ messageCount: 3 });
    channel.sendToQueue(queue, Buffer.from('d'));
    await eventually(() => shared.fixture.broker.getQueue(queue).messagesReady === 1);
    expect(await channel.deleteQueue(queue)).toEqual({ messageCount: 1 });
    expect(await channel.deleteQueue(queue)).toEqual({ messageCount: 0 });
    await channel.assertExchange(exchange, 'direct');
    await channel.deleteExchange(exchange);
    await channel.deleteExchange(exchange);
    expect(shared.fixture.broker.findExchange(exchange)).toBeUndefined();

    const kept = unique('kept');
    await channel.assertQueue(kept);
    channel.sendToQueue(kept, Buffer.from('x'));
    await eventually(() => shared.fixture.broker.getQueue(kept).messagesReady === 1);
    const error = await channel.deleteQueue(kept, { ifEmpty: true }).catch((e: { code: number }) => e);
    expect(error).toMatchObject({ code: 406 });
    expect(shared.fixture.broker.findQueueInfo(kept)).toBeDefined();
  });

  it('tells a consumer its queue was deleted (basic.cancel from the server)', async () => {
    const channel = await shared.connection.createChannel();
    const queue = unique('deleted');
    await channel.assertQueue(queue);
    const seen: (ConsumeMessage | null)[] = [];
    await channel.consume(queue, (m) => seen.push(m));
    await shared.fixture.broker.deleteQueue(queue);
    await eventually(() => seen.length === 1);
    expect(seen[0]).toBeNull();
    await channel.close();
  });

  it('refuses a second consumer on a queue with an exclusive consumer (403), and an exclusive one on a busy queue', async () => {
    const channel = await shared.connection.createChannel();
    const queue = unique('exclusive-consumer');
    await channel.assertQueue(queue);
    await channel.consume(queue, () => undefined, { exclusive: true });
    const other = await shared.connection.createChannel();
    other.on('error', () => undefined);
    expect(await other.consume(queue, () => undefined).catch((e: { code: number }) => e.code)).toBe(403);
    const busy = unique('busy');
    await channel.assertQueue(busy);
    await channel.consume(busy, () => undefined);
    const third = await shared.connection.createChannel();
    third.on('error', () => undefined);
    expect(await third.consume(busy, () => undefined, { exclusive: true }).catch((e: { code: number }) => e.code)).toBe(403);
    await channel.close();
  });

  it('an empty queue name stands for the channel’s last declared queue', async () => {
    const channel = await shared.connection.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue('', 'amq.fanout', '');
    expect(shared.fixture.broker.listBindings({ source: 'amq.fanout', destination: queue })).toHaveLength(1);
    await channel.close();
  });
});
