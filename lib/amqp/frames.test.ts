/** Malformed, oversize and unexpected frames, unknown methods and abrupt disconnects, over a raw socket. */
import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeContent, encodeFrame, FRAME_BODY, FRAME_HEADER, FRAME_HEARTBEAT, FRAME_METHOD, PROTOCOL_HEADER } from './codec';
import { eventually, startAmqp, type AmqpFixture } from './test-support/amqp-fixture';
import { RawClient } from './test-support/raw-client';

let fixture: AmqpFixture;

beforeAll(async () => {
  fixture = await startAmqp({ listener: { frameMax: 8192, channelMax: 16 } });
});

afterAll(async () => {
  await fixture?.cleanup();
});

const unique = (prefix: string) => `${prefix}-${randomUUID()}`;

async function opened(): Promise<RawClient> {
  const { client, reply } = await RawClient.open(fixture.port);
  expect(reply.name).toBe('connection.open-ok');
  client.method(1, 'channel.open');
  await client.expect('channel.open-ok');
  return client;
}

/** After each bad frame, the server still serves a real client. */
async function serverStillWorks(): Promise<void> {
  const connection = await amqp.connect(fixture.url);
  const channel = await connection.createChannel();
  await channel.checkExchange('amq.direct');
  await connection.close();
}

describe('the protocol header', () => {
  it('a wrong header is answered with ours and the socket closed', async () => {
    const client = await RawClient.connect(fixture.port, false);
    client.write(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    await client.closed;
    expect(client.raw).toEqual(PROTOCOL_HEADER);
    const older = await RawClient.connect(fixture.port, false);
    older.write(Buffer.from([0x41, 0x4d, 0x51, 0x50, 1, 1, 8, 0]));
    await older.closed;
    expect(older.raw).toEqual(PROTOCOL_HEADER);
  });
});

describe('negotiation', () => {
  it('530 NOT_ALLOWED: a vhost that does not exist, frame-max above the server’s, a channel above channel-max', async () => {
    const vhost = await RawClient.open(fixture.port, { vhost: 'other' });
    expect(vhost.reply.name).toBe('connection.close');
    // RabbitMQ 3.10's text, unquoted, naming connection.open.
    expect(vhost.reply.args).toEqual({ replyCode: 530, replyText: 'NOT_ALLOWED - vhost other not found', classId: 10, methodId: 40 });

    const big = await RawClient.open(fixture.port, { frameMax: 1_000_000 });
    expect(big.reply.args.replyCode).toBe(530);
    const small = await RawClient.open(fixture.port, { frameMax: 1000 });
    expect(small.reply.args.replyCode).toBe(530);

    const { client } = await RawClient.open(fixture.port);
    client.method(17, 'channel.open');
    expect((await client.connectionClose()).replyCode).toBe(530);
    const { client: one } = await RawClient.open(fixture.port, { channelMax: 1 });
    one.method(1, 'channel.open');
    await one.expect('channel.open-ok');
    one.method(2, 'channel.open');
    expect(await one.connectionClose()).toMatchObject({ replyCode: 530, replyText: 'NOT_ALLOWED - number of channels opened (1) has reached the negotiated channel_max (1)' });
    await serverStillWorks();
  });
});

describe('bad frames close the connection with the right code', () => {
  const cases: [string, number, (client: RawClient) => void][] = [
    ['a frame larger than frame-max (501)', 501, (c) => c.write(Buffer.concat([Buffer.from([1, 0, 1]), Buffer.from([0, 1, 0, 0])]))],
    ['a bad frame-end octet (501)', 501, (c) => c.write(Buffer.from([FRAME_METHOD, 0, 1, 0, 0, 0, 4, 0, 60, 0, 40, 0x00]))],
    ['an unknown frame type (501)', 501, (c) => c.write(Buffer.from([9, 0, 1, 0, 0, 0, 0, 0xce]))],
    ['a heartbeat on a channel (501)', 501, (c) => c.frame(FRAME_HEARTBEAT, 1, Buffer.alloc(0))],
    ['a truncated method (502)', 502, (c) => c.frame(FRAME_METHOD, 1, Buffer.from([0, 50, 0, 10, 0, 0, 200]))],
    ['a method of class basic on channel 0 (503)', 503, (c) => c.method(0, 'basic.qos', { prefetchCount: 1 })],
    ['a method on a channel never opened (504)', 504, (c) => c.method(5, 'basic.qos', { prefetchCount: 1 })],
    ['a second channel.open (504)', 504, (c) => c.method(1, 'channel.open')],
    ['a content header without basic.publish (505)', 505, (c) => c.frame(FRAME_HEADER, 1, Buffer.from([0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0]))],
    ['a body frame without basic.publish (505)', 505, (c) => c.frame(FRAME_BODY, 1, Buffer.from('x'))],
    ['a method where the content header should be (505)', 505, (c) => {
      c.method(1, 'basic.publish', { exchange: '', routingKey: 'q' });
      c.method(1, 'basic.qos', { prefetchCount: 1 });
    }],
    ['an unknown method (540)', 540, (c) => c.frame(FRAME_METHOD, 1, Buffer.from([0, 60, 0, 99]))],
    ['basic.recover with requeue=false (540)', 540, (c) => c.method(1, 'basic.recover', { requeue: false })],
    ['basic.qos with a prefetch size (540)', 540, (c) => c.method(1, 'basic.qos', { prefetchSize: 10, prefetchCount: 1 })],
    ['a client sending basic.deliver (503)', 503, (c) => c.method(1, 'basic.deliver', { consumerTag: 'x', deliveryTag: 1 })],
  ];

  for (const [name, code, send] of cases) {
    it(name, async () => {
      const client = await opened();
      send(client);
      const close = await client.connectionClose();
      expect(close.replyCode).toBe(code);
      expect(close.replyText).toMatch(/^[A-Z_]+ - /);
      await client.closed;
      await serverStillWorks();
    });
  }

  it('the failing method is named in connection.close', async () => {
    const client = await opened();
    client.frame(FRAME_METHOD, 1, Buffer.from([0, 60, 0, 99]));
    expect(await client.connectionClose()).toMatchObject({ replyCode: 540, classId: 0, methodId: 0 });
    const qos = await opened();
    qos.method(1, 'basic.qos', { prefetchSize: 10, prefetchCount: 1 });
    expect(await qos.connectionClose()).toMatchObject({ replyCode: 540, classId: 60, methodId: 10 });
  });
});

describe('channel close', () => {
  it('both sides closing a channel at once leaves the connection usable', async () => {
    const client = await opened();
    client.method(1, 'basic.get', { queue: unique('missing') });
    client.method(1, 'channel.close', { replyCode: 200, replyText: 'bye' });
    const close = await client.expect('channel.close');
    expect(close.args).toMatchObject({ replyCode: 404, classId: 60, methodId: 70 });
    client.method(1, 'channel.close-ok');
    await client.expect('channel.close-ok');
    client.method(1, 'channel.open');
    await client.expect('channel.open-ok');
    client.method(1, 'queue.declare', { queue: unique('after') });
    expect((await client.expect('queue.declare-ok')).channel).toBe(1);
    client.destroy();
  });
});

describe('transactions (tx.select)', () => {
  function publish(client: RawClient, queue: string, body: string): void {
    client.method(1, 'basic.publish', { exchange: '', routingKey: queue });
    client.write(encodeContent(1, { deliveryMode: 2 }, Buffer.from(body), 8192));
  }

  it('holds publishes and acks until tx.commit; tx.rollback drops publishes and gives acked deliveries back', async () => {
    const queue = unique('tx');
    await fixture.broker.declareQueue(queue);
    const client = await opened();
    client.method(1, 'tx.select');
    await client.expect('tx.select-ok');
    publish(client, queue, 'one');
    publish(client, queue, 'two');
    client.method(1, 'basic.qos', { prefetchCount: 0 });
    await client.expect('basic.qos-ok');
    expect(fixture.broker.getQueue(queue).messagesReady).toBe(0);
    client.method(1, 'tx.commit');
    await client.expect('tx.commit-ok');
    expect(fixture.broker.getQueue(queue).messagesReady).toBe(2);

    client.method(1, 'basic.get', { queue });
    const got = await client.expect('basic.get-ok');
    publish(client, queue, 'three');
    client.method(1, 'basic.ack', { deliveryTag: got.args.deliveryTag });
    client.method(1, 'tx.rollback');
    await client.expect('tx.rollback-ok');
    expect(fixture.broker.getQueue(queue)).toMatchObject({ messagesReady: 1, messagesUnacked: 1 });
    client.method(1, 'basic.ack', { deliveryTag: got.args.deliveryTag });
    client.method(1, 'tx.commit');
    await client.expect('tx.commit-ok');
    expect(fixture.broker.getQueue(queue)).toMatchObject({ messagesReady: 1, messagesUnacked: 0 });

    client.method(1, 'confirm.select');
    const refused = await client.expect('channel.close');
    expect(refused.args).toMatchObject({ replyCode: 406, replyText: 'PRECONDITION_FAILED - cannot switch from tx to confirm mode' });
    client.destroy();
  });

  it('tx.commit on a channel that is not transactional is 406', async () => {
    const client = await opened();
    client.method(1, 'tx.commit');
    expect((await client.expect('channel.close')).args).toMatchObject({ replyCode: 406, replyText: 'PRECONDITION_FAILED - channel is not transactional' });
    client.destroy();
  });
});

describe('abrupt disconnects', () => {
  it('a socket destroyed mid-frame gives its unacked deliveries back, redelivered; other connections go on', async () => {
    const queue = unique('abrupt');
    const setup = await amqp.connect(fixture.url);
    const channel = await setup.createChannel();
    await channel.assertQueue(queue);
    for (const body of ['a', 'b', 'c']) channel.sendToQueue(queue, Buffer.from(body));
    await eventually(() => fixture.broker.getQueue(queue).messagesReady === 3);

    const client = await opened();
    client.method(1, 'basic.consume', { queue, consumerTag: 'raw' });
    await client.expect('basic.consume-ok');
    await client.expect('basic.deliver');
    await eventually(() => fixture.broker.getQueue(queue).messagesUnacked === 3);
    // Half a publish: method, then a header frame cut off in the middle.
    client.method(1, 'basic.publish', { exchange: '', routingKey: queue });
    client.write(encodeFrame(FRAME_HEADER, 1, Buffer.alloc(40)).subarray(0, 20));
    client.destroy();

    await eventually(() => fixture.broker.getQueue(queue).messagesReady === 3);
    const redelivered: boolean[] = [];
    await channel.consume(queue, (m) => m && redelivered.push(m.fields.redelivered), { noAck: true });
    await eventually(() => redelivered.length === 3);
    expect(redelivered).toEqual([true, true, true]);
    expect(fixture.listener.listConnections().map((c) => c.peer)).toHaveLength(1);
    await setup.close();
  });
});

describe('a client that reads slowly', () => {
  it('is not sent more than the socket holds: deliveries pause until it drains', async () => {
    const queue = unique('slow-reader');
    await fixture.broker.declareQueue(queue, { durable: false });
    const payload = Buffer.alloc(512 * 1024, 'x');
    for (let i = 0; i < 40; i++) await fixture.broker.publish({ exchange: '', routingKey: queue, payload, properties: { persistent: false } });
    const client = await opened();
    client.method(1, 'basic.consume', { queue, consumerTag: 'slow', noAck: true });
    await client.expect('basic.consume-ok');
    client.socket.pause();
    await new Promise((resolve) => setTimeout(resolve, 200));
    // 20 MiB waiting; the server stopped after a few MiB in its socket (plus what the kernel buffers took).
    expect(fixture.broker.getQueue(queue).messagesReady).toBeGreaterThan(0);
    client.socket.resume();
    await eventually(() => fixture.broker.getQueue(queue).messagesReady === 0, 10_000);
    client.destroy();
  });
});

describe('x-death on the wire', () => {
  it('is an array of tables with count a long (l), time a timestamp (T) and routing-keys an array (A)', async () => {
    const [work, dead] = [unique('xd-work'), unique('xd-dead')];
    await fixture.broker.declareQueue(dead, {});
    await fixture.broker.declareQueue(work, { arguments: { deadLetterExchange: '', deadLetterRoutingKey: dead } });
    await fixture.broker.publish({ exchange: '', routingKey: work, payload: Buffer.from('x') });
    const [delivery] = await fixture.broker.receive(work, { max: 1 });
    await fixture.broker.nack(work, [delivery.deliveryTag], false);

    const client = await opened();
    client.method(1, 'basic.get', { queue: dead, noAck: true });
    await client.expect('basic.get-ok');
    const header = await client.nextFrame();
    expect(header.type).toBe(FRAME_HEADER);
    const bytes = header.payload;
    expect(bytes.includes(Buffer.concat([Buffer.from([7]), Buffer.from('x-deathA')]))).toBe(true);
    expect(bytes.includes(Buffer.concat([Buffer.from([5]), Buffer.from('countl')]))).toBe(true);
    expect(bytes.includes(Buffer.concat([Buffer.from([4]), Buffer.from('timeT')]))).toBe(true);
    expect(bytes.includes(Buffer.concat([Buffer.from([12]), Buffer.from('routing-keysA')]))).toBe(true);
    client.destroy();
  });
});
