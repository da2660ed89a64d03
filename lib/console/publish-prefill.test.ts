import { describe, expect, it } from 'vitest';
import type { Message } from '@/lib/client/types';
import { emptyPublishForm } from './publish-form-body';
import { publishFormFromMessage, publishPrefillKey } from './publish-prefill';

const message = (extra: Partial<Message> = {}): Message => ({
  messageId: 'm1',
  exchange: '',
  routingKey: 'q',
  payload: '{"a":1}',
  payloadEncoding: 'utf8',
  properties: {},
  redelivered: false,
  deliveryCount: 0,
  publishedAt: 0,
  ...extra,
});

describe('publishFormFromMessage', () => {
  it('copies payload and properties, leaves the message id for the broker to pick', () => {
    const values = publishFormFromMessage(
      message({
        properties: {
          messageId: 'm1',
          contentType: 'application/json',
          correlationId: 'c',
          priority: 3,
          expirationMs: 1000,
          persistent: false,
          headers: { tenant: 'eu', n: 2, 'x-death': [{ queue: 'q' }] },
        },
      }),
    );
    expect(values).toEqual({
      ...emptyPublishForm,
      payload: '{"a":1}',
      contentType: 'application/json',
      headers: [
        { key: 'tenant', value: 'eu' },
        { key: 'n', value: '2' },
      ],
      correlationId: 'c',
      priority: '3',
      expirationMs: '1000',
      persistent: false,
    });
  });
  it('leaves binary payloads out', () => {
    expect(publishFormFromMessage(message({ payloadEncoding: 'base64', payload: '/w==' }))).toBeUndefined();
  });
  it('keys storage by queue', () => {
    expect(publishPrefillKey('orders')).toBe('switchboard:publish-prefill:orders');
  });
});
