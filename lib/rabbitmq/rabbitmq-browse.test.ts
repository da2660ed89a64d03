import { describe, expect, it } from 'vitest';
import { BROWSE_BY_GET_LIMIT, browseByGet, fromRabbitProperties } from './rabbitmq-browse';

describe('browsing a RabbitMQ queue', () => {
  it("reads RabbitMQ's basic properties as the API names them, the timestamp in milliseconds", () => {
    expect(
      fromRabbitProperties({ message_id: 'm', content_type: 'text/plain', delivery_mode: 2, timestamp: 1_800_000_000, expiration: '5000', priority: 3, headers: { 'x-delivery-count': 2 } }),
    ).toEqual({ messageId: 'm', contentType: 'text/plain', persistent: true, timestamp: 1_800_000_000_000, expirationMs: 5000, priority: 3, headers: { 'x-delivery-count': 2 } });
    expect(fromRabbitProperties({ headers: {} })).toEqual({});
  });

  it('takes and requeues only when asked, at most the limit, from the head only', async () => {
    const asked: number[] = [];
    const get = async (count: number) => {
      asked.push(count);
      return [
        { payload: 'hello', payload_encoding: 'string', exchange: '', routing_key: 'q', redelivered: true, properties: { headers: { 'x-delivery-count': 1 } } },
        { payload: Buffer.from([0xff, 0x00]).toString('base64'), payload_encoding: 'base64', exchange: 'ex', routing_key: 'k', redelivered: false, properties: { message_id: 'bin' } },
      ];
    };
    await expect(browseByGet(get, 2, { limit: 10, getAndRequeue: false })).rejects.toMatchObject({ code: 'not_supported' });
    await expect(browseByGet(get, 2, { limit: 10, cursor: '1', getAndRequeue: true })).rejects.toMatchObject({ code: 'bad_request' });
    expect(asked).toEqual([]);
    const page = await browseByGet(get, 2, { limit: 500, getAndRequeue: true });
    expect(asked).toEqual([BROWSE_BY_GET_LIMIT]);
    expect(page).toMatchObject({ scanned: 2, ready: 2 });
    expect(page.items).toMatchObject([
      { messageId: '#1', payload: 'hello', payloadEncoding: 'utf8', redelivered: true, deliveryCount: 1, publishedAt: null },
      { messageId: 'bin', payload: '/wA=', payloadEncoding: 'base64', exchange: 'ex', routingKey: 'k', deliveryCount: 0 },
    ]);
    expect((await browseByGet(get, 2, { limit: 5, search: 'HELLO', getAndRequeue: true })).items.map((m) => m.messageId)).toEqual(['#1']);
  });
});
