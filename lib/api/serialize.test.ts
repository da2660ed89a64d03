import { describe, expect, it } from 'vitest';
import type { Delivery, QueueStats } from '@/lib/engine';
import { encodePayload, toBindingJson, toDeliveryJson, toExchangeJson, toMessageJson, toQueueJson } from './serialize';

const rates = { publish: 0, deliver: 0, ack: 0, redeliver: 0, deadLetter: 0 };

describe('serialize', () => {
  it('shows the default exchange as amq.default in exchanges and bindings', () => {
    expect(toExchangeJson({ name: '', type: 'direct', durable: true, autoDelete: false, internal: false, arguments: {} }).name).toBe('amq.default');
    expect(toExchangeJson({ name: 'x', type: 'topic', durable: true, autoDelete: false, internal: false, arguments: {}, alternateExchange: 'ae' })).toEqual({
      name: 'x',
      type: 'topic',
      durable: true,
      autoDelete: false,
      internal: false,
      arguments: {},
      alternateExchange: 'ae',
    });
    const binding = { id: 'default:q', source: '', destination: 'q', destinationType: 'queue' as const, routingKey: 'q', arguments: {} };
    expect(toBindingJson(binding).source).toBe('amq.default');
  });

  it('shows queues with the contract fields and whether they are exclusive', () => {
    const stats: QueueStats = {
      name: 'q',
      durable: true,
      autoDelete: false,
      exclusiveOwner: 'conn-1',
      arguments: { maxLength: 3 },
      messagesReady: 1,
      messagesUnacked: 2,
      messages: 3,
      bytesReady: 10,
      consumers: 1,
      oldestReadyAgeMs: null,
      rates,
    };
    expect(toQueueJson(stats)).toEqual({ ...stats, exclusiveOwner: undefined, exclusive: true, type: 'classic' });
    expect(toQueueJson({ ...stats, arguments: { queueType: 'quorum', maxLength: 3 } })).toMatchObject({ type: 'quorum', arguments: { maxLength: 3 } });
    expect(toQueueJson(stats)).not.toHaveProperty('exclusiveOwner');
  });

  it('writes payloads as text when they are valid UTF-8, else as base64', () => {
    expect(encodePayload(Buffer.from('héllo ✓'))).toEqual({ payload: 'héllo ✓', payloadEncoding: 'utf8' });
    expect(encodePayload(Buffer.from([0xc3, 0x28]))).toEqual({ payload: 'wyg=', payloadEncoding: 'base64' });
    expect(encodePayload(Buffer.alloc(0))).toEqual({ payload: '', payloadEncoding: 'utf8' });
  });

  it('writes deliveries, keeping "" as the default exchange and x-death as is', () => {
    const death = { queue: 'work', reason: 'rejected', count: 1, exchange: '', 'routing-keys': ['work'], time: 1_700_000_000 };
    const delivery: Delivery = {
      deliveryTag: 't1',
      messageId: 'm1',
      exchange: '',
      routingKey: 'work',
      payload: Buffer.from('{"a":1}'),
      properties: { headers: { 'x-death': [death] }, persistent: true, contentType: undefined },
      redelivered: false,
      deliveryCount: 1,
      publishedAt: 1_700_000_000_000,
      queue: 'dead',
    };
    const json = toDeliveryJson(delivery);
    expect(json).toEqual({
      deliveryTag: 't1',
      messageId: 'm1',
      exchange: '',
      routingKey: 'work',
      payload: '{"a":1}',
      payloadEncoding: 'utf8',
      properties: { headers: { 'x-death': [death] }, persistent: true },
      redelivered: false,
      deliveryCount: 1,
      publishedAt: 1_700_000_000_000,
    });
    expect(Object.keys(json.properties)).not.toContain('contentType');
    const { deliveryTag: _tag, ...message } = delivery;
    expect(toMessageJson(message)).not.toHaveProperty('deliveryTag');
  });
});
