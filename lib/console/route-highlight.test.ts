import { describe, expect, it } from 'vitest';
import { routeHighlight } from './route-highlight';

describe('routeHighlight', () => {
  it('lights the start, every hop (exchange-to-exchange and alternate exchange) and each queue reached', () => {
    const lit = routeHighlight('orders', {
      queues: ['shipping', 'billing'],
      path: [
        { exchange: 'orders', bindingId: 'alternate:orders', destination: 'leftovers', destinationType: 'exchange' },
        { exchange: 'leftovers', bindingId: 'b1', destination: 'audit', destinationType: 'exchange' },
        { exchange: 'audit', bindingId: 'b2', destination: 'billing', destinationType: 'queue' },
        { exchange: 'leftovers', bindingId: 'b3', destination: 'shipping', destinationType: 'queue' },
      ],
    });
    expect([...lit.nodes].sort()).toEqual(['exchange:audit', 'exchange:leftovers', 'exchange:orders', 'queue:billing', 'queue:shipping']);
    expect([...lit.edges].sort()).toEqual(['alternate:orders', 'b1', 'b2', 'b3']);
    expect(lit.queues).toEqual(['billing', 'shipping']);
  });

  it('lights only the exchange tested when the message is unroutable', () => {
    const lit = routeHighlight('orders', { queues: [], path: [] });
    expect([...lit.nodes]).toEqual(['exchange:orders']);
    expect(lit.edges.size).toBe(0);
    expect(lit.queues).toEqual([]);
  });

  it('lights the queue reached through the default exchange, whose binding is not drawn', () => {
    const lit = routeHighlight('amq.default', { queues: ['jobs'], path: [{ exchange: 'amq.default', bindingId: 'default:jobs', destination: 'jobs', destinationType: 'queue' }] });
    expect(lit.nodes.has('queue:jobs')).toBe(true);
  });
});
