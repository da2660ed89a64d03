import { describe, expect, it } from 'vitest';
import { deadLettersHref, discoverDeadLetterQueues, readSelectedQueue, sortedCounts } from './dead-letter-discovery';

const binding = (source: string, destination: string) => ({
  id: `${source}->${destination}`,
  source,
  destination,
  destinationType: 'queue' as const,
  routingKey: '',
  arguments: {},
});

describe('discoverDeadLetterQueues', () => {
  it('finds targets by default-exchange routing key, by DLX bindings and by name, with their feeders', () => {
    const queues = [
      { name: 'orders', arguments: { deadLetterExchange: '', deadLetterRoutingKey: 'orders-parked' } },
      { name: 'orders-parked', arguments: {} },
      { name: 'billing', arguments: { deadLetterExchange: 'billing.dlx' } },
      { name: 'invoices', arguments: { deadLetterExchange: 'billing.dlx' } },
      { name: 'billing-held', arguments: {} },
      { name: 'payments.dlq', arguments: {} },
      { name: 'plain', arguments: {} },
      { name: 'ghost-source', arguments: { deadLetterExchange: '', deadLetterRoutingKey: 'not-declared' } },
    ];
    const result = discoverDeadLetterQueues(queues, [binding('billing.dlx', 'billing-held'), binding('amq.direct', 'plain')]);
    expect(result).toEqual([
      { name: 'billing-held', exists: true, feeders: ['billing', 'invoices'], byNameOnly: false },
      { name: 'orders-parked', exists: true, feeders: ['orders'], byNameOnly: false },
      { name: 'payments.dlq', exists: true, feeders: [], byNameOnly: true },
      { name: 'not-declared', exists: false, feeders: ['ghost-source'], byNameOnly: false },
    ]);
  });

  it('is empty without dead-letter queues', () => {
    expect(discoverDeadLetterQueues([{ name: 'a', arguments: {} }], [])).toEqual([]);
  });
});

describe('selection in the URL', () => {
  it('reads and writes ?queue=', () => {
    expect(readSelectedQueue(new URLSearchParams('queue=orders%20dlq'))).toBe('orders dlq');
    expect(readSelectedQueue(new URLSearchParams(''))).toBeUndefined();
    expect(deadLettersHref('a/b&c')).toBe('/dead-letters?queue=a%2Fb%26c');
    expect(deadLettersHref(undefined)).toBe('/dead-letters');
  });
});

describe('sortedCounts', () => {
  it('drops zeros and sorts biggest first, then by name', () => {
    expect(sortedCounts({ expired: 2, rejected: 5, maxlen: 2, delivery_limit: 0 })).toEqual([
      ['rejected', 5],
      ['expired', 2],
      ['maxlen', 2],
    ]);
  });
});
