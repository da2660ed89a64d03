/** @module The permission each operation needs, compared with rabbit_channel's checks. */
import { describe, expect, it } from 'vitest';
import {
  bindNeeds,
  declareExchangeNeeds,
  declareQueueNeeds,
  deleteExchangeNeeds,
  deleteQueueNeeds,
  moveNeeds,
  publishNeeds,
  readQueueNeeds,
} from './operations';

describe('operations', () => {
  it('queue.declare: configure on the queue', () => {
    expect(declareQueueNeeds('orders')).toEqual([{ permission: 'configure', kind: 'queue', name: 'orders' }]);
  });

  it('queue.declare with a dead-letter exchange: also read on the queue and write on the DLX', () => {
    expect(declareQueueNeeds('orders', 'dlx')).toEqual([
      { permission: 'configure', kind: 'queue', name: 'orders' },
      { permission: 'read', kind: 'queue', name: 'orders' },
      { permission: 'write', kind: 'exchange', name: 'dlx' },
    ]);
  });

  it("queue.declare dead-lettering to the default exchange still checks it (as 'amq.default', by the policy)", () => {
    expect(declareQueueNeeds('orders', '')).toContainEqual({ permission: 'write', kind: 'exchange', name: '' });
  });

  it('exchange.declare: configure on the exchange', () => {
    expect(declareExchangeNeeds('events')).toEqual([{ permission: 'configure', kind: 'exchange', name: 'events' }]);
  });

  it('exchange.declare with an alternate exchange: also read on the exchange and write on the AE', () => {
    expect(declareExchangeNeeds('events', 'unrouted')).toEqual([
      { permission: 'configure', kind: 'exchange', name: 'events' },
      { permission: 'read', kind: 'exchange', name: 'events' },
      { permission: 'write', kind: 'exchange', name: 'unrouted' },
    ]);
  });

  it('queue.delete and exchange.delete: configure', () => {
    expect(deleteQueueNeeds('orders')).toEqual([{ permission: 'configure', kind: 'queue', name: 'orders' }]);
    expect(deleteExchangeNeeds('events')).toEqual([{ permission: 'configure', kind: 'exchange', name: 'events' }]);
  });

  it('queue.bind: write on the destination queue, read on the source exchange', () => {
    expect(bindNeeds('events', 'queue', 'orders')).toEqual([
      { permission: 'write', kind: 'queue', name: 'orders' },
      { permission: 'read', kind: 'exchange', name: 'events' },
    ]);
  });

  it('exchange.bind: write on the destination exchange, read on the source exchange', () => {
    expect(bindNeeds('events', 'exchange', 'audit')).toEqual([
      { permission: 'write', kind: 'exchange', name: 'audit' },
      { permission: 'read', kind: 'exchange', name: 'events' },
    ]);
  });

  it('basic.publish: write on the exchange, nothing on the queues it reaches', () => {
    expect(publishNeeds('events')).toEqual([{ permission: 'write', kind: 'exchange', name: 'events' }]);
    expect(publishNeeds('')).toEqual([{ permission: 'write', kind: 'exchange', name: '' }]);
  });

  it('consume, get, purge, browse: read on the queue', () => {
    expect(readQueueNeeds('orders')).toEqual([{ permission: 'read', kind: 'queue', name: 'orders' }]);
  });

  it('move to a queue: read on the source queue, write on the destination queue', () => {
    expect(moveNeeds('orders.dlq', { queue: 'orders' })).toEqual([
      { permission: 'read', kind: 'queue', name: 'orders.dlq' },
      { permission: 'write', kind: 'queue', name: 'orders' },
    ]);
  });

  it('move to an exchange: read on the source queue, write on the destination exchange', () => {
    expect(moveNeeds('orders.dlq', { exchange: 'events' })).toEqual([
      { permission: 'read', kind: 'queue', name: 'orders.dlq' },
      { permission: 'write', kind: 'exchange', name: 'events' },
    ]);
  });
});
