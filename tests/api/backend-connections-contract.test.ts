/**
 * One vhost's AMQP connections and consumers over HTTP, the same on the embedded broker and on an attached RabbitMQ
 * cluster: a real amqplib client is listed with its channel and consumer, looked at, and closed with the reason it
 * then reads.
 */
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { backendTargets } from './backend-targets';
import { api, enc, errorCode, unique } from './http';

const targets = backendTargets('connections-contract');

describe.each(targets)('connections of a vhost on $name', (target) => {
  const path = (rest: string) => `${target.prefix}${rest}`;
  const queue = unique('connections-queue');

  beforeAll(async () => target.setUp?.(), 60_000);
  afterAll(async () => {
    await api('DELETE', path(`/queues/${enc(queue)}`));
    await target.tearDown?.();
  });

  it('lists a client with its channel and consumer, shows it, and closes it with the reason it reads', async () => {
    expect((await api('PUT', path(`/queues/${enc(queue)}`), { body: {} })).status).toBe(201);
    const name = unique('contract-client');
    const client = await amqp.connect(target.amqpUrl(), { clientProperties: { connection_name: name } });
    client.on('error', () => undefined);
    const closed = new Promise<Error | undefined>((resolve) => client.on('close', resolve));
    try {
      const channel = await client.createChannel();
      await channel.prefetch(7);
      await channel.consume(queue, () => undefined);

      // RabbitMQ's management figures lag a connection by a few seconds (more on a busy machine).
      let id = '';
      await vi.waitFor(
        async () => {
          const listed = await api('GET', path('/connections'));
          expect(listed.status, listed.text).toBe(200);
          const ours = listed.body.find((connection: { clientProperties: { connection_name?: string } }) => connection.clientProperties.connection_name === name);
          expect(ours).toMatchObject({ vhost: '/', channels: 1, consumers: 1, channelDetails: [{ consumers: 1, prefetch: 7 }] });
          id = ours.id;
        },
        { timeout: 40_000, interval: 250 },
      );
      const consumers = await api('GET', path(`/consumers?queue=${enc(queue)}`));
      expect(consumers.status, consumers.text).toBe(200);
      expect(consumers.body).toMatchObject([{ queue, kind: 'amqp', prefetch: 7, priority: 0 }]);
      expect(errorCode(await api('GET', path(`/consumers?queue=${enc(unique('no-such-queue'))}`)))).toBe('not_found');

      const one = await api('GET', path(`/connections/${enc(id)}`));
      expect(one.status, one.text).toBe(200);
      expect(one.body).toMatchObject({ id, vhost: '/', clientProperties: { connection_name: name } });

      const closing = await api('DELETE', path(`/connections/${enc(id)}`), { headers: { 'x-reason': 'contract test' } });
      expect(closing.status, closing.text).toBe(204);
      expect((await closed)?.message).toContain('contract test');
      await vi.waitFor(async () => expect(errorCode(await api('GET', path(`/connections/${enc(id)}`)))).toBe('not_found'), { timeout: 40_000, interval: 250 });
    } finally {
      await client.close().catch(() => undefined);
    }
    expect(errorCode(await api('DELETE', path(`/connections/${enc(unique('no-such-connection'))}`)))).toBe('not_found');
  }, 120_000);
});
