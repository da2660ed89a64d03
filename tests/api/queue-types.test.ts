/**
 * Queue types over HTTP and AMQP: `classic` as ever, `quorum` kept (durable only, a delivery limit of 20 by default),
 * `stream` and unknown types refused, never a silent classic queue; the type shows in the API and the definitions.
 */
import amqp, { type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, enc, errorCode, unique } from './http';

let connection: ChannelModel;
beforeAll(async () => {
  connection = await amqp.connect(inject('amqpUrl'));
});
afterAll(async () => {
  await connection?.close();
});

/** The reply code and text a declare is refused with (the channel closes). */
async function refusal(queue: string, options: amqp.Options.AssertQueue): Promise<{ code: number; text: string }> {
  const channel = await connection.createChannel();
  channel.on('error', () => undefined);
  try {
    await channel.assertQueue(queue, options);
  } catch (error) {
    const message = (error as Error).message;
    return { code: (error as { code: number }).code, text: /with message "(.*)"$/s.exec(message)?.[1] ?? message };
  }
  await channel.close();
  throw new Error(`${queue} was accepted`);
}

describe('queue types over HTTP', () => {
  it('declares a quorum queue, lists and exports it as quorum, and refuses a classic redeclare', async () => {
    const name = unique('qq');
    const created = await api('PUT', `/queues/${enc(name)}`, { body: { type: 'quorum' } });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ name, type: 'quorum', durable: true, arguments: {} });
    expect((await api('PUT', `/queues/${enc(name)}`, { body: { type: 'quorum' } })).status).toBe(200);
    const classic = await api('PUT', `/queues/${enc(name)}`, { body: {} });
    expect(classic.status).toBe(409);
    expect(errorCode(classic)).toBe('precondition_failed');
    expect(classic.body.error.details).toMatchObject({ rule: 'inequivalent_arg', argument: 'x-queue-type', current: 'quorum' });
    const listed = await api('GET', `/queues?search=${enc(name)}`);
    expect(listed.body.items[0].type).toBe('quorum');
    const exported = await api('GET', '/definitions');
    const definition = exported.body.queues.find((q: { name: string }) => q.name === name);
    expect(definition.arguments).toEqual({ 'x-queue-type': 'quorum' });
    expect((await api('DELETE', `/queues/${enc(name)}`)).status).toBe(204);
  });

  it('a queue without a type is classic', async () => {
    const name = unique('cq');
    expect((await api('PUT', `/queues/${enc(name)}`, { body: {} })).body.type).toBe('classic');
    expect((await api('PUT', `/queues/${enc(name)}`, { body: { type: 'classic' } })).status).toBe(200);
  });

  it('refuses what a quorum queue cannot be, and unknown types, with field details', async () => {
    const cases: [unknown, string[]][] = [
      [{ type: 'quorum', durable: false }, ['durable']],
      [{ type: 'quorum', autoDelete: true }, ['autoDelete']],
      [{ type: 'quorum', arguments: { maxPriority: 5 } }, ['arguments.maxPriority']],
      [{ type: 'stream' }, ['type']],
      [{ type: 'lazy' }, ['type']],
      [{ arguments: { deliveryLimit: 0 } }, ['arguments', 'deliveryLimit']],
    ];
    for (const [body, path] of cases) {
      const name = unique('qt-bad');
      const answer = await api('PUT', `/queues/${enc(name)}`, { body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.details[0]).toMatchObject({ in: 'body', path });
      expect((await api('GET', `/queues/${enc(name)}`)).status).toBe(404);
    }
  });

  it('dead-letters a quorum message after 20 deliveries (reason delivery_limit)', async () => {
    const name = unique('qq-poison');
    const dead = unique('qq-dead');
    await api('PUT', `/queues/${enc(dead)}`, { body: {} });
    await api('PUT', `/queues/${enc(name)}`, { body: { type: 'quorum', arguments: { deadLetterExchange: '', deadLetterRoutingKey: dead } } });
    await api('POST', `/queues/${enc(name)}/messages`, { body: { payload: 'poison' } });
    for (let i = 1; i <= 20; i++) {
      const [delivery] = (await api('POST', `/queues/${enc(name)}/receive`, { body: { max: 1 } })).body.messages;
      expect(delivery.deliveryCount).toBe(i);
      await api('POST', `/queues/${enc(name)}/nack`, { body: { deliveryTags: [delivery.deliveryTag], requeue: true } });
    }
    expect((await api('GET', `/queues/${enc(name)}`)).body.messages).toBe(0);
    const [corpse] = (await api('POST', `/queues/${enc(dead)}/receive`, { body: { max: 1 } })).body.messages;
    expect(corpse.properties.headers['x-death'][0]).toMatchObject({ reason: 'delivery_limit', queue: name });
  });

  it('imports a quorum queue from definitions, and refuses a stream or a non-durable quorum queue', async () => {
    const name = unique('def-qq');
    const ok = await api('POST', '/definitions', { body: { queues: [{ name, vhost: '/', durable: true, auto_delete: false, arguments: { 'x-queue-type': 'quorum' } }] } });
    expect(ok.status, ok.text).toBe(200);
    expect((await api('GET', `/queues/${enc(name)}`)).body.type).toBe('quorum');
    for (const queue of [
      { name: unique('def-stream'), vhost: '/', durable: true, auto_delete: false, arguments: { 'x-queue-type': 'stream' } },
      { name: unique('def-qq-nd'), vhost: '/', durable: false, auto_delete: false, arguments: { 'x-queue-type': 'quorum' } },
      { name: unique('def-qq-prio'), vhost: '/', durable: true, auto_delete: false, arguments: { 'x-queue-type': 'quorum', 'x-max-priority': 3 } },
    ]) {
      const refused = await api('POST', '/definitions', { body: { queues: [queue] } });
      expect(refused.status, JSON.stringify(queue)).toBe(400);
      expect((await api('GET', `/queues/${enc(queue.name)}`)).status).toBe(404);
    }
  });
});

describe('queue types over AMQP', () => {
  it('refuses stream, unknown types and what quorum cannot be, with RabbitMQ reply texts', async () => {
    const cases: [string, amqp.Options.AssertQueue, (queue: string) => string][] = [
      ['unknown', { arguments: { 'x-queue-type': 'foo' } }, (q) => `PRECONDITION_FAILED - invalid arg 'x-queue-type' for queue '${q}' in vhost '/': "unsupported queue type 'foo'"`],
      ['stream', { arguments: { 'x-queue-type': 'stream' } }, (q) => `PRECONDITION_FAILED - invalid arg 'x-queue-type' for queue '${q}' in vhost '/': "unsupported queue type 'stream'"`],
      ['non-durable', { durable: false, arguments: { 'x-queue-type': 'quorum' } }, (q) => `PRECONDITION_FAILED - invalid property 'non-durable' for queue '${q}' in vhost '/'`],
      ['exclusive', { exclusive: true, arguments: { 'x-queue-type': 'quorum' } }, (q) => `PRECONDITION_FAILED - invalid property 'exclusive-owner' for queue '${q}' in vhost '/'`],
      ['auto-delete', { autoDelete: true, arguments: { 'x-queue-type': 'quorum' } }, (q) => `PRECONDITION_FAILED - invalid property 'auto-delete' for queue '${q}' in vhost '/'`],
      ['priority', { arguments: { 'x-queue-type': 'quorum', 'x-max-priority': 5 } }, (q) => `PRECONDITION_FAILED - invalid arg 'x-max-priority' for queue '${q}' in vhost '/' of queue type rabbit_quorum_queue`],
      ['mode', { arguments: { 'x-queue-type': 'quorum', 'x-queue-mode': 'lazy' } }, (q) => `PRECONDITION_FAILED - invalid arg 'x-queue-mode' for queue '${q}' in vhost '/' of queue type rabbit_quorum_queue`],
    ];
    for (const [label, options, text] of cases) {
      const queue = unique(`amqp-${label}`);
      expect(await refusal(queue, { durable: true, ...options }), label).toEqual({ code: 406, text: text(queue) });
      expect((await api('GET', `/queues/${enc(queue)}`)).status).toBe(404);
    }
  });

  it('a quorum queue declared over AMQP shows as quorum over HTTP; redeclares are compared as RabbitMQ does', async () => {
    const queue = unique('amqp-qq');
    const channel = await connection.createChannel();
    await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await channel.close();
    expect((await api('GET', `/queues/${enc(queue)}`)).body.type).toBe('quorum');
    expect(await refusal(queue, { durable: true })).toEqual({
      code: 406,
      text: `PRECONDITION_FAILED - inequivalent arg 'x-queue-type' for queue '${queue}' in vhost '/': received none but current is the value 'quorum' of type 'longstr'`,
    });
    expect(await refusal(queue, { durable: false, arguments: { 'x-queue-type': 'quorum' } })).toEqual({
      code: 406,
      text: `PRECONDITION_FAILED - inequivalent arg 'durable' for queue '${queue}' in vhost '/': received 'false' but current is 'true'`,
    });
  });
});
