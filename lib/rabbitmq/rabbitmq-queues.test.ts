import { describe, expect, it } from 'vitest';
import { queueListQuerySchema, queueDeclareBodySchema } from '@/lib/api/schemas/queues';
import { fromRabbitQueue, rabbitListQuery, toRabbitDeclaration } from './rabbitmq-queues';

describe('RabbitMQ queues as the API shows them', () => {
  it('reads a management API queue: x- arguments by their names here, rates from the message stats', () => {
    const queue = fromRabbitQueue({
      name: 'orders',
      durable: true,
      auto_delete: false,
      exclusive: false,
      type: 'quorum',
      arguments: { 'x-queue-type': 'quorum', 'x-max-length': 10, 'x-dead-letter-exchange': 'dlx', 'x-custom': 'kept out' },
      messages_ready: 3,
      messages_unacknowledged: 1,
      messages: 4,
      message_bytes_ready: 300,
      consumers: 2,
      message_stats: { publish_details: { rate: 1.5 }, deliver_get_details: { rate: 2 }, ack_details: { rate: 0.5 } },
    });
    expect(queue).toEqual({
      name: 'orders',
      durable: true,
      autoDelete: false,
      exclusive: false,
      type: 'quorum',
      arguments: { maxLength: 10, deadLetterExchange: 'dlx' },
      messagesReady: 3,
      messagesUnacked: 1,
      messages: 4,
      bytesReady: 300,
      consumers: 2,
      oldestReadyAgeMs: null,
      rates: { publish: 1.5, deliver: 2, ack: 0.5, redeliver: 0, deadLetter: 0 },
    });
  });

  it('reads a queue whose stats have not arrived yet as empty', () => {
    expect(fromRabbitQueue({ name: 'new', durable: true })).toMatchObject({ messages: 0, consumers: 0, type: 'classic', rates: { publish: 0 } });
    expect(fromRabbitQueue({ name: 'log', type: 'stream' }).type).toBe('stream');
    expect(fromRabbitQueue({ name: 'odd', type: 'something-newer' }).type).toBe('classic');
  });

  it("asks for one of RabbitMQ's pages, at most 500 long, and refuses a sort it cannot do", () => {
    const query = queueListQuerySchema.parse({ search: 'ord', sort: '-publishRate', limit: '1000', cursor: '3' });
    const { search, page, pageSize } = rabbitListQuery(query);
    expect({ page, pageSize }).toEqual({ page: 3, pageSize: 500 });
    expect(Object.fromEntries(new URLSearchParams(search))).toEqual({
      page: '3',
      page_size: '500',
      sort: 'message_stats.publish_details.rate',
      sort_reverse: 'true',
      name: 'ord',
    });
    expect(() => rabbitListQuery(queueListQuerySchema.parse({ sort: 'oldestReadyAgeMs' }))).toThrow(expect.objectContaining({ code: 'not_supported' }));
    expect(() => rabbitListQuery(queueListQuerySchema.parse({ cursor: 'zero' }))).toThrow(expect.objectContaining({ code: 'bad_request' }));
  });

  it('declares with the x- arguments, the default exchange named as AMQP names it', () => {
    const body = queueDeclareBodySchema.parse({ type: 'quorum', arguments: { deliveryLimit: 5, deadLetterExchange: 'amq.default', deadLetterRoutingKey: 'dead' } });
    expect(toRabbitDeclaration(body)).toEqual({
      durable: true,
      auto_delete: false,
      arguments: { 'x-delivery-limit': 5, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'dead', 'x-queue-type': 'quorum' },
    });
  });
});
