import { describe, expect, inject, it } from 'vitest';
import { openEventStream } from './event-stream';
import { ack, api, declareQueue, enc, receive, send, unique } from './http';

/** Opens a subscription; `next(n)` reads until n events arrived (or 2 s passed). */
async function subscribe(queue: string, prefetch?: number) {
  const query = prefetch === undefined ? '' : `?prefetch=${prefetch}`;
  const stream = await openEventStream(`/queues/${enc(queue)}/subscribe${query}`);
  const next = async (count: number) => (await stream.until((events) => events.length >= count, 2000)).slice(0, count);
  return { next, close: stream.close, events: stream.events };
}

describe('subscribe (Server-Sent Events)', () => {
  it('streams one message event per delivery; acks go through /ack', async () => {
    const queue = unique('q-sse');
    await declareQueue(queue);
    await send(queue, 'before');
    const stream = await subscribe(queue);
    await send(queue, 'after', { properties: { headers: { n: 2 } } });
    const events = await stream.next(2);
    expect(events.map((e) => e.event)).toEqual(['message', 'message']);
    expect(events.map((e) => e.data.payload)).toEqual(['before', 'after']);
    expect(events[1].data).toMatchObject({ deliveryTag: expect.any(String), exchange: '', routingKey: queue, redelivered: false, properties: { headers: { n: 2 } } });
    expect((await api('GET', `/queues/${enc(queue)}`)).body).toMatchObject({ consumers: 1, messagesUnacked: 2 });
    expect(await ack(queue, events.map((e) => e.data.deliveryTag))).toBe(2);
    stream.close();
  });

  it('keeps at most prefetch unacked', async () => {
    const queue = unique('q-prefetch');
    await declareQueue(queue);
    for (const payload of ['1', '2', '3']) await send(queue, payload);
    const stream = await subscribe(queue, 2);
    const first = await stream.next(2);
    expect(first.map((e) => e.data.payload)).toEqual(['1', '2']);
    expect((await api('GET', `/queues/${enc(queue)}`)).body).toMatchObject({ messagesReady: 1, messagesUnacked: 2 });
    await ack(queue, [first[0].data.deliveryTag]);
    const third = await stream.next(3);
    expect(third[2].data.payload).toBe('3');
    stream.close();
  });

  it('returns unacked messages, redelivered, when the client disconnects', async () => {
    const queue = unique('q-sse-drop');
    await declareQueue(queue);
    const stream = await subscribe(queue);
    await send(queue, 'unfinished');
    const [event] = await stream.next(1);
    expect(event.data.payload).toBe('unfinished');
    stream.close();
    const [again] = await receive(queue, { waitMs: 2000 });
    expect(again).toMatchObject({ payload: 'unfinished', redelivered: true });
    await ack(queue, [again.deliveryTag]);
    expect((await api('GET', `/queues/${enc(queue)}`)).body.consumers).toBe(0);
  });

  it('validates prefetch', async () => {
    const queue = unique('q-sse-bad');
    await declareQueue(queue);
    const answer = await api('GET', `/queues/${enc(queue)}/subscribe?prefetch=0`);
    expect(answer.status).toBe(400);
  });
});
