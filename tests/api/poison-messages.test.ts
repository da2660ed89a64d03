/**
 * Poison messages never loop: what any door accepts, every other door can deliver. Hostile publishes over HTTP are
 * refused with a 4xx while an AMQP consumer of the queue keeps its connection; a message a consumer cannot be sent
 * (a header over the frame-max it negotiated) is dead-lettered as `rejected` and the consumer gets the next one;
 * deep nesting anywhere in a body is a 400 and the store keeps writing.
 */
import amqp, { type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MESSAGE_LIMITS } from '../../lib/engine/message-limits';
import { api, declareExchange, declareQueue, enc, errorCode, receive, send, unique, type Answer } from './http';

/** A value nested `levels` deep in arrays: `levels` 1 is the bare leaf. */
function nested(levels: number, leaf: unknown = 'x'): unknown {
  let value = leaf;
  for (let i = 1; i < levels; i++) value = [value];
  return value;
}

/** The raw JSON of a value nested `levels` deep, for depths JSON.stringify itself could not write. */
const deepJson = (levels: number) => `${'['.repeat(levels - 1)}"x"${']'.repeat(levels - 1)}`;

const connections: ChannelModel[] = [];

async function connect(query = ''): Promise<ChannelModel> {
  const connection = await amqp.connect(`${inject('amqpUrl')}${query}`);
  connections.push(connection);
  return connection;
}

afterAll(async () => {
  await Promise.all(connections.map((c) => c.close().catch(() => undefined)));
});

/** An acking consumer whose messages arrive in order; `closed` says whether its channel or connection went away. */
async function consumer(connection: ChannelModel, queue: string) {
  const channel = await connection.createChannel();
  const state = { closed: false, error: undefined as unknown };
  const mark = (error?: unknown) => {
    state.closed = true;
    state.error ??= error;
  };
  channel.on('close', () => mark());
  channel.on('error', mark);
  connection.on('close', () => mark());
  connection.on('error', mark);
  const arrived: ConsumeMessage[] = [];
  let wake: (() => void) | undefined;
  await channel.consume(queue, (message) => {
    if (!message) return;
    arrived.push(message);
    channel.ack(message);
    wake?.();
  });
  return {
    channel,
    state,
    /** Waits for the next message (at most 10 s). */
    async next(): Promise<ConsumeMessage> {
      const deadline = Date.now() + 10_000;
      while (arrived.length === 0) {
        if (state.closed) throw new Error(`the consumer was closed: ${String(state.error)}`);
        if (Date.now() > deadline) throw new Error('no message within 10 s');
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 200);
        });
      }
      return arrived.shift()!;
    },
  };
}

const publish = (queue: string, body: unknown) => api('POST', `/queues/${enc(queue)}/messages`, { body });
const publishRaw = (queue: string, raw: string) => api('POST', `/queues/${enc(queue)}/messages`, { raw });

describe('poison messages', () => {
  let connection: ChannelModel;
  beforeAll(async () => {
    connection = await connect();
  });

  it("the engine's frame-max is the one the AMQP listener offers", async () => {
    // frameMax=0 takes whatever the server offers.
    const any = await connect('?frameMax=0');
    expect((any as unknown as { connection: { frameMax: number } }).connection.frameMax).toBe(MESSAGE_LIMITS.frameMax);
  });

  it('refuses each hostile publish over HTTP with a 4xx; the AMQP consumer of the queue stays open and gets the next good message', async () => {
    const queue = unique('poison');
    await declareQueue(queue);
    const amqpConsumer = await consumer(connection, queue);
    const hostile: [string, () => Promise<Answer>, number, Record<string, unknown>?][] = [
      ['headers nested 2,000 deep', () => publishRaw(queue, `{"payload":"p","properties":{"headers":{"h":${deepJson(2000)}}}}`), 400, { limit: 128 }],
      ['headers nested 65 levels', () => publish(queue, { payload: 'p', properties: { headers: { h: nested(65) } } }), 400, { limit: 64, rule: 'depth' }],
      ['a 300 KB header (over frame-max 131072)', () => publish(queue, { payload: 'p', properties: { headers: { big: 'x'.repeat(300_000) } } }), 400, { limit: 131_072, rule: 'frame_max' }],
      ['a byte of 1000', () => publish(queue, { payload: 'p', properties: { headers: { b: { amqpType: 'byte', value: 1000 } } } }), 400, { rule: 'typed_value', path: ['properties', 'headers', 'b'] }],
      ['an int out of range', () => publish(queue, { payload: 'p', properties: { headers: { x: { amqpType: 'int', value: 2 ** 40 } } } }), 400, { rule: 'typed_value' }],
      ['an x-death count that is not a long', () => publish(queue, { payload: 'p', properties: { headers: { 'x-death': [{ count: 0.5, queue: 'q', reason: 'expired' }] } } }), 400, { rule: 'typed_value' }],
      ['a field name of 256 bytes deep in a header', () => publish(queue, { payload: 'p', properties: { headers: { t: { ['k'.repeat(256)]: 1 } } } }), 400],
      ['1,001 CC routing keys', () => publish(queue, { payload: 'p', properties: { headers: { CC: Array.from({ length: 1001 }, (_, i) => `k${i}`) } } }), 400, { limit: 1000 }],
      ['headers that take the message over the size limit', () => publish(queue, { payload: 'x'.repeat(inject('maxMessageBytes') - 100), properties: { headers: { h: 'y'.repeat(1000) } } }), 413, { limit: inject('maxMessageBytes') }],
    ];
    for (const [what, run, status, details] of hostile) {
      const answer = await run();
      expect(answer.status, `${what}: ${answer.text}`).toBe(status);
      expect(errorCode(answer), what).toBe(status === 413 ? 'payload_too_large' : 'bad_request');
      if (details) expect(answer.body.error.details, what).toMatchObject(details);
    }
    await send(queue, 'good');
    const message = await amqpConsumer.next();
    expect(message.content.toString()).toBe('good');
    expect(amqpConsumer.state.closed).toBe(false);
    await amqpConsumer.channel.close();
  });

  it('route-test caps CC and BCC as publish does', async () => {
    const keys = Array.from({ length: 1001 }, (_, i) => `k${i}`);
    const answer = await api('POST', '/exchanges/amq.direct/route-test', { body: { routingKey: 'k', headers: { BCC: keys } } });
    expect(answer.status, answer.text).toBe(400);
    expect(answer.body.error.details).toMatchObject({ path: ['headers', 'BCC'], limit: 1000 });
  });

  it('a publish batch names the message it refuses and stores none of the batch', async () => {
    const queue = unique('poison-batch');
    await declareQueue(queue);
    const messages = [{ payload: 'ok' }, { payload: 'bad', properties: { headers: { b: { amqpType: 'short', value: 40_000 } } } }];
    const answer = await api('POST', `/exchanges/amq.default/publish-batch`, { body: { messages: messages.map((m) => ({ ...m, routingKey: queue })) } });
    expect(answer.status, answer.text).toBe(400);
    expect(answer.body.error.details).toMatchObject({ index: 1, rule: 'typed_value' });
    expect((await api('GET', `/queues/${enc(queue)}`)).body.messagesReady).toBe(0);
  });

  it('a 2,000-deep body answers 400 and the store keeps writing (a later publish answers 200 and is delivered)', async () => {
    const queue = unique('poison-deep');
    await declareQueue(queue);
    for (const levels of [2000, 100_000]) {
      const answer = await publishRaw(queue, `{"payload":"p","properties":{"headers":{"h":${deepJson(levels)}}}}`);
      expect(answer.status, answer.text).toBe(400);
    }
    await send(queue, 'after');
    const [delivery] = await receive(queue, { waitMs: 2000 });
    expect(delivery.payload).toBe('after');
    const health = await api('GET', '/health');
    expect(health.body.problems ?? []).toEqual([]);
  });

  it('an AMQP publish nested deeper than 64 levels closes only the channel, with 406 PRECONDITION_FAILED', async () => {
    const queue = unique('poison-amqp');
    await declareQueue(queue);
    const channel = await connection.createChannel();
    const closed = new Promise<Error>((resolve) => channel.once('error', resolve));
    channel.sendToQueue(queue, Buffer.from('deep'), { headers: { h: nested(65) } });
    const error = await closed;
    expect(error.message).toMatch(/406 \(PRECONDITION-FAILED\).*64 levels/);
    // The connection is still good.
    const other = await connection.createChannel();
    await other.checkQueue(queue);
    expect((await other.checkQueue(queue)).messageCount).toBe(0);
    await other.close();
  });

  it('over AMQP, headers count toward the message size: 406 with RabbitMQ wording, only the channel closes', async () => {
    const queue = unique('poison-size');
    await declareQueue(queue);
    const channel = await connection.createChannel();
    const closed = new Promise<Error>((resolve) => channel.once('error', resolve));
    const max = inject('maxMessageBytes');
    channel.sendToQueue(queue, Buffer.alloc(max - 100), { headers: { h: 'y'.repeat(1000) } });
    const error = await closed;
    expect(error.message).toMatch(new RegExp(`406 \\(PRECONDITION-FAILED\\).*message size \\d+ is larger than configured max size ${max}`));
    const other = await connection.createChannel();
    expect((await other.checkQueue(queue)).messageCount).toBe(0);
    await other.close();
  });

  describe('a message a consumer cannot be sent', () => {
    /** A work queue that dead-letters into `dead` through the default exchange. */
    async function deadLettering() {
      const [work, dead] = [unique('poison-work'), unique('poison-dlq')];
      await declareQueue(dead);
      await declareQueue(work, { arguments: { deadLetterExchange: '', deadLetterRoutingKey: dead } });
      // 10 KB of headers: within the server's frame-max, over the 4096 the consumer negotiates.
      await send(work, 'too big for you', { properties: { messageId: 'big', headers: { pad: 'p'.repeat(10_000) } } });
      await send(work, 'next', { properties: { messageId: 'next' } });
      return { work, dead };
    }

    async function expectDeadLettered(dead: string, work: string) {
      const [delivery] = await receive(dead, { waitMs: 5000 });
      expect(delivery).toMatchObject({ messageId: 'big', payload: 'too big for you' });
      expect(delivery.properties.headers['x-death'][0]).toMatchObject({ queue: work, reason: 'rejected', count: 1 });
    }

    it('is dead-lettered (rejected) for a consumer with a small frame-max, which stays open and gets the next message', async () => {
      const { work, dead } = await deadLettering();
      const small = await connect('?frameMax=4096');
      const amqpConsumer = await consumer(small, work);
      const message = await amqpConsumer.next();
      expect(message.properties.messageId).toBe('next');
      expect(amqpConsumer.state.closed).toBe(false);
      await expectDeadLettered(dead, work);
      await send(work, 'and more');
      expect((await amqpConsumer.next()).content.toString()).toBe('and more');
    });

    it('is dead-lettered by basic.get too, which answers the next message', async () => {
      const { work, dead } = await deadLettering();
      const small = await connect('?frameMax=4096');
      const channel: Channel = await small.createChannel();
      const got = await channel.get(work, { noAck: true });
      expect(got && got.properties.messageId).toBe('next');
      await expectDeadLettered(dead, work);
      expect(await channel.get(work)).toBe(false);
      await channel.close();
    });

    it('is dropped and counted where the queue has no dead-letter exchange', async () => {
      const queue = unique('poison-drop');
      await declareQueue(queue);
      await send(queue, 'too big', { properties: { headers: { pad: 'p'.repeat(10_000) } } });
      await send(queue, 'fits');
      const small = await connect('?frameMax=4096');
      const amqpConsumer = await consumer(small, queue);
      expect((await amqpConsumer.next()).content.toString()).toBe('fits');
      const stats = (await api('GET', `/queues/${enc(queue)}`)).body;
      expect(stats).toMatchObject({ messagesReady: 0 });
      const metrics = await (await fetch(`${inject('baseUrl')}/metrics/per-object`, { headers: { authorization: `Bearer ${inject('token')}` } })).text();
      const dropped = metrics.split('\n').find((line) => line.startsWith('switchboard_queue_messages_dropped_total{') && line.includes(`queue="${queue}"`));
      expect(dropped, metrics.slice(0, 500)).toMatch(/ 1$/);
    });
  });

  describe('argument tables nested too deep answer 400 on every route', () => {
    const deepTable = nested(100);
    const routes: [string, () => Promise<{ method: string; path: string; body: unknown }>][] = [
      ['route-test headers', async () => ({ method: 'POST', path: '/exchanges/amq.headers/route-test', body: { routingKey: '', headers: { h: deepTable } } })],
      [
        'binding arguments',
        async () => {
          const queue = unique('poison-bind');
          await declareQueue(queue);
          return { method: 'POST', path: '/bindings', body: { source: 'amq.headers', destination: queue, arguments: { 'x-match': 'any', h: deepTable } } };
        },
      ],
      ['exchange arguments', async () => ({ method: 'PUT', path: `/exchanges/${enc(unique('poison-ex'))}`, body: { type: 'direct', arguments: { h: deepTable } } })],
      [
        'definitions import',
        async () => {
          const queue = unique('poison-def');
          await declareQueue(queue);
          const binding = { source: 'amq.headers', vhost: '/', destination: queue, destination_type: 'queue', routing_key: '', arguments: { h: deepTable } };
          return { method: 'POST', path: '/definitions', body: { bindings: [binding] } };
        },
      ],
      [
        'replay filter headers',
        async () => {
          const queue = unique('poison-replay');
          await declareQueue(queue);
          return { method: 'POST', path: `/queues/${enc(queue)}/replay`, body: { to: { queue }, dryRun: true, filter: { headers: { h: deepTable } } } };
        },
      ],
      ['publish headers', async () => ({ method: 'POST', path: `/exchanges/amq.direct/publish`, body: { routingKey: 'k', payload: 'p', properties: { headers: { h: deepTable } } } })],
    ];

    for (const [what, prepare] of routes) {
      it(what, async () => {
        const { method, path, body } = await prepare();
        const answer = await api(method, path, { body });
        expect(answer.status, answer.text).toBe(400);
        expect(errorCode(answer)).toBe('bad_request');
        // 2,000 deep never reaches a recursive reader: refused by the body's depth guard.
        const raw = JSON.stringify(body).replace(JSON.stringify(deepTable), deepJson(2000));
        const deeper = await api(method, path, { raw });
        expect(deeper.status, deeper.text).toBe(400);
        expect(deeper.body.error.details).toMatchObject({ limit: 128 });
      });
    }
  });

  it('an exchange declared with a headers exchange keeps working after the refusals', async () => {
    const name = unique('poison-after');
    await declareExchange(name, 'fanout');
    const queue = unique('poison-after-q');
    await declareQueue(queue);
    const bound = await api('POST', '/bindings', { body: { source: name, destination: queue } });
    expect(bound.status).toBe(201);
    const published = await api('POST', `/exchanges/${enc(name)}/publish`, { body: { payload: 'fine', properties: { headers: { h: nested(10) } } } });
    expect(published.status, published.text).toBe(200);
  });
});
