/** AMQP connections as the API shows them: real amqplib clients listed with their channels, closed with 320. */
import amqp from 'amqplib';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { api, enc, errorCode, unique } from './http';

type Client = Awaited<ReturnType<typeof amqp.connect>>;
const open: Client[] = [];

/** An amqplib connection carrying a unique `connection_name`, and its local address as the server sees it. */
async function connect(extra: Record<string, unknown> = {}) {
  const name = unique('conn');
  const client = await amqp.connect(inject('amqpUrl'), { clientProperties: { connection_name: name, ...extra } });
  client.on('error', () => {}); // a forced close also emits 'error'; the tests look at 'close'
  open.push(client);
  const socket = (client.connection as unknown as { stream: { localAddress: string; localPort: number } }).stream;
  return { client, name, peer: `${socket.localAddress}:${socket.localPort}` };
}

async function listed(name: string) {
  const answer = await api('GET', '/connections');
  expect(answer.status).toBe(200);
  return (answer.body as any[]).find((c) => c.clientProperties?.connection_name === name);
}

/** Resolves with the error amqplib's connection closes with (undefined for a clean close). */
const closed = (client: Client) =>
  new Promise<(Error & { code?: number }) | undefined>((resolve) => client.once('close', resolve));

afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close().catch(() => {})));
});

describe('AMQP connections', () => {
  it('lists each connection with its peer, user, client properties, channels and counts', async () => {
    const { client, name, peer } = await connect({ product: 'bench-tool', version: '9.9.9' });
    const queue = unique('q-conn');
    const channel = await client.createChannel();
    await channel.assertQueue(queue, { durable: false, autoDelete: true });
    await channel.prefetch(5);
    await channel.consume(queue, () => {}, { noAck: false });
    const confirm = await client.createConfirmChannel();
    await confirm.prefetch(7, true);
    for (let i = 0; i < 3; i++) confirm.sendToQueue(queue, Buffer.from(`m${i}`));
    await confirm.waitForConfirms();

    await expect.poll(async () => (await listed(name))?.unacked, { timeout: 3000 }).toBe(3);
    const connection = await listed(name);
    expect(connection).toMatchObject({
      id: expect.any(String),
      peer,
      user: 'admin',
      channels: 2,
      consumers: 1,
      unacked: 3,
      connectedAt: expect.any(Number),
      rates: { publish: expect.any(Number), deliver: expect.any(Number), ack: expect.any(Number) },
      heartbeatSeconds: expect.any(Number),
      frameMax: expect.any(Number),
      channelMax: expect.any(Number),
      blocked: false,
    });
    // ours merged with amqplib's own (its platform and capabilities stay)
    expect(connection.clientProperties).toMatchObject({
      connection_name: name,
      product: 'bench-tool',
      version: '9.9.9',
      platform: expect.stringContaining('Node'),
      capabilities: expect.objectContaining({ publisher_confirms: true }),
    });
    expect(Math.abs(connection.connectedAt - Date.now())).toBeLessThan(60_000);
    const channels = [...connection.channelDetails].sort((a: any, b: any) => a.number - b.number);
    expect(channels).toEqual([
      { number: 1, consumers: 1, unacked: 3, prefetch: 5, globalPrefetch: 0, confirm: false, unconfirmed: 0 },
      { number: 2, consumers: 0, unacked: 0, prefetch: 0, globalPrefetch: 7, confirm: true, unconfirmed: 0 },
    ]);
    await expect.poll(async () => (await listed(name))?.rates.publish, { timeout: 3000 }).toBeGreaterThan(0);

    const detail = await api('GET', `/connections/${enc(connection.id)}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ id: connection.id, peer, clientProperties: { connection_name: name } });
  });

  it('closes a connection with 320 CONNECTION_FORCED and returns its unacked deliveries to the queue', async () => {
    const { client, name } = await connect();
    const other = await connect();
    const queue = unique('q-close');
    const channel = await client.createChannel();
    await channel.assertQueue(queue, { durable: true });
    channel.sendToQueue(queue, Buffer.from('held'), { persistent: true });
    await channel.consume(queue, () => {}, { noAck: false });
    await expect.poll(async () => (await api('GET', `/queues/${enc(queue)}`)).body.messagesUnacked).toBe(1);

    const { id } = await listed(name);
    const closing = closed(client);
    const answer = await api('DELETE', `/connections/${enc(id)}`);
    expect(answer.status).toBe(204);
    const error = await closing;
    expect(error?.code).toBe(320);
    expect(error?.message).toContain('CONNECTION_FORCED - Closed via management console');

    await expect.poll(async () => (await api('GET', `/queues/${enc(queue)}`)).body).toMatchObject({
      messagesReady: 1,
      messagesUnacked: 0,
    });
    // The connection leaves the list once the client's close-ok arrives, which may be after the client reports the close.
    await expect.poll(async () => errorCode(await api('GET', `/connections/${enc(id)}`))).toBe('not_found');
    expect(await listed(name)).toBeUndefined();
    expect(await listed(other.name)).toBeDefined(); // the others stay open
    await api('DELETE', `/queues/${enc(queue)}`);
  });

  it('passes an X-Reason header on to the client, as RabbitMQ does', async () => {
    const { client, name } = await connect();
    const { id } = await listed(name);
    const closing = closed(client);
    const answer = await api('DELETE', `/connections/${enc(id)}`, { headers: { 'x-reason': 'maintenance window' } });
    expect(answer.status).toBe(204);
    expect((await closing)?.message).toContain('CONNECTION_FORCED - maintenance window');
  });

  it('answers 404 for an unknown connection, and a closed client leaves the list', async () => {
    for (const method of ['GET', 'DELETE']) {
      const answer = await api(method, '/connections/no-such-connection');
      expect(answer.status).toBe(404);
      expect(errorCode(answer)).toBe('not_found');
    }
    const { client, name } = await connect();
    expect(await listed(name)).toBeDefined();
    await client.close();
    await expect.poll(async () => await listed(name)).toBeUndefined();
  });

  it('needs credentials', async () => {
    expect((await api('GET', '/connections', { token: null })).status).toBe(401);
    expect((await api('DELETE', '/connections/x', { token: null })).status).toBe(401);
  });

  it("health tells the console the AMQP port to connect to", async () => {
    const health = await api('GET', '/health', { token: null });
    expect(health.body.amqpPort).toBe(Number(new URL(inject('amqpUrl')).port));
  });
});
