/**
 * What one connection may make the server hold: unfinished bodies across channels, uncommitted transactions, and
 * publishes waiting for the store (flow control); and a publisher blocked by the memory alarm while consumers drain.
 */
import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import { afterEach, describe, expect, it } from 'vitest';
import type { SharedStore, Store } from '../engine';
import { ResourceAlarm } from '../engine/resource-alarm';
import type { SqliteStore } from '../store/sqlite-store';
import { encodeContent, FRAME_BODY, FRAME_HEADER, REPLY } from './codec';
import type { AmqpConnection } from './connection';
import { eventually, startAmqp, type AmqpFixture } from './test-support/amqp-fixture';
import { RawClient } from './test-support/raw-client';

const fixtures: AmqpFixture[] = [];
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.cleanup()));
});

async function start(...args: Parameters<typeof startAmqp>): Promise<AmqpFixture> {
  const fixture = await startAmqp(...args);
  fixtures.push(fixture);
  return fixture;
}

/** The server side of the fixture's connections (the listener does not show why a socket is paused). */
function serverConnections(fixture: AmqpFixture): AmqpConnection[] {
  return [...(fixture.listener as unknown as { connections: Map<string, AmqpConnection> }).connections.values()];
}

const KiB = 1024;

describe('unfinished message bodies', () => {
  it('are bounded across the channels of a connection: the header that would go over gets 406, the others complete', async () => {
    // maxMessageBytes is 1 MiB in the fixture: unfinished bodies may take 2 MiB together.
    const fixture = await start();
    const queue = `partial-${randomUUID()}`;
    await fixture.broker.declareQueue(queue, {});
    const { client } = await RawClient.open(fixture.port);
    const announce = (channel: number) => {
      client.method(channel, 'channel.open');
      client.method(channel, 'basic.publish', { exchange: '', routingKey: queue });
      client.frame(FRAME_HEADER, channel, contentHeader(1024 * KiB));
    };
    for (const channel of [1, 2, 3]) announce(channel);
    const replies = [await client.nextMethod(), await client.nextMethod(), await client.nextMethod(), await client.nextMethod()];
    const close = replies.find((reply) => reply.name === 'channel.close')!;
    expect(close.channel).toBe(3);
    expect(close.args.replyCode).toBe(REPLY.PRECONDITION_FAILED);
    expect(String(close.args.replyText)).toMatch(/unfinished message bodies over 2097152 bytes/);
    // Channels 1 and 2 finish their messages: both arrive whole.
    for (const channel of [1, 2]) {
      for (let sent = 0; sent < 1024 * KiB; sent += 64 * KiB) client.frame(FRAME_BODY, channel, Buffer.alloc(64 * KiB, channel));
    }
    await eventually(() => fixture.broker.getQueue(queue).messagesReady === 2);
    client.destroy();
  }, 15_000);
});

describe('transactions', () => {
  it('close the channel with 406 when uncommitted publishes go over the bound; the connection lives on', async () => {
    const fixture = await start({ listener: { limits: { txBytes: 1024 * KiB } } });
    const queue = `tx-${randomUUID()}`;
    await fixture.broker.declareQueue(queue, {});
    const { client } = await RawClient.open(fixture.port);
    client.method(1, 'channel.open');
    await client.expect('channel.open-ok');
    client.method(1, 'tx.select');
    await client.expect('tx.select-ok');
    const publish = (channel: number, i: number) => {
      client.method(channel, 'basic.publish', { exchange: '', routingKey: queue });
      client.write(encodeContent(channel, { deliveryMode: 2 }, Buffer.alloc(64 * KiB, i), 128 * KiB));
    };
    for (let i = 0; i < 64; i++) publish(1, i);
    const close = await client.expect('channel.close');
    expect(close.args.replyCode).toBe(REPLY.PRECONDITION_FAILED);
    expect(String(close.args.replyText)).toMatch(/uncommitted transactions of this connection would hold more than 1048576 bytes/);
    client.method(1, 'channel.close-ok');
    // Nothing of the transaction was applied, and its bytes were let go: a new channel may use the whole budget.
    expect(fixture.broker.getQueue(queue).messagesReady).toBe(0);
    const [server] = serverConnections(fixture);
    expect(server.budgets.tx.used).toBe(0);
    client.method(2, 'channel.open');
    await client.expect('channel.open-ok');
    client.method(2, 'tx.select');
    await client.expect('tx.select-ok');
    for (let i = 0; i < 8; i++) publish(2, i);
    client.method(2, 'tx.commit');
    await client.expect('tx.commit-ok');
    expect(fixture.broker.getQueue(queue).messagesReady).toBe(8);
    client.destroy();
  }, 15_000);
});

describe('flow control', () => {
  it('stops reading a publisher whose publishes wait for the store, and reads on once they are stored', async () => {
    let release: () => void = () => undefined;
    let held: Promise<void> | undefined;
    const store = (real: SqliteStore): SharedStore =>
      new Proxy(real, {
        get(target, property, receiver) {
          if (property === 'forVhost') {
            return (vhost: string): Store => {
              const view = target.forVhost(vhost);
              return { ...view, commit: async (batch) => (held ? held.then(() => view.commit(batch)) : view.commit(batch)) };
            };
          }
          const value = Reflect.get(target, property, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    const fixture = await start({ store, listener: { limits: { unstoredBytes: 256 * KiB } } });
    const queue = `flow-${randomUUID()}`;
    const setup = await amqp.connect(fixture.url);
    await (await setup.createChannel()).assertQueue(queue);
    await setup.close();

    held = new Promise<void>((resolve) => (release = resolve));
    const connection = await amqp.connect(fixture.url);
    const channel = await connection.createConfirmChannel();
    const confirmed: number[] = [];
    for (let i = 0; i < 100; i++) channel.sendToQueue(queue, Buffer.alloc(64 * KiB, i % 256), { persistent: true }, () => confirmed.push(i));
    const server = await eventually(() => serverConnections(fixture).find((c) => c.paused.includes('flow')));
    // Read so far: the bound and at most the rest of one socket chunk, not the 6.4 MB sent.
    expect(fixture.broker.getQueue(queue).messagesReady).toBeLessThanOrEqual(256 / 64 + 2);
    held = undefined;
    release();
    await eventually(() => confirmed.length === 100, 10_000);
    expect(confirmed).toEqual([...Array(100).keys()]);
    expect(server!.paused).toEqual([]);
    await connection.close();
  }, 20_000);
});

describe('frames behind an awaited method', () => {
  it('pause reading past the bound while the method waits, and all run in order once it is done', async () => {
    let release: () => void = () => undefined;
    let held: Promise<void> | undefined;
    const store = (real: SqliteStore): SharedStore =>
      new Proxy(real, {
        get(target, property, receiver) {
          if (property === 'forVhost') {
            return (vhost: string): Store => {
              const view = target.forVhost(vhost);
              return { ...view, commit: async (batch) => (held ? held.then(() => view.commit(batch)) : view.commit(batch)) };
            };
          }
          const value = Reflect.get(target, property, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    const fixture = await start({ store, listener: { limits: { backlogBytes: 16 * KiB } } });
    const { client } = await RawClient.open(fixture.port);
    client.method(1, 'channel.open');
    await client.expect('channel.open-ok');
    held = new Promise<void>((resolve) => (release = resolve));
    // A durable queue.declare is answered once stored: everything after it waits on the channel meanwhile.
    client.method(1, 'queue.declare', { queue: `held-${randomUUID()}`, durable: true, arguments: {} });
    for (let i = 1; i <= 500; i++) client.method(1, 'basic.qos', { prefetchSize: 0, prefetchCount: i, global: false });
    const server = await eventually(() => serverConnections(fixture).find((c) => c.paused.includes('backlog')));
    held = undefined;
    release();
    await client.expect('queue.declare-ok');
    for (let i = 1; i <= 500; i++) await client.expect('basic.qos-ok');
    expect(server!.paused).toEqual([]);
    client.destroy();
  }, 15_000);
});

describe('the memory alarm', () => {
  it('blocks publishing connections (connection.blocked, socket not read) while consumers drain, and unblocks them', async () => {
    const alarm = new ResourceAlarm();
    const fixture = await start({ listener: { alarm }, broker: { alarm } });
    const queue = `alarm-${randomUUID()}`;
    const publisher = await amqp.connect(fixture.url);
    const consumer = await amqp.connect(fixture.url);
    const events: string[] = [];
    publisher.on('blocked', (reason: string) => events.push(`publisher blocked: ${reason}`));
    publisher.on('unblocked', () => events.push('publisher unblocked'));
    consumer.on('blocked', () => events.push('consumer blocked'));
    const pub = await publisher.createConfirmChannel();
    await pub.assertQueue(queue);
    for (let i = 0; i < 10; i++) await new Promise<void>((resolve, reject) => pub.sendToQueue(queue, Buffer.from(`m${i}`), {}, (error) => (error ? reject(error) : resolve())));

    alarm.raise('memory', 'memory 2 GiB is over the high watermark 1 GiB');
    await eventually(() => events.includes('publisher blocked: low on memory'));
    const [publisherSide] = serverConnections(fixture).filter((c) => c.blocked);
    expect(publisherSide.paused).toContain('alarm');
    // A publish now waits unread in the socket: no confirm until the alarm clears.
    let lateConfirmed = false;
    pub.sendToQueue(queue, Buffer.from('late'), {}, () => (lateConfirmed = true));

    // The consumer drains the queue meanwhile; it published nothing, so it is not blocked.
    const ch = await consumer.createChannel();
    const got: string[] = [];
    await ch.consume(queue, (message) => {
      if (!message) return;
      got.push(message.content.toString());
      ch.ack(message);
    });
    await eventually(() => got.length === 10);
    expect(lateConfirmed).toBe(false);
    expect(events).toEqual(['publisher blocked: low on memory']);

    alarm.clear('memory');
    await eventually(() => events.includes('publisher unblocked') && lateConfirmed && got.length === 11);
    expect(got.at(-1)).toBe('late');
    expect(events).toEqual(['publisher blocked: low on memory', 'publisher unblocked']);
    await publisher.close();
    await consumer.close();
  }, 15_000);
});

/** A content header of class basic announcing `bodySize` bytes, no properties. */
function contentHeader(bodySize: number): Buffer {
  const header = Buffer.alloc(14);
  header.writeUInt16BE(60, 0);
  header.writeBigUInt64BE(BigInt(bodySize), 4);
  return header;
}
