/** RabbitMQ's six tutorials and publisher confirms, through amqplib against the in-process listener. */
import { randomUUID } from 'node:crypto';
import type { Channel, ConsumeMessage } from 'amqplib';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { eventually, uniqueName, useAmqpConnection } from './test-support/amqp-fixture';

const shared = useAmqpConnection();
const unique = uniqueName;

function collect(channel: Channel, queue: string, options: { noAck?: boolean } = {}) {
  const messages: ConsumeMessage[] = [];
  const ready = channel.consume(queue, (message) => message && messages.push(message), { noAck: options.noAck ?? true });
  return { messages, ready };
}

describe('RabbitMQ tutorials over amqplib', () => {
  it('1 hello world: a message to a named queue through the default exchange', async () => {
    const channel = await shared.connection.createChannel();
    const queue = unique('hello');
    await channel.assertQueue(queue, { durable: false });
    channel.sendToQueue(queue, Buffer.from('Hello World!'));
    const { messages } = collect(channel, queue);
    await eventually(() => messages.length === 1);
    expect(messages[0].content.toString()).toBe('Hello World!');
    expect(messages[0].fields).toMatchObject({ exchange: '', routingKey: queue, redelivered: false });
    await channel.close();
  });

  it('2 work queues: prefetch 1 dispatches fairly, to the worker that is free', async () => {
    const queue = unique('task_queue');
    const producer = await shared.connection.createChannel();
    await producer.assertQueue(queue, { durable: true });
    const slow = await shared.connection.createChannel();
    const fast = await shared.connection.createChannel();
    await slow.prefetch(1);
    await fast.prefetch(1);
    const byWorker: Record<string, string[]> = { slow: [], fast: [] };
    let slowHeld: ConsumeMessage | undefined;
    await slow.consume(queue, (message) => {
      byWorker.slow.push(message!.content.toString());
      slowHeld = message!; // never acked while the others run: a busy worker
    });
    await fast.consume(queue, (message) => {
      byWorker.fast.push(message!.content.toString());
      fast.ack(message!);
    });
    for (let i = 0; i < 10; i++) producer.sendToQueue(queue, Buffer.from(`task ${i}`), { persistent: true });
    await eventually(() => byWorker.slow.length + byWorker.fast.length === 10);
    expect(byWorker.slow).toHaveLength(1);
    expect(byWorker.fast).toHaveLength(9);
    slow.ack(slowHeld!);
    await eventually(() => shared.fixture.broker.getQueue(queue).messages === 0);
    await Promise.all([producer.close(), slow.close(), fast.close()]);
  });

  it('3 publish/subscribe: a fanout reaches every server-named exclusive queue', async () => {
    const channel = await shared.connection.createChannel();
    const logs = unique('logs');
    await channel.assertExchange(logs, 'fanout', { durable: false });
    const first = await channel.assertQueue('', { exclusive: true });
    const second = await channel.assertQueue('', { exclusive: true });
    expect(first.queue).toMatch(/^amq\.gen-/);
    expect(first.queue).not.toBe(second.queue);
    await channel.bindQueue(first.queue, logs, '');
    await channel.bindQueue(second.queue, logs, '');
    const a = collect(channel, first.queue);
    const b = collect(channel, second.queue);
    channel.publish(logs, '', Buffer.from('info: hello'));
    await eventually(() => a.messages.length === 1 && b.messages.length === 1);
    expect(a.messages[0].content.toString()).toBe('info: hello');
    await channel.close();
  });

  it('4 routing: a direct exchange routes by severity', async () => {
    const channel = await shared.connection.createChannel();
    const direct = unique('direct_logs');
    await channel.assertExchange(direct, 'direct', { durable: false });
    const errors = await channel.assertQueue('', { exclusive: true });
    const all = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(errors.queue, direct, 'error');
    for (const severity of ['info', 'warning', 'error']) await channel.bindQueue(all.queue, direct, severity);
    const e = collect(channel, errors.queue);
    const x = collect(channel, all.queue);
    for (const severity of ['info', 'warning', 'error', 'debug']) channel.publish(direct, severity, Buffer.from(severity));
    await eventually(() => x.messages.length === 3 && e.messages.length === 1);
    expect(e.messages.map((m) => m.fields.routingKey)).toEqual(['error']);
    expect(x.messages.map((m) => m.content.toString())).toEqual(['info', 'warning', 'error']);
    await channel.close();
  });

  it('5 topics: * and # match words', async () => {
    const channel = await shared.connection.createChannel();
    const topic = unique('topic_logs');
    await channel.assertExchange(topic, 'topic', { durable: false });
    const kern = await channel.assertQueue('', { exclusive: true });
    const critical = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(kern.queue, topic, 'kern.*');
    await channel.bindQueue(critical.queue, topic, '*.critical');
    await channel.bindQueue(critical.queue, topic, 'audit.#');
    const k = collect(channel, kern.queue);
    const c = collect(channel, critical.queue);
    for (const key of ['kern.critical', 'kern.info', 'app.critical', 'audit', 'audit.a.b', 'kern.a.b']) channel.publish(topic, key, Buffer.from(key));
    await eventually(() => k.messages.length === 2 && c.messages.length === 4);
    expect(k.messages.map((m) => m.fields.routingKey)).toEqual(['kern.critical', 'kern.info']);
    expect(c.messages.map((m) => m.fields.routingKey)).toEqual(['kern.critical', 'app.critical', 'audit', 'audit.a.b']);
    await channel.close();
  });

  it('6 RPC: the reply goes to replyTo and carries the correlationId', async () => {
    const rpcQueue = unique('rpc_queue');
    const server = await shared.connection.createChannel();
    await server.assertQueue(rpcQueue, { durable: false });
    await server.prefetch(1);
    const fib = (n: number): number => (n < 2 ? n : fib(n - 1) + fib(n - 2));
    await server.consume(rpcQueue, (message) => {
      const n = Number(message!.content.toString());
      server.sendToQueue(message!.properties.replyTo, Buffer.from(String(fib(n))), { correlationId: message!.properties.correlationId });
      server.ack(message!);
    });
    const client = await shared.connection.createChannel();
    const { queue: callback } = await client.assertQueue('', { exclusive: true });
    const correlationId = randomUUID();
    const answer = new Promise<ConsumeMessage>((resolve) => {
      void client.consume(callback, (message) => message?.properties.correlationId === correlationId && resolve(message), { noAck: true });
    });
    client.sendToQueue(rpcQueue, Buffer.from('10'), { correlationId, replyTo: callback });
    const reply = await answer;
    expect(reply.content.toString()).toBe('55');
    expect(reply.properties.correlationId).toBe(correlationId);
    await Promise.all([server.close(), client.close()]);
  });
});

describe('publisher confirms', () => {
  it('confirms every publish, in order, once the message is on disk', async () => {
    const channel = await shared.connection.createConfirmChannel();
    const queue = unique('confirms');
    await channel.assertQueue(queue, { durable: true });
    const db = new Database(shared.fixture.dbPath, { readonly: true });
    try {
      const confirmedInOrder: number[] = [];
      const stored: number[] = [];
      const sends = Array.from({ length: 200 }, (_, i) =>
        new Promise<void>((resolve, reject) => {
          channel.sendToQueue(queue, Buffer.from(`m${i}`), { persistent: true }, (error) => {
            if (error) return reject(error);
            confirmedInOrder.push(i);
            // When the confirm arrives the row is already in the store.
            const row = db.prepare('SELECT COUNT(*) AS n FROM messages WHERE queue = ?').get(queue) as { n: number };
            stored.push(row.n);
            resolve();
          });
        }),
      );
      await Promise.all(sends);
      expect(confirmedInOrder).toEqual([...confirmedInOrder].sort((a, b) => a - b));
      stored.forEach((count, i) => expect(count).toBeGreaterThanOrEqual(i + 1));
    } finally {
      db.close();
    }
    await channel.close();
  });

  it('a message refused by reject-publish overflow is nacked; the others are acked', async () => {
    const channel = await shared.connection.createConfirmChannel();
    const queue = unique('bounded');
    await channel.assertQueue(queue, { arguments: { 'x-max-length': 1, 'x-overflow': 'reject-publish' } });
    const outcome = (body: string) => new Promise<string>((resolve) => channel.sendToQueue(queue, Buffer.from(body), {}, (error) => resolve(error ? 'nack' : 'ack')));
    expect(await Promise.all([outcome('a'), outcome('b')])).toEqual(['ack', 'nack']);
    await channel.close();
  });

  it('mandatory and unroutable: basic.return 312 NO_ROUTE comes before the ack', async () => {
    const channel = await shared.connection.createConfirmChannel();
    const events: string[] = [];
    channel.on('return', (message: ConsumeMessage) => events.push(`return ${message.fields.routingKey} ${(message.fields as { replyCode?: number }).replyCode}`));
    await new Promise<void>((resolve) => channel.publish('amq.direct', unique('nowhere'), Buffer.from('x'), { mandatory: true }, () => {
      events.push('ack');
      resolve();
    }));
    expect(events).toHaveLength(2);
    expect(events[0]).toMatch(/^return nowhere-.* 312$/);
    expect(events[1]).toBe('ack');
    await channel.close();
  });
});
