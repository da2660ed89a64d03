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

/**
 * amqplib's publish always leaves cluster-id out (it sets it undefined); its channel's sendMessage, which publish
 * calls, encodes whatever basic properties it is given, so the property still goes over the wire from amqplib.
 */
function sendWithClusterId(channel: Channel, queue: string, content: Buffer, properties: Record<string, unknown> & { clusterId: string }): void {
  const fields = { exchange: '', routingKey: queue, mandatory: false, immediate: false, ticket: 0 };
  (channel as unknown as { sendMessage(fields: object, properties: object, content: Buffer): void }).sendMessage(fields, properties, content);
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

  it('carries cluster-id to a consumer (deprecated in 0-9-1, but RabbitMQ passes it through)', async () => {
    const channel = await shared.connection.createChannel();
    const queue = unique('cluster-id');
    await channel.assertQueue(queue);
    const received = new Promise<ConsumeMessage>((resolve) => void channel.consume(queue, (m) => m && resolve(m), { noAck: true }));
    sendWithClusterId(channel, queue, Buffer.from('x'), { clusterId: 'cluster-b', messageId: 'with-cluster', deliveryMode: 2 });
    const message = await received;
    expect(message.content.toString()).toBe('x');
    expect(message.properties).toMatchObject({ clusterId: 'cluster-b', messageId: 'with-cluster', deliveryMode: 2 });
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

describe('consumer priorities (x-priority)', () => {
  it('deliver to the higher-priority consumer while it has room, to a lower one only while it is full', async () => {
    const setup = await shared.connection.createChannel();
    const queue = unique('consumer-priority');
    await setup.assertQueue(queue);
    // Each consumer on its own channel, one unacked delivery at a time; the default one (priority 0) comes first.
    const [lowChannel, highChannel] = [await shared.connection.createChannel(), await shared.connection.createChannel()];
    await lowChannel.prefetch(1);
    await highChannel.prefetch(1);
    const [low, high]: ConsumeMessage[][] = [[], []];
    await lowChannel.consume(queue, (m) => m && low.push(m));
    await highChannel.consume(queue, (m) => m && high.push(m), { priority: 10 });

    for (const body of ['m1', 'm2', 'm3', 'm4']) setup.sendToQueue(queue, Buffer.from(body));
    await eventually(() => high.length === 1 && low.length === 1);
    expect([high[0].content.toString(), low[0].content.toString()]).toEqual(['m1', 'm2']);
    expect(shared.fixture.broker.getQueue(queue)).toMatchObject({ messagesReady: 2, messagesUnacked: 2 });

    // Acking frees the higher one: the rest go to it, not to the lower one that still holds m2.
    highChannel.ack(high[0]);
    await eventually(() => high.length === 2);
    highChannel.ack(high[1]);
    await eventually(() => high.length === 3);
    expect(high.map((m) => m.content.toString())).toEqual(['m1', 'm3', 'm4']);
    expect(low).toHaveLength(1);
    await Promise.all([setup.close(), lowChannel.close(), highChannel.close()]);
  });

  it('refuse an x-priority that is not an integer with 406 PRECONDITION_FAILED, as RabbitMQ does', async () => {
    const setup = await shared.connection.createChannel();
    const queue = unique('bad-priority');
    await setup.assertQueue(queue);
    for (const bad of ['high', 1.5]) {
      const channel = await shared.connection.createChannel();
      channel.on('error', () => undefined);
      const error = await channel.consume(queue, () => undefined, { arguments: { 'x-priority': bad } }).then(
        () => undefined,
        (e: { code: number; message: string }) => e,
      );
      expect(error?.code).toBe(406);
      expect(error?.message).toContain(`invalid arg 'x-priority' for queue '${queue}'`);
    }
    expect(shared.fixture.broker.getQueue(queue).consumers).toBe(0);
    await setup.close();
  });
});
