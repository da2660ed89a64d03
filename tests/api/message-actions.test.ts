import { describe, expect, it } from 'vitest';
import { api, bind, declareExchange, declareQueue, enc, errorCode, receive, send, unique } from './http';

const ids = async (queue: string) => (await api('GET', `/queues/${enc(queue)}/messages?limit=100`)).body.items.map((m: { messageId: string }) => m.messageId);

async function fill(queue: string, count: number) {
  for (let i = 0; i < count; i++) await send(queue, `body-${i}`, { properties: { messageId: `m-${i}`, headers: { n: i } } });
}

describe('single-message actions', () => {
  it('DELETE removes one ready message: 204, and 404 for one that is not there', async () => {
    const queue = unique('q-del');
    await declareQueue(queue);
    await fill(queue, 3);
    const deleted = await api('DELETE', `/queues/${enc(queue)}/messages/m-1`);
    expect(deleted.status).toBe(204);
    expect(await ids(queue)).toEqual(['m-0', 'm-2']);
    const again = await api('DELETE', `/queues/${enc(queue)}/messages/m-1`);
    expect(again.status).toBe(404);
    expect(errorCode(again)).toBe('not_found');
    expect((await api('DELETE', `/queues/${enc(unique('none'))}/messages/m-0`)).status).toBe(404);
  });

  it('a message out on a lease answers 409 precondition_failed to every action', async () => {
    const queue = unique('q-lease');
    await declareQueue(queue);
    await fill(queue, 1);
    await receive(queue);
    for (const [method, path, body] of [
      ['DELETE', '', undefined],
      ['POST', '/move', { to: { queue } }],
      ['POST', '/requeue', undefined],
    ] as const) {
      const answer = await api(method, `/queues/${enc(queue)}/messages/m-0${path}`, body ? { body } : {});
      expect(answer.status, `${method} ${path}`).toBe(409);
      expect(errorCode(answer)).toBe('precondition_failed');
    }
  });

  it('moves a message to a queue or through an exchange, keeping headers and properties', async () => {
    const queue = unique('q-src');
    const target = unique('q-dst');
    const routed = unique('q-routed');
    const exchange = unique('ex');
    await declareQueue(queue);
    await declareQueue(target);
    await declareQueue(routed);
    await declareExchange(exchange, 'direct');
    await bind(exchange, routed, 'k');
    await fill(queue, 3);

    const moved = await api('POST', `/queues/${enc(queue)}/messages/m-0/move`, { body: { to: { queue: target } } });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body).toEqual({ messageId: 'm-0', queues: [target] });
    const [copy] = await receive(target);
    expect(copy).toMatchObject({ messageId: 'm-0', payload: 'body-0', properties: { headers: { n: 0 }, persistent: true } });

    const viaExchange = await api('POST', `/queues/${enc(queue)}/messages/m-1/move`, { body: { to: { exchange, routingKey: 'k' } } });
    expect(viaExchange.body).toEqual({ messageId: 'm-1', queues: [routed] });
    expect(await ids(routed)).toEqual(['m-1']);

    const nowhere = await api('POST', `/queues/${enc(queue)}/messages/m-2/move`, { body: { to: { exchange, routingKey: 'other' } } });
    expect(nowhere.status).toBe(409);
    const missing = await api('POST', `/queues/${enc(queue)}/messages/m-2/move`, { body: { to: { queue: unique('none') } } });
    expect(missing.status).toBe(404);
    expect(await ids(queue)).toEqual(['m-2']);
  });

  it('400 for a move body that names no single destination', async () => {
    const queue = unique('q-bad');
    await declareQueue(queue);
    await fill(queue, 1);
    for (const body of [{}, { to: 'source' }, { to: {} }, { to: { queue: 'a', exchange: 'b', routingKey: '' } }, { to: { exchange: 'x' } }, { to: { queue: 'x'.repeat(256) } }]) {
      const answer = await api('POST', `/queues/${enc(queue)}/messages/m-0/move`, { body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(errorCode(answer)).toBe('bad_request');
    }
    expect(await ids(queue)).toEqual(['m-0']);
  });

  it('requeue sends a message to the tail of its own queue', async () => {
    const queue = unique('q-requeue');
    await declareQueue(queue);
    await fill(queue, 3);
    const answer = await api('POST', `/queues/${enc(queue)}/messages/m-0/requeue`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ messageId: 'm-0', queue });
    expect(await ids(queue)).toEqual(['m-1', 'm-2', 'm-0']);
  });
});
