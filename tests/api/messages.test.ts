import { describe, expect, inject, it } from 'vitest';
import { ack, api, bind, declareExchange, declareQueue, enc, errorCode, receive, send, sleep, unique } from './http';

describe('publish and receive', () => {
  it('round trip: publish to an exchange, receive a Delivery, ack it for good', async () => {
    const exchange = unique('ex');
    const queue = unique('q');
    await declareExchange(exchange, 'direct');
    await declareQueue(queue);
    await bind(exchange, queue, 'greeting');
    const published = await api('POST', `/exchanges/${enc(exchange)}/publish`, {
      body: {
        routingKey: 'greeting',
        payload: 'héllo',
        properties: { messageId: 'm-1', correlationId: 'c-1', contentType: 'text/plain', headers: { a: 1 }, priority: 2, timestamp: 1_700_000_000_000 },
      },
    });
    expect(published.status).toBe(200);
    expect(published.body).toEqual({ routed: true, queues: 1, messageId: 'm-1' });

    const [delivery] = await receive(queue);
    expect(delivery).toEqual({
      deliveryTag: expect.any(String),
      messageId: 'm-1',
      exchange,
      routingKey: 'greeting',
      payload: 'héllo',
      payloadEncoding: 'utf8',
      properties: expect.objectContaining({ correlationId: 'c-1', contentType: 'text/plain', headers: { a: 1 }, priority: 2, timestamp: 1_700_000_000_000, persistent: true }),
      redelivered: false,
      deliveryCount: 1,
      publishedAt: expect.any(Number),
    });
    expect((await api('GET', `/queues/${enc(queue)}`)).body).toMatchObject({ messagesReady: 0, messagesUnacked: 1 });
    expect(await ack(queue, [delivery.deliveryTag])).toBe(1);
    expect(await ack(queue, [delivery.deliveryTag])).toBe(0);
    expect((await api('GET', `/queues/${enc(queue)}`)).body).toMatchObject({ messages: 0 });
    expect(await receive(queue)).toEqual([]);
  });

  it('binary payloads travel as base64; invalid base64 is a 400', async () => {
    const queue = unique('q-bin');
    await declareQueue(queue);
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x80]);
    await send(queue, bytes.toString('base64'), { payloadEncoding: 'base64' });
    await send(queue, Buffer.from('text').toString('base64'), { payloadEncoding: 'base64' });
    const [binary, text] = await receive(queue, { max: 2 });
    expect(binary).toMatchObject({ payload: bytes.toString('base64'), payloadEncoding: 'base64' });
    expect(text).toMatchObject({ payload: 'text', payloadEncoding: 'utf8' });
    const invalid = await api('POST', `/queues/${enc(queue)}/messages`, { body: { payload: 'not base64!', payloadEncoding: 'base64' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details[0]).toMatchObject({ in: 'body', path: ['payload'] });
  });

  it('400 for wrong types in publish bodies', async () => {
    const queue = unique('q-types');
    await declareQueue(queue);
    for (const body of [{}, { payload: 1 }, { payload: 'x', properties: { priority: 300 } }, { payload: 'x', properties: { headers: { CC: 'k' } } }, { payload: 'x', mandatory: 'yes' },
      // AMQP field names are short strings: a consumer over AMQP could not be sent these.
      { payload: 'x', properties: { headers: { ['h'.repeat(256)]: 1 } } },
      { payload: 'x', properties: { headers: { nested: { ['é'.repeat(128)]: 1 } } } },
    ]) {
      const answer = await api('POST', `/exchanges/amq.default/publish`, { body: { routingKey: queue, ...body } });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(errorCode(answer)).toBe('bad_request');
    }
  });

  it('413 payload_too_large for a payload over the limit', async () => {
    const queue = unique('q-big');
    await declareQueue(queue);
    const max = inject('maxMessageBytes');
    const tooBig = await api('POST', `/queues/${enc(queue)}/messages`, { body: { payload: 'x'.repeat(max + 1) } });
    expect(tooBig.status).toBe(413);
    expect(errorCode(tooBig)).toBe('payload_too_large');
    const tooBigBase64 = await api('POST', `/queues/${enc(queue)}/messages`, {
      body: { payload: Buffer.alloc(max + 1).toString('base64'), payloadEncoding: 'base64' },
    });
    expect(tooBigBase64.status).toBe(413);
    const huge = await api('POST', `/queues/${enc(queue)}/messages`, { raw: JSON.stringify({ payload: 'x'.repeat(max * 7 + 2_000_000) }) });
    expect(huge.status).toBe(413);
    expect((await send(queue, 'x'.repeat(max))).queues).toBe(1);
  });

  it('429 queue_full when a reject-publish queue is full; other queues keep their copy', async () => {
    const exchange = unique('ex-fan');
    const bounded = unique('q-bounded');
    const open = unique('q-open');
    await declareExchange(exchange, 'fanout');
    await declareQueue(bounded, { arguments: { maxLength: 1, overflow: 'reject-publish' } });
    await declareQueue(open);
    await bind(exchange, bounded);
    await bind(exchange, open);
    const publish = () => api('POST', `/exchanges/${enc(exchange)}/publish`, { body: { payload: 'x' } });
    expect((await publish()).status).toBe(200);
    const refused = await publish();
    expect(refused.status).toBe(429);
    expect(errorCode(refused)).toBe('queue_full');
    expect(refused.body.error.message).toContain(bounded);
    expect((await api('GET', `/queues/${enc(bounded)}`)).body.messages).toBe(1);
    expect((await api('GET', `/queues/${enc(open)}`)).body.messages).toBe(2);
  });

  it('unroutable: routed false; an alternate exchange takes it', async () => {
    const lonely = unique('ex-lonely');
    await declareExchange(lonely, 'direct');
    const answer = await api('POST', `/exchanges/${enc(lonely)}/publish`, { body: { routingKey: 'nobody', payload: 'x', mandatory: true } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ routed: false, queues: 0, messageId: expect.any(String) });

    const alternate = unique('ex-ae');
    const main = unique('ex-main');
    const catchAll = unique('q-catch');
    await declareExchange(alternate, 'fanout');
    await declareExchange(main, 'direct', { alternateExchange: alternate });
    await declareQueue(catchAll);
    await bind(alternate, catchAll);
    const rerouted = await api('POST', `/exchanges/${enc(main)}/publish`, { body: { routingKey: 'nobody', payload: 'y', mandatory: true } });
    expect(rerouted.body).toMatchObject({ routed: true, queues: 1 });
    expect((await receive(catchAll))[0]).toMatchObject({ payload: 'y', exchange: main, routingKey: 'nobody' });
  });

  it('CC and BCC add routing keys; BCC is removed before delivery', async () => {
    const exchange = unique('ex-cc');
    const [a, b, c] = [unique('q-a'), unique('q-b'), unique('q-c')];
    await declareExchange(exchange, 'direct');
    for (const [queue, key] of [[a, 'a'], [b, 'b'], [c, 'c']]) {
      await declareQueue(queue);
      await bind(exchange, queue, key);
    }
    const answer = await api('POST', `/exchanges/${enc(exchange)}/publish`, {
      body: { routingKey: 'a', payload: 'p', properties: { headers: { CC: ['b'], BCC: ['c'] } } },
    });
    expect(answer.body).toMatchObject({ routed: true, queues: 3 });
    for (const queue of [a, b, c]) {
      const [delivery] = await receive(queue);
      expect(delivery.properties.headers).toEqual({ CC: ['b'] });
    }
  });

  it('publish-batch answers results in order', async () => {
    const queue = unique('q-batch');
    await declareQueue(queue);
    const answer = await api('POST', '/exchanges/amq.default/publish-batch', {
      body: { messages: [1, 2, 3].map((n) => ({ routingKey: queue, payload: `m${n}`, properties: { messageId: `id-${n}` } })) },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ results: [1, 2, 3].map((n) => ({ routed: true, queues: 1, messageId: `id-${n}` })) });
    expect((await receive(queue, { max: 10 })).map((d) => d.payload)).toEqual(['m1', 'm2', 'm3']);
    const empty = await api('POST', '/exchanges/amq.default/publish-batch', { body: { messages: [] } });
    expect(empty.status).toBe(400);
  });

  it('the queue shortcut publishes through the default exchange', async () => {
    const queue = unique('q-short');
    await declareQueue(queue);
    const result = await send(queue, 'direct to queue');
    expect(result).toMatchObject({ routed: true, queues: 1 });
    const [delivery] = await receive(queue);
    expect(delivery).toMatchObject({ exchange: '', routingKey: queue, payload: 'direct to queue' });
  });

  it('the queue shortcut to a queue that does not exist is a 404 naming it, and stores nothing', async () => {
    const queue = unique('q-missing');
    const answer = await api('POST', `/queues/${enc(queue)}/messages`, { body: { payload: 'nowhere' } });
    expect(answer.status).toBe(404);
    expect(errorCode(answer)).toBe('not_found');
    expect(answer.body.error.message).toBe(`queue '${queue}' does not exist`);
    await declareQueue(queue);
    expect((await api('GET', `/queues/${enc(queue)}`)).body).toMatchObject({ messages: 0 });
  });
});

describe('leases, nack and dead-lettering', () => {
  it('nack with requeue puts the message back, redelivered', async () => {
    const queue = unique('q-nack');
    await declareQueue(queue);
    await send(queue, 'again');
    const [first] = await receive(queue);
    const nacked = await api('POST', `/queues/${enc(queue)}/nack`, { body: { deliveryTags: [first.deliveryTag] } });
    expect(nacked.body).toEqual({ nacked: 1 });
    const [second] = await receive(queue);
    expect(second).toMatchObject({ payload: 'again', redelivered: true, deliveryCount: 2 });
    await ack(queue, [second.deliveryTag]);
  });

  it('a long-polling receive is satisfied by a later publish', async () => {
    const queue = unique('q-poll');
    await declareQueue(queue);
    const waiting = receive(queue, { waitMs: 2000 });
    await sleep(200);
    await send(queue, 'worth the wait');
    const messages = await waiting;
    expect(messages.map((m) => m.payload)).toEqual(['worth the wait']);
  });

  it('a lease that runs out returns the message, redelivered', async () => {
    const queue = unique('q-lease');
    await declareQueue(queue);
    await send(queue, 'lease me');
    const [leased] = await receive(queue, { visibilityTimeoutMs: 200 });
    expect(leased.redelivered).toBe(false);
    const [back] = await receive(queue, { waitMs: 2000 });
    expect(back).toMatchObject({ payload: 'lease me', redelivered: true, deliveryCount: 2 });
    expect(await ack(queue, [leased.deliveryTag])).toBe(0);
    expect(await ack(queue, [back.deliveryTag])).toBe(1);
  });

  it('nack with requeue:false dead-letters with x-death', async () => {
    const dlx = unique('ex-dlx');
    const work = unique('q-work');
    const dead = unique('q-dead');
    await declareExchange(dlx, 'fanout');
    await declareQueue(dead);
    await bind(dlx, dead);
    await declareQueue(work, { arguments: { deadLetterExchange: dlx } });
    await send(work, 'poison', { properties: { messageId: 'poison-1' } });
    const [delivery] = await receive(work);
    const nacked = await api('POST', `/queues/${enc(work)}/nack`, { body: { deliveryTags: [delivery.deliveryTag], requeue: false } });
    expect(nacked.body).toEqual({ nacked: 1 });
    const [deadLettered] = await receive(dead, { waitMs: 2000 });
    expect(deadLettered).toMatchObject({ messageId: 'poison-1', payload: 'poison', exchange: dlx, routingKey: work });
    const deaths = deadLettered.properties.headers['x-death'];
    expect(deaths).toEqual([
      expect.objectContaining({ queue: work, reason: 'rejected', count: 1, exchange: '', 'routing-keys': [work], time: expect.any(Number) }),
    ]);
    expect(deaths[0].time).toBeLessThan(Date.now() / 1000 + 5);
  });

  it('nack with requeue:false and no dead-letter exchange drops the message', async () => {
    const queue = unique('q-drop');
    await declareQueue(queue);
    await send(queue, 'bye');
    const [delivery] = await receive(queue);
    await api('POST', `/queues/${enc(queue)}/nack`, { body: { deliveryTags: [delivery.deliveryTag], requeue: false } });
    expect((await api('GET', `/queues/${enc(queue)}`)).body.messages).toBe(0);
  });

  it('validates receive, ack and nack bodies', async () => {
    const queue = unique('q-valid');
    await declareQueue(queue);
    for (const [path, body] of [
      ['receive', { max: 0 }],
      ['receive', { waitMs: 20_001 }],
      ['receive', { visibilityTimeoutMs: 'long' }],
      ['ack', {}],
      ['ack', { deliveryTags: [] }],
      ['ack', { deliveryTags: [1] }],
      ['nack', { deliveryTags: ['t'], requeue: 'no' }],
    ] as const) {
      const answer = await api('POST', `/queues/${enc(queue)}/${path}`, { body });
      expect(answer.status, `${path} ${JSON.stringify(body)}`).toBe(400);
    }
  });
});

describe('peek', () => {
  it('pages through ready messages without changing them, and searches', async () => {
    const queue = unique('q-peek');
    await declareQueue(queue);
    for (let n = 1; n <= 5; n++) await send(queue, `message ${n}`, { properties: { messageId: `peek-${n}`, headers: { n } } });
    const first = await api('GET', `/queues/${enc(queue)}/messages?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((m: { messageId: string }) => m.messageId)).toEqual(['peek-1', 'peek-2']);
    expect(first.body.items[0]).not.toHaveProperty('deliveryTag');
    expect(first.body.items[0]).toMatchObject({ payload: 'message 1', payloadEncoding: 'utf8', redelivered: false, exchange: '' });
    const seen = [...first.body.items];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const page = await api('GET', `/queues/${enc(queue)}/messages?limit=2&cursor=${enc(cursor)}`);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    }
    expect(seen.map((m) => m.messageId)).toEqual(['peek-1', 'peek-2', 'peek-3', 'peek-4', 'peek-5']);
    const found = await api('GET', `/queues/${enc(queue)}/messages?search=MESSAGE%203`);
    expect(found.body.items.map((m: { messageId: string }) => m.messageId)).toEqual(['peek-3']);
    expect((await api('GET', `/queues/${enc(queue)}`)).body).toMatchObject({ messagesReady: 5, messagesUnacked: 0 });
    expect((await api('GET', `/queues/${enc(queue)}/messages?limit=0`)).status).toBe(400);
  });

  it('reads only the messages published since a time, and refuses a time that is not ISO 8601', async () => {
    const queue = unique('q-since');
    await declareQueue(queue);
    await send(queue, 'before', { properties: { messageId: 'since-before' } });
    // The publish times are the server's milliseconds: a few apart on each side of the time asked for.
    await sleep(5);
    const since = new Date().toISOString();
    await sleep(5);
    await send(queue, 'after', { properties: { messageId: 'since-after' } });
    const page = await api('GET', `/queues/${enc(queue)}/messages?since=${enc(since)}`);
    expect(page.status, page.text).toBe(200);
    expect(page.body.items.map((m: { messageId: string }) => m.messageId)).toEqual(['since-after']);
    expect(page.body.scanned).toBe(2);
    const searched = await api('GET', `/queues/${enc(queue)}/messages?since=${enc(since)}&search=before`);
    expect(searched.body.items).toEqual([]);
    for (const bad of ['yesterday', '2026-13-01T00:00:00Z', '1764840000000']) {
      const refused = await api('GET', `/queues/${enc(queue)}/messages?since=${enc(bad)}`);
      expect(refused.status, bad).toBe(400);
      expect(errorCode(refused)).toBe('bad_request');
    }
  });
});
