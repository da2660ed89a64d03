import { describe, expect, it } from 'vitest';
import { exportDefinitions, queueArgumentsFromRabbit, queueArgumentsToRabbit } from './definitions';
import { binding, broker, exchange, queue } from './definitions.fixtures';
import { definitionsImportSchema } from './schemas/definitions';

describe('queue arguments', () => {
  it('map to RabbitMQ x-arguments and back', () => {
    const ours = {
      messageTtlMs: 1000,
      expiresMs: 5000,
      maxLength: 10,
      maxLengthBytes: 1024,
      overflow: 'reject-publish' as const,
      maxPriority: 9,
      deadLetterExchange: 'dlx',
      deadLetterRoutingKey: 'dead',
      deliveryLimit: 3,
    };
    const rabbit = queueArgumentsToRabbit(ours);
    expect(rabbit).toEqual({
      'x-message-ttl': 1000,
      'x-expires': 5000,
      'x-max-length': 10,
      'x-max-length-bytes': 1024,
      'x-overflow': 'reject-publish',
      'x-max-priority': 9,
      'x-dead-letter-exchange': 'dlx',
      'x-dead-letter-routing-key': 'dead',
      'x-delivery-limit': 3,
    });
    expect(queueArgumentsFromRabbit(rabbit)).toEqual({ arguments: ours, ignored: [] });
  });

  it('reads an unlimited delivery limit, the default exchange as DLX, and reports what it ignores', () => {
    const mapped = queueArgumentsFromRabbit({
      'x-delivery-limit': -1,
      'x-dead-letter-exchange': 'amq.default',
      'x-queue-type': 'classic',
      'x-queue-mode': 'lazy',
      'x-single-active-consumer': true,
    });
    expect(mapped.arguments).toEqual({ deadLetterExchange: '' });
    expect(mapped.ignored).toEqual(['x-queue-mode', 'x-single-active-consumer']);
    expect(queueArgumentsFromRabbit({ 'x-queue-type': 'quorum' }).ignored).toEqual(['x-queue-type']);
  });
});

describe('exportDefinitions', () => {
  it('writes RabbitMQ definitions without built-ins, exclusive queues or default-exchange bindings', () => {
    const defs = exportDefinitions(broker(), '1.2.3');
    expect(defs.product_version).toBe('1.2.3');
    expect(defs.vhosts).toEqual([{ name: '/' }]);
    expect(defs.exchanges.map((e) => e.name)).toEqual(['orders', 'unrouted']);
    expect(defs.exchanges[0]).toEqual({
      name: 'orders',
      vhost: '/',
      type: 'topic',
      durable: true,
      auto_delete: false,
      internal: false,
      arguments: { 'alternate-exchange': 'unrouted' },
    });
    expect(defs.queues.map((q) => q.name)).toEqual(['orders.created', 'orders.dlq']);
    expect(defs.queues[0].arguments).toEqual({
      'x-message-ttl': 60_000,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': 'orders.dlq',
      'x-max-priority': 5,
    });
    expect(defs.bindings).toEqual([
      { source: 'orders', vhost: '/', destination: 'orders.created', destination_type: 'queue', routing_key: 'order.created.#', arguments: {} },
    ]);
  });
});

describe('definitionsImportSchema', () => {
  it('accepts vhost "/" only and validates x-arguments', () => {
    expect(definitionsImportSchema.safeParse({ queues: [{ name: 'q', vhost: '/other' }] }).success).toBe(false);
    expect(definitionsImportSchema.safeParse({ queues: [{ name: 'q', arguments: { 'x-max-priority': 300 } }] }).success).toBe(false);
    expect(definitionsImportSchema.safeParse({ queues: [{ name: 'q', arguments: { 'x-message-ttl': '10' } }] }).success).toBe(false);
    expect(definitionsImportSchema.safeParse({ queues: [{ name: 'amq.q' }] }).success).toBe(false);
    expect(definitionsImportSchema.safeParse({ exchanges: [{ name: 'x', type: 'x-delayed-message' }] }).success).toBe(false);
    expect(definitionsImportSchema.parse({ rabbit_version: '3.13', queues: [{ name: 'q' }] }).queues[0]).toMatchObject({
      vhost: '/',
      durable: true,
      auto_delete: false,
      arguments: {},
    });
  });
});
