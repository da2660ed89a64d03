/** The listener's life: its one startup line, a taken port, shutdown, heartbeats and connection.blocked. */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import amqp, { type ConsumeMessage } from 'amqplib';
import { afterEach, describe, expect, it } from 'vitest';
import type { SharedStore, Store } from '../engine';
import { SqliteStore } from '../store/sqlite-store';
import { FRAME_HEARTBEAT } from './codec';
import { AmqpListener } from './listener';
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

describe('starting and stopping', () => {
  it('says where it listens in one line', async () => {
    const lines: string[] = [];
    const fixture = await start({ listener: { log: (line) => lines.push(line) } });
    expect(lines).toEqual([`AMQP listening on amqp://127.0.0.1:${fixture.port}`]);
  });

  it('a taken port gives one clear warning and a listener without a port; the broker is untouched', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const fixture = await start();
      const warnings: string[] = [];
      const listener = await AmqpListener.start({
        host: '127.0.0.1',
        port,
        authenticate: (user, password, peer) => fixture.access.authenticator.login({ user, password, peer }),
        openVhost: () => fixture.broker,
        policy: fixture.access.policy,
        maxMessageBytes: 1024,
        log: () => undefined,
        warn: (line) => warnings.push(line),
      });
      expect(listener.port).toBeUndefined();
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`AMQP port ${port} on 127.0.0.1 is already in use`);
      expect(listener.listConnections()).toEqual([]);
      await listener.close();
      await fixture.broker.declareQueue(`still-works-${randomUUID()}`);
    } finally {
      blocker.close();
    }
  });

  it('close() ends every connection with 320 and gives their unacked messages back first', async () => {
    const fixture = await start();
    const queue = `shutdown-${randomUUID()}`;
    const connection = await amqp.connect(fixture.url);
    const closed = new Promise<Error & { code?: number }>((resolve) => connection.once('close', resolve));
    const channel = await connection.createChannel();
    await channel.assertQueue(queue);
    channel.sendToQueue(queue, Buffer.from('x'));
    const seen: ConsumeMessage[] = [];
    await channel.consume(queue, (m) => m && seen.push(m));
    await eventually(() => seen.length === 1);
    await fixture.listener.close();
    expect((await closed).code).toBe(320);
    expect(fixture.broker.getQueue(queue)).toMatchObject({ messagesReady: 1, messagesUnacked: 0 });
    expect(fixture.listener.port).toBeUndefined();
  });
});

describe('heartbeats', () => {
  it('sends heartbeats to an idle client and drops a client that stays silent', async () => {
    const fixture = await start();
    const { client, reply } = await RawClient.open(fixture.port, { heartbeat: 1 });
    expect(reply.name).toBe('connection.open-ok');
    const frame = await client.nextFrame(2000);
    expect(frame.type).toBe(FRAME_HEARTBEAT);
    // Never answering: after two intervals the server closes the socket (no connection.close, as RabbitMQ).
    await client.closed;
    await eventually(() => fixture.listener.listConnections().length === 0);
  }, 10_000);
});

describe('connection.blocked', () => {
  it('is sent while the store cannot write, publishes are nacked meanwhile, and unblocked follows', async () => {
    let failing = false;
    // Every vhost's store fails its commits while `failing`: the disk is full for all of them.
    const store = (real: SqliteStore): SharedStore =>
      new Proxy(real, {
        get(target, property, receiver) {
          if (property === 'forVhost') {
            return (vhost: string): Store => {
              const view = target.forVhost(vhost);
              return { ...view, commit: (batch) => (failing ? Promise.reject(new Error('disk full')) : view.commit(batch)) };
            };
          }
          const value = Reflect.get(target, property, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    const fixture = await start({ store });
    const connection = await amqp.connect(fixture.url);
    const events: string[] = [];
    connection.on('blocked', (reason: string) => events.push(`blocked: ${reason}`));
    connection.on('unblocked', () => events.push('unblocked'));
    const channel = await connection.createConfirmChannel();
    const queue = `blocked-${randomUUID()}`;
    await channel.assertQueue(queue);

    failing = true;
    const outcome = await new Promise<string>((resolve) => channel.sendToQueue(queue, Buffer.from('x'), {}, (error) => resolve(error ? 'nack' : 'ack')));
    expect(outcome).toBe('nack');
    await eventually(() => events.includes('blocked: storage cannot accept writes'));
    const whileBlocked = await new Promise<string>((resolve) => channel.sendToQueue(queue, Buffer.from('y'), {}, (error) => resolve(error ? 'nack' : 'ack')));
    expect(whileBlocked).toBe('nack');
    expect(fixture.listener.listConnections()[0].blocked).toBe(true);

    failing = false;
    await eventually(() => events.includes('unblocked'), 5000);
    const after = await new Promise<string>((resolve) => channel.sendToQueue(queue, Buffer.from('z'), {}, (error) => resolve(error ? 'nack' : 'ack')));
    expect(after).toBe('ack');
    await connection.close();
  }, 15_000);
});
