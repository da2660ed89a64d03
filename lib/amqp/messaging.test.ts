/** Consuming over AMQP: acks and requeues, qos, basic.get, recover, cancel; dead-lettering, TTL, priorities and limits. */
import amqp, { type Channel, type ConsumeMessage, type GetMessage } from 'amqplib';
import { describe, expect, it } from 'vitest';
import { eventually, uniqueName, useAmqpConnection, TEST_TOKEN } from './test-support/amqp-fixture';

const shared = useAmqpConnection();
const unique = uniqueName;

async function fill(channel: Channel, queue: string, bodies: string[]): Promise<void> {
  for (const body of bodies) channel.sendToQueue(queue, Buffer.from(body));
  await eventually(() => shared.fixture.broker.getQueue(queue).messagesReady === bodies.length);
}

async function getAll(channel: Channel, queue: string): Promise<GetMessage[]> {
  const out: GetMessage[] = [];
  for (;;) {
    const message = await channel.get(queue, { noAck: true });
    if (!message) return out;
    out.push(message);
  }
}

describe('unacked deliveries', () => {
  it('come back redelivered when their channel closes, and when their connection closes', async () => {
    const queue = unique('requeue');
    const setup = await shared.connection.createChannel();
    await setup.assertQueue(queue);
    await fill(setup, queue, ['a', 'b']);

    const consumer = await shared.connection.createChannel();
    const seen: ConsumeMessage[] = [];
    await consumer.consume(queue, (m) => m && seen.push(m));
    await eventually(() => seen.length === 2);
    expect(seen.every((m) => !m.fields.redelivered)).toBe(true);
    await consumer.close();
    expect(shared.fixture.broker.getQueue(queue)).toMatchObject({ messagesReady: 2, messagesUnacked: 0 });

    const other = await amqp.connect(shared.fixture.url);
    const otherChannel = await other.createChannel();
    const again: ConsumeMessage[] = [];
    await otherChannel.consume(queue, (m) => m && again.push(m));
    await eventually(() => again.length === 2);
    expect(again.map((m) => [m.content.toString(), m.fields.redelivered])).toEqual([
      ['a', true],
      ['b', true],
    ]);
    await other.close();
    const last = await setup.get(queue);
    expect(last && last.fields.redelivered).toBe(true);
    await setup.close();
  });

  it('basic.get holds a message until it is acked, nacked or its channel closes', async () => {
    const channel = await shared.connection.createChannel();
    const queue = unique('get');
    await channel.assertQueue(queue);
    expect(await channel.get(queue)).toBe(false);
    await fill(channel, queue, ['one', 'two']);
    const first = (await channel.get(queue)) as GetMessage;
    expect(first.content.toString()).toBe('one');
    expect(first.fields.messageCount).toBe(1);
    channel.nack(first, false, true);
    const again = (await channel.get(queue)) as GetMessage;
    expect([again.content.toString(), again.fields.redelivered]).toEqual(['one', true]);
    channel.ack(again);
    const second = (await channel.get(queue)) as GetMessage;
    expect(second.content.toString()).toBe('two');
    await channel.close();
    await eventually(() => shared.fixture.broker.getQueue(queue).messagesReady === 1);
  });

  it('ack and nack with multiple settle every earlier tag; reject without requeue drops', async () => {
    const channel = await shared.connection.createChannel();
    const queue = unique('multiple');
    await channel.assertQueue(queue);
    await fill(channel, queue, ['1', '2', '3', '4']);
    const seen: ConsumeMessage[] = [];
    await channel.consume(queue, (m) => m && seen.push(m));
    await eventually(() => seen.length === 4);
    channel.ack(seen[1], true); // 1 and 2
    channel.reject(seen[2], false);
    channel.nack(seen[3], true, true);
    await eventually(() => shared.fixture.broker.getQueue(queue).messagesUnacked === 1 || seen.length === 5);
    await eventually(() => seen.length === 5);
    expect([seen[4].content.toString(), seen[4].fields.redelivered]).toEqual(['4', true]);
    channel.ack(seen[4]);
    await eventually(() => shared.fixture.broker.getQueue(queue).messages === 0);
    await channel.close();
  });

  it('basic.recover sends every unacked delivery again, redelivered', async () => {
    const channel = await shared.connection.createChannel();
    const queue = unique('recover');
    await channel.assertQueue(queue);
    await fill(channel, queue, ['r']);
    const seen: ConsumeMessage[] = [];
    await channel.consume(queue, (m) => m && seen.push(m));
    await eventually(() => seen.length === 1);
    await channel.recover();
    await eventually(() => seen.length === 2);
    expect(seen[1].fields.redelivered).toBe(true);
    channel.ack(seen[1]);
    await channel.close();
  });

  it('after basic.cancel the unacked deliveries stay out and can still be acked', async () => {
    const channel = await shared.connection.createChannel();
    const queue = unique('cancel');
    await channel.assertQueue(queue);
    await fill(channel, queue, ['c']);
    const seen: ConsumeMessage[] = [];
    const { consumerTag } = await channel.consume(queue, (m) => m && seen.push(m));
    expect(consumerTag).toMatch(/^amq\.ctag-/);
    await eventually(() => seen.length === 1);
    await channel.cancel(consumerTag);
    expect(shared.fixture.broker.getQueue(queue)).toMatchObject({ messagesReady: 0, messagesUnacked: 1, consumers: 0 });
    channel.ack(seen[0]);
    await eventually(() => shared.fixture.broker.getQueue(queue).messages === 0);
    await channel.close();
  });

  it('no-ack consumers get messages settled as they go out', async () => {
    const channel = await shared.connection.createChannel();
    const queue = unique('noack');
    await channel.assertQueue(queue);
    await fill(channel, queue, ['x', 'y', 'z']);
    const seen: ConsumeMessage[] = [];
    await channel.consume(queue, (m) => m && seen.push(m), { noAck: true });
    await eventually(() => seen.length === 3);
    expect(shared.fixture.broker.getQueue(queue)).toMatchObject({ messages: 0 });
    await channel.close();
  });
});

describe('basic.qos', () => {
  it('global prefetch is one limit shared by the channel’s consumers', async () => {
    const channel = await shared.connection.createChannel();
    const [q1, q2] = [unique('g1'), unique('g2')];
    await channel.assertQueue(q1);
    await channel.assertQueue(q2);
    await fill(channel, q1, ['a1', 'a2', 'a3']);
    await fill(channel, q2, ['b1', 'b2', 'b3']);
    await channel.prefetch(2, true);
    const seen: ConsumeMessage[] = [];
    await channel.consume(q1, (m) => m && seen.push(m));
    await channel.consume(q2, (m) => m && seen.push(m));
    await eventually(() => seen.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toHaveLength(2);
    // Freeing a slot of the one queue lets the other's consumer go on.
    channel.ack(seen[0]);
    await eventually(() => seen.length === 3);
    // Acking as they come lets the rest through, never more than two out at once.
    while (seen.length < 6) {
      const before = seen.length;
      expect(shared.fixture.broker.getQueue(q1).messagesUnacked + shared.fixture.broker.getQueue(q2).messagesUnacked).toBeLessThanOrEqual(2);
      channel.ackAll();
      await eventually(() => seen.length > before);
    }
    channel.ackAll();
    await channel.close();
  });

  it('per-consumer prefetch bounds each consumer', async () => {
    const channel = await shared.connection.createChannel();
    const queue = unique('perconsumer');
    await channel.assertQueue(queue);
    await fill(channel, queue, ['1', '2', '3', '4', '5']);
    await channel.prefetch(3);
    const seen: ConsumeMessage[] = [];
    await channel.consume(queue, (m) => m && seen.push(m));
    await eventually(() => seen.length === 3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(shared.fixture.broker.getQueue(queue)).toMatchObject({ messagesReady: 2, messagesUnacked: 3 });
    await channel.close();
  });
});

describe('queue features over AMQP', () => {
  it('dead-letters a rejected message with x-death in RabbitMQ’s AMQP types', async () => {
    const channel = await shared.connection.createChannel();
    const [dlx, work, dead] = [unique('dlx'), unique('work'), unique('dead')];
    await channel.assertExchange(dlx, 'fanout', { durable: false });
    await channel.assertQueue(dead);
    await channel.bindQueue(dead, dlx, '');
    await channel.assertQueue(work, { deadLetterExchange: dlx });
    channel.publish('', work, Buffer.from('bad'), { headers: { 'x-tenant': 't1' } });
    const seen: ConsumeMessage[] = [];
    await channel.consume(work, (m) => m && seen.push(m));
    await eventually(() => seen.length === 1);
    channel.nack(seen[0], false, false);
    const deadMessage = (await eventually(async () => (await channel.get(dead, { noAck: true })) || undefined)) as GetMessage;
    const headers = deadMessage.properties.headers!;
    expect(headers['x-tenant']).toBe('t1');
    expect(headers['x-first-death-reason']).toBe('rejected');
    const [entry] = headers['x-death'] as unknown as Record<string, unknown>[];
    expect(entry).toMatchObject({ queue: work, reason: 'rejected', count: 1, exchange: '', 'routing-keys': [work] });
    // amqplib marks a field of AMQP type timestamp ('T'); its value is in seconds.
    expect(entry.time).toEqual({ '!': 'timestamp', value: expect.any(Number) });
    expect(Math.abs((entry.time as { value: number }).value - Date.now() / 1000)).toBeLessThan(60);
    await channel.close();
  });

  it('expires messages by queue TTL and per-message expiration, dead-lettering them as expired', async () => {
    const channel = await shared.connection.createChannel();
    const [ttl, dead] = [unique('ttl'), unique('expired')];
    await channel.assertQueue(dead);
    await channel.assertQueue(ttl, { messageTtl: 60_000, deadLetterExchange: '', deadLetterRoutingKey: dead });
    channel.sendToQueue(ttl, Buffer.from('short'), { expiration: '30' });
    channel.sendToQueue(ttl, Buffer.from('long'));
    const expired = (await eventually(async () => (await channel.get(dead, { noAck: true })) || undefined)) as GetMessage;
    expect(expired.content.toString()).toBe('short');
    expect((expired.properties.headers!['x-death'] as unknown as Record<string, unknown>[])[0]).toMatchObject({ reason: 'expired', 'original-expiration': '30' });
    expect(expired.properties.expiration).toBeUndefined();
    expect(shared.fixture.broker.getQueue(ttl).messagesReady).toBe(1);

    const short = unique('ttl-queue');
    await channel.assertQueue(short, { messageTtl: 30, deadLetterExchange: '', deadLetterRoutingKey: dead });
    channel.sendToQueue(short, Buffer.from('queue ttl'));
    const byQueue = (await eventually(async () => (await channel.get(dead, { noAck: true })) || undefined)) as GetMessage;
    expect(byQueue.content.toString()).toBe('queue ttl');
    expect((byQueue.properties.headers!['x-death'] as unknown as Record<string, unknown>[])[0]).toMatchObject({ reason: 'expired', queue: short });
    await channel.close();
  });

  it('delivers higher priorities first up to x-max-priority', async () => {
    const channel = await shared.connection.createChannel();
    const queue = unique('prio');
    await channel.assertQueue(queue, { maxPriority: 5 });
    for (const [body, priority] of [['low', 1], ['none', 0], ['high', 5], ['capped', 9], ['mid', 3]] as const) {
      channel.sendToQueue(queue, Buffer.from(body), { priority });
    }
    await eventually(() => shared.fixture.broker.getQueue(queue).messagesReady === 5);
    const order = (await getAll(channel, queue)).map((m) => m.content.toString());
    expect(order).toEqual(['high', 'capped', 'mid', 'low', 'none']);
    await channel.close();
  });

  it('x-max-length drops the head (dead-lettered as maxlen)', async () => {
    const channel = await shared.connection.createChannel();
    const [queue, dead] = [unique('maxlen'), unique('maxlen-dead')];
    await channel.assertQueue(dead);
    await channel.assertQueue(queue, { maxLength: 2, deadLetterExchange: '', deadLetterRoutingKey: dead });
    await fill(channel, queue, []);
    for (const body of ['1', '2', '3']) channel.sendToQueue(queue, Buffer.from(body));
    await eventually(() => shared.fixture.broker.getQueue(dead).messagesReady === 1);
    expect((await getAll(channel, queue)).map((m) => m.content.toString())).toEqual(['2', '3']);
    const [dropped] = await getAll(channel, dead);
    expect((dropped.properties.headers!['x-death'] as unknown as Record<string, unknown>[])[0].reason).toBe('maxlen');
    await channel.close();
  });

  it('carries every content property through', async () => {
    const channel = await shared.connection.createChannel();
    const queue = unique('props');
    await channel.assertQueue(queue);
    const properties = {
      contentType: 'application/json',
      contentEncoding: 'utf-8',
      headers: { s: 'x', n: 42, big: 2 ** 40, f: 1.5, b: true, nested: { a: [1, 'two'] } },
      deliveryMode: 2,
      priority: 0,
      correlationId: 'corr',
      replyTo: 'reply',
      expiration: '60000',
      messageId: 'mid',
      timestamp: 1_700_000_000,
      type: 'kind',
      userId: 'admin',
      appId: 'tests',
    };
    channel.sendToQueue(queue, Buffer.from('{}'), properties);
    const message = (await eventually(async () => (await channel.get(queue, { noAck: true })) || undefined)) as GetMessage;
    expect(message.properties).toMatchObject(properties);
    await channel.close();
  });

  it('deletes an exclusive queue when its connection closes, and an auto-delete queue with its last consumer', async () => {
    const own = await amqp.connect(shared.fixture.url);
    const channel = await own.createChannel();
    const { queue: exclusive } = await channel.assertQueue('', { exclusive: true });
    const autoDelete = unique('auto');
    await channel.assertQueue(autoDelete, { autoDelete: true });
    const { consumerTag } = await channel.consume(autoDelete, () => undefined);
    await channel.cancel(consumerTag);
    expect(shared.fixture.broker.findQueueInfo(autoDelete)).toBeUndefined();
    expect(shared.fixture.broker.findQueueInfo(exclusive)).toBeDefined();
    await own.close();
    await eventually(() => shared.fixture.broker.findQueueInfo(exclusive) === undefined);
  });

  it('logs in with AMQPLAIN too', async () => {
    const plain = await amqp.connect(shared.fixture.url, { credentials: amqp.credentials.amqplain('admin', TEST_TOKEN) });
    const channel = await plain.createChannel();
    await channel.checkExchange('amq.topic');
    await plain.close();
  });
});
