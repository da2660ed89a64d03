import { describe, expect, it } from 'vitest';
import { decodeContentHeader, encodeContent, typed } from './codec';
import { fromAmqpTable, toAmqpTable } from './field-values';
import { toBasicProperties, toEngineProperties } from './properties';
import { AmqpError } from './reply-codes';

describe('content properties', () => {
  it('map to the engine: seconds to milliseconds, delivery-mode 2 to persistent, expiration to a number', () => {
    expect(
      toEngineProperties({ deliveryMode: 2, timestamp: 1_700_000_000, expiration: '1500', messageId: 'm', userId: 'admin', headers: { a: 1 } }, 'admin'),
    ).toEqual({ persistent: true, timestamp: 1_700_000_000_000, expirationMs: 1500, messageId: 'm', userId: 'admin', headers: { a: 1 } });
    expect(toEngineProperties({}, 'admin')).toEqual({ persistent: false });
  });

  it('refuse what RabbitMQ refuses: a non-numeric expiration, a user-id that is not the logged-in user', () => {
    expect(() => toEngineProperties({ expiration: '-1' }, 'admin')).toThrow(AmqpError);
    expect(() => toEngineProperties({ expiration: 'soon' }, 'admin')).toThrow(/invalid expiration 'soon'/);
    expect(() => toEngineProperties({ userId: 'guest' }, 'admin')).toThrow(/user_id property set to 'guest' but authenticated user was 'admin'/);
  });

  it('map back for deliveries', () => {
    expect(toBasicProperties({ persistent: true, timestamp: 1_700_000_000_999, expirationMs: 10, correlationId: 'c' })).toEqual({
      deliveryMode: 2,
      timestamp: 1_700_000_000,
      expiration: '10',
      correlationId: 'c',
    });
    expect(toBasicProperties({ persistent: false }).deliveryMode).toBe(1);
  });

  it('carry cluster-id both ways (deprecated in 0-9-1, but RabbitMQ passes it through)', () => {
    expect(toEngineProperties({ clusterId: 'cluster-a' }, 'admin')).toEqual({ persistent: false, clusterId: 'cluster-a' });
    expect(toBasicProperties({ persistent: true, clusterId: 'cluster-a' })).toEqual({ deliveryMode: 2, clusterId: 'cluster-a' });
    expect(toBasicProperties({ persistent: true })).not.toHaveProperty('clusterId');
  });
});

describe('field tables', () => {
  it('come into the engine as JSON values; byte arrays as text', () => {
    expect(fromAmqpTable({ s: 'x', n: 1, b: false, v: null, x: Buffer.from('bytes'), a: [1, { t: 'y' }] })).toEqual({
      s: 'x',
      n: 1,
      b: false,
      v: null,
      x: 'bytes',
      a: [1, { t: 'y' }],
    });
  });

  it('give x-death RabbitMQ’s types on the way out, and survive an encode/decode round trip', () => {
    const headers = {
      'x-death': [{ queue: 'q', reason: 'expired', count: 2, time: 1_700_000_000, exchange: '', 'routing-keys': ['q'] }],
      other: 5,
    };
    const table = toAmqpTable(headers);
    expect((table['x-death'] as Record<string, unknown>[])[0]).toMatchObject({ count: typed('long', 2), time: typed('timestamp', 1_700_000_000) });
    const frames = encodeContent(1, { headers: table }, Buffer.alloc(0), 4096);
    const header = decodeContentHeader(frames.subarray(7, frames.readUInt32BE(3) + 7));
    expect(fromAmqpTable(header.properties.headers!)).toEqual(headers);
    const untouched = { a: 1 };
    expect(toAmqpTable(untouched)).toBe(untouched);
  });
});
