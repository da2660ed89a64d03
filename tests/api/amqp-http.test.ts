/**
 * One broker, two protocols: a message published over AMQP is consumed over HTTP with the same headers and properties,
 * and the other way round; a dead-lettered message's x-death reads the same over both, with AMQP's field types.
 */
import amqp, { type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ack, api, declareQueue, enc, receive, send, unique } from './http';

let connection: ChannelModel;

beforeAll(async () => {
  connection = await amqp.connect(inject('amqpUrl'));
});

afterAll(async () => {
  await connection?.close().catch(() => undefined);
});

async function consumeOne(queue: string): Promise<ConsumeMessage> {
  const channel = await connection.createChannel();
  try {
    return await new Promise<ConsumeMessage>((resolve) => {
      void channel.consume(queue, (message) => message && resolve(message), { noAck: true });
    });
  } finally {
    await channel.close();
  }
}

/**
 * amqplib's publish always leaves cluster-id out (it sets it undefined); its channel's sendMessage, which publish
 * calls, encodes whatever basic properties it is given, so the property still goes over the wire from amqplib.
 */
function sendWithClusterId(channel: Channel, queue: string, content: Buffer, properties: Record<string, unknown> & { clusterId: string }): void {
  const fields = { exchange: '', routingKey: queue, mandatory: false, immediate: false, ticket: 0 };
  (channel as unknown as { sendMessage(fields: object, properties: object, content: Buffer): void }).sendMessage(fields, properties, content);
}

describe('AMQP and HTTP on the same broker', () => {
  it('a message published over AMQP is received over HTTP with its headers and properties', async () => {
    const queue = unique('amqp-to-http');
    await declareQueue(queue);
    const channel = await connection.createConfirmChannel();
    channel.sendToQueue(queue, Buffer.from('{"hello":"http"}'), {
      headers: { tenant: 'acme', attempt: 3, ratio: 0.5, flag: true, tags: ['a', 'b'], nested: { k: 'v' } },
      messageId: 'm-1',
      correlationId: 'c-1',
      replyTo: 'replies',
      contentType: 'application/json',
      contentEncoding: 'identity',
      type: 'greeting',
      appId: 'amqp-test',
      priority: 3,
      persistent: true,
      timestamp: 1_700_000_000,
    });
    await channel.waitForConfirms();
    await channel.close();

    const [delivery] = await receive(queue, { waitMs: 2000 });
    expect(delivery).toMatchObject({
      messageId: 'm-1',
      exchange: '',
      routingKey: queue,
      payload: '{"hello":"http"}',
      redelivered: false,
      properties: {
        headers: { tenant: 'acme', attempt: 3, ratio: 0.5, flag: true, tags: ['a', 'b'], nested: { k: 'v' } },
        messageId: 'm-1',
        correlationId: 'c-1',
        replyTo: 'replies',
        contentType: 'application/json',
        type: 'greeting',
        appId: 'amqp-test',
        priority: 3,
        persistent: true,
        // AMQP's timestamp is in seconds, the API's in milliseconds.
        timestamp: 1_700_000_000_000,
      },
    });
  });

  it('a message published over HTTP is consumed over AMQP with its headers and properties', async () => {
    const queue = unique('http-to-amqp');
    await declareQueue(queue);
    await send(queue, 'from http', {
      properties: {
        headers: { tenant: 'acme', attempt: 3, tags: ['a'] },
        messageId: 'h-1',
        correlationId: 'c-2',
        replyTo: 'replies',
        contentType: 'text/plain',
        type: 'note',
        appId: 'http-test',
        priority: 2,
        expirationMs: 60_000,
        timestamp: 1_700_000_000_000,
      },
    });
    const message = await consumeOne(queue);
    expect(message.content.toString()).toBe('from http');
    expect(message.fields).toMatchObject({ exchange: '', routingKey: queue, redelivered: false });
    expect(message.properties).toMatchObject({
      headers: { tenant: 'acme', attempt: 3, tags: ['a'] },
      messageId: 'h-1',
      correlationId: 'c-2',
      replyTo: 'replies',
      contentType: 'text/plain',
      type: 'note',
      appId: 'http-test',
      priority: 2,
      expiration: '60000',
      deliveryMode: 2,
      timestamp: 1_700_000_000,
    });
  });

  it('cluster-id goes through both ways: set over AMQP it shows over HTTP, set over HTTP it reaches an AMQP consumer', async () => {
    const queue = unique('cluster-id');
    await declareQueue(queue);
    const channel = await connection.createConfirmChannel();
    sendWithClusterId(channel, queue, Buffer.from('clustered'), { clusterId: 'cluster-a', messageId: 'cl-1', deliveryMode: 2 });
    await channel.waitForConfirms();
    await channel.close();
    const [delivery] = await receive(queue, { waitMs: 2000 });
    expect(delivery).toMatchObject({ payload: 'clustered', properties: { clusterId: 'cluster-a', messageId: 'cl-1', persistent: true } });
    expect(await ack(queue, [delivery.deliveryTag])).toBe(1);

    await send(queue, 'from http', { properties: { clusterId: 'cluster-b', messageId: 'cl-2' } });
    const message = await consumeOne(queue);
    expect(message.properties).toMatchObject({ clusterId: 'cluster-b', messageId: 'cl-2' });
  });

  it('a message nacked over HTTP carries x-death over AMQP in RabbitMQ’s types; one rejected over AMQP shows it over HTTP', async () => {
    const [work, dead] = [unique('dl-work'), unique('dl-dead')];
    await declareQueue(dead);
    await declareQueue(work, { arguments: { deadLetterExchange: '', deadLetterRoutingKey: dead } });
    await send(work, 'doomed');
    const [delivery] = await receive(work);
    const nacked = await api('POST', `/queues/${enc(work)}/nack`, { body: { deliveryTags: [delivery.deliveryTag], requeue: false } });
    expect(nacked.body).toEqual({ nacked: 1 });

    const message = await consumeOne(dead);
    const [death] = message.properties.headers!['x-death'] as unknown as Record<string, unknown>[];
    expect(death).toMatchObject({ queue: work, reason: 'rejected', count: 1, exchange: '', 'routing-keys': [work] });
    // amqplib marks an AMQP timestamp ('T'); RabbitMQ writes x-death's time as one, in seconds.
    expect(death.time).toEqual({ '!': 'timestamp', value: expect.any(Number) });

    // The other way: rejected by an AMQP consumer, read over HTTP.
    const channel = await connection.createChannel();
    channel.sendToQueue(work, Buffer.from('doomed again'));
    const again = await new Promise<ConsumeMessage>((resolve) => void channel.consume(work, (m) => m && resolve(m)));
    channel.reject(again, false);
    const [overHttp] = await receive(dead, { waitMs: 2000 });
    expect(overHttp.payload).toBe('doomed again');
    expect(overHttp.properties.headers['x-death']).toEqual([
      { queue: work, reason: 'rejected', count: 1, exchange: '', 'routing-keys': [work], time: expect.any(Number) },
    ]);
    expect(overHttp.properties.headers['x-death'][0].time).toBeLessThan(Date.now() / 100);
    await channel.close();
  });

  it('a consumer over AMQP shows up in the HTTP API as kind amqp, with its prefetch and priority', async () => {
    const queue = unique('amqp-consumer');
    await declareQueue(queue);
    const channel = await connection.createChannel();
    await channel.prefetch(7);
    await channel.consume(queue, () => undefined, { priority: 5 });
    const answer = await api('GET', `/consumers?queue=${enc(queue)}`);
    expect(answer.body).toEqual([expect.objectContaining({ queue, kind: 'amqp', prefetch: 7, priority: 5, connectionId: expect.any(String) })]);
    await channel.close();
  });
});
