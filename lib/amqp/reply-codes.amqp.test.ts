/** Every reply code the listener answers with, as amqplib sees it: which closes the channel, which the connection. */
import { randomUUID } from 'node:crypto';
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startAmqp, TEST_TOKEN, type AmqpFixture } from './test-support/amqp-fixture';

let fixture: AmqpFixture;
let connection: ChannelModel;

beforeAll(async () => {
  fixture = await startAmqp();
  connection = await amqp.connect(fixture.url);
  connection.on('error', () => undefined);
});

afterAll(async () => {
  await connection?.close().catch(() => undefined);
  await fixture?.cleanup();
});

const unique = (prefix: string) => `${prefix}-${randomUUID()}`;

async function channel(model: ChannelModel = connection): Promise<Channel> {
  const ch = await model.createChannel();
  ch.on('error', () => undefined);
  return ch;
}

/** The error an operation fails with (amqplib puts the reply code on `code`). */
async function failure(operation: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await operation;
  } catch (error) {
    return error as { code: number; message: string };
  }
  throw new Error('the operation succeeded');
}

/** The error a channel or connection is closed with. */
function closedWith(emitter: Channel | ChannelModel): Promise<{ code: number; message: string }> {
  return new Promise((resolve) => emitter.once('error', resolve));
}

describe('channel errors (the connection stays open)', () => {
  it('404 NOT_FOUND: passive declare of a missing queue or exchange, publish to a missing exchange', async () => {
    const missing = unique('missing');
    const error = await failure((await channel()).checkQueue(missing));
    expect(error.code).toBe(404);
    expect(error.message).toContain(`NOT_FOUND - no queue '${missing}' in vhost '/'`);
    expect((await failure((await channel()).checkExchange(missing))).message).toContain(`NOT_FOUND - no exchange '${missing}' in vhost '/'`);
    const ch = await channel();
    const closed = closedWith(ch);
    ch.publish(missing, 'k', Buffer.from('x'));
    expect((await closed).code).toBe(404);
    // The connection is still fine.
    await (await channel()).checkExchange('amq.direct');
  });

  it('403 ACCESS_REFUSED: amq.* names and the default exchange', async () => {
    expect((await failure((await channel()).assertExchange('amq.mine', 'direct'))).code).toBe(403);
    expect((await failure((await channel()).assertQueue('amq.mine'))).code).toBe(403);
    expect((await failure((await channel()).bindQueue('q', '', 'k'))).code).toBe(403);
  });

  it('405 RESOURCE_LOCKED: another connection’s exclusive queue', async () => {
    const { queue } = await (await channel()).assertQueue('', { exclusive: true });
    const other = await amqp.connect(fixture.url);
    try {
      const error = await failure((await channel(other)).checkQueue(queue));
      expect(error.code).toBe(405);
      expect(error.message).toContain('RESOURCE_LOCKED');
      expect((await failure((await channel(other)).consume(queue, () => undefined))).code).toBe(405);
    } finally {
      await other.close();
    }
  });

  it('406 PRECONDITION_FAILED: redeclare with other settings, unknown delivery tag, invalid expiration', async () => {
    const queue = unique('declared');
    await (await channel()).assertQueue(queue, { durable: true });
    expect((await failure((await channel()).assertQueue(queue, { durable: false }))).code).toBe(406);
    expect((await failure((await channel()).assertQueue(queue, { arguments: { 'x-max-length': 5 } }))).code).toBe(406);
    const exchange = unique('ex');
    await (await channel()).assertExchange(exchange, 'direct');
    expect((await failure((await channel()).assertExchange(exchange, 'fanout'))).code).toBe(406);

    const ackUnknown = await channel();
    const closed = closedWith(ackUnknown);
    ackUnknown.ack({ fields: { deliveryTag: 99 } } as never);
    const error = await closed;
    expect(error.code).toBe(406);
    expect(error.message).toContain('unknown delivery tag 99');

    const badExpiration = await channel();
    const closedToo = closedWith(badExpiration);
    badExpiration.sendToQueue(queue, Buffer.from('x'), { expiration: 'soon' });
    expect((await closedToo).code).toBe(406);
  });

  it('a message larger than the limit closes the channel with 406', async () => {
    const ch = await channel();
    const queue = unique('big');
    await ch.assertQueue(queue);
    const closed = closedWith(ch);
    ch.sendToQueue(queue, Buffer.alloc(1024 * 1024 + 1));
    const error = await closed;
    expect(error.code).toBe(406);
    expect(error.message).toContain('is larger than configured max size');
  });
});

describe('connection errors', () => {
  it('403 ACCESS_REFUSED: a wrong token does not log in', async () => {
    const error = await failure(amqp.connect(`amqp://admin:wrong@127.0.0.1:${fixture.port}`));
    expect(error.message).toMatch(/403|ACCESS.REFUSED/);
    const wrongUser = await failure(amqp.connect(`amqp://guest:${TEST_TOKEN}@127.0.0.1:${fixture.port}`));
    expect(wrongUser.message).toMatch(/403|ACCESS.REFUSED/);
  });

  it('320 CONNECTION_FORCED: closed from the console', async () => {
    const model = await amqp.connect(fixture.url, { clientProperties: { connection_name: 'to-be-closed' } });
    // amqplib reports a forced close on 'close' only, not as an 'error'.
    const closed = new Promise<{ code: number; message: string }>((resolve) => model.once('close', resolve));
    const info = fixture.listener.listConnections().find((c) => (c.clientProperties as { connection_name?: string }).connection_name === 'to-be-closed');
    expect(info).toBeDefined();
    expect(fixture.listener.closeConnection(info!.id, 'closed by an operator')).toBe(true);
    const error = await closed;
    expect(error.code).toBe(320);
    expect(error.message).toContain('CONNECTION_FORCED - closed by an operator');
    await eventually(() => fixture.listener.findConnection(info!.id) === undefined);
    expect(fixture.listener.closeConnection(info!.id, 'again')).toBe(false);
  });

  it('541 INTERNAL_ERROR: an unexpected engine failure closes the connection, and nothing else', async () => {
    const model = await amqp.connect(fixture.url);
    const ch = await channel(model);
    const closed = closedWith(model);
    const queue = unique('boom');
    await ch.assertQueue(queue);
    const broker = fixture.broker;
    const original = broker.purgeQueue;
    const errors: unknown[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    broker.purgeQueue = async () => {
      throw new Error('disk on fire');
    };
    try {
      await failure(ch.purgeQueue(queue));
      const error = await closed;
      expect(error.code).toBe(541);
      expect(error.message).not.toContain('disk on fire');
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      broker.purgeQueue = original;
      console.error = consoleError;
    }
    await (await channel()).checkQueue(queue);
  });
});
