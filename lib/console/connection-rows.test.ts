import { describe, expect, it } from 'vitest';
import { amqpConnectUrl, clientIdentity, clientPropertyLines, connectedFor, sortConnections } from './connection-rows';

describe('clientIdentity', () => {
  it('reads product, version, platform and connection_name', () => {
    const identity = clientIdentity({
      peer: '127.0.0.1:5000',
      clientProperties: { product: 'amqplib', version: '0.10.9', platform: 'Node.JS v22', connection_name: 'orders' },
    });
    expect(identity).toEqual({ name: 'orders', product: 'amqplib', version: '0.10.9', platform: 'Node.JS v22' });
  });

  it('falls back to the peer and to empty text when the client says nothing', () => {
    expect(clientIdentity({ peer: '127.0.0.1:5001', clientProperties: { connection_name: '  ', version: 3 } })).toEqual({
      name: '127.0.0.1:5001',
      product: '',
      version: '3',
      platform: '',
    });
  });
});

describe('clientPropertyLines', () => {
  it('flattens tables into dotted keys, sorted, and turns every value into text', () => {
    expect(
      clientPropertyLines({
        product: 'pika',
        capabilities: { publisher_confirms: true, 'basic.nack': true },
        list: [1, 'a'],
        empty: {},
        none: null,
      }),
    ).toEqual([
      { key: 'capabilities.basic.nack', value: 'true' },
      { key: 'capabilities.publisher_confirms', value: 'true' },
      { key: 'empty', value: '{}' },
      { key: 'list', value: '[1,"a"]' },
      { key: 'none', value: 'null' },
      { key: 'product', value: 'pika' },
    ]);
  });

  it('keeps markup as plain text', () => {
    expect(clientPropertyLines({ product: '<img src=x onerror=alert(1)>' })).toEqual([
      { key: 'product', value: '<img src=x onerror=alert(1)>' },
    ]);
  });
});

describe('sortConnections', () => {
  it('puts the newest first and breaks ties by id', () => {
    const sorted = sortConnections([
      { id: 'b', connectedAt: 1 },
      { id: 'c', connectedAt: 5 },
      { id: 'a', connectedAt: 1 },
    ]);
    expect(sorted.map((c) => c.id)).toEqual(['c', 'a', 'b']);
  });
});

describe('connectedFor', () => {
  it('is the time since connecting, never negative', () => {
    expect(connectedFor(1_000, 61_000)).toBe(60_000);
    expect(connectedFor(2_000, 1_000)).toBe(0);
  });
});

describe('amqpConnectUrl', () => {
  it('names the host and port with a password placeholder', () => {
    expect(amqpConnectUrl('127.0.0.1', 5672)).toBe('amqp://admin:<password>@127.0.0.1:5672');
    expect(amqpConnectUrl('broker.local', 5673, 'ann')).toBe('amqp://ann:<password>@broker.local:5673');
  });

  it('puts a vhost other than / in the path, percent-encoded, and encodes the user', () => {
    expect(amqpConnectUrl('127.0.0.1', 5672, 'app@shop', 'shop/eu')).toBe('amqp://app%40shop:<password>@127.0.0.1:5672/shop%2Feu');
  });

  it('brackets an IPv6 address', () => {
    expect(amqpConnectUrl('::1', 5672)).toBe('amqp://admin:<password>@[::1]:5672');
    expect(amqpConnectUrl('[::1]', 5672)).toBe('amqp://admin:<password>@[::1]:5672');
  });
});
