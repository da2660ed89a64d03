import { describe, expect, it } from 'vitest';
import { connectedTo, emptyFilter, filterRoutingGraph } from './routing-filter';
import { buildRoutingGraph } from './routing-graph';
import { bindingOf, exchangeOf, queueOf } from './sample-topology';

// orders (topic) → payments (direct) → billing; orders → shipping; audit (fanout) → archive; idle is unbound.
const graph = buildRoutingGraph({
  exchanges: [exchangeOf('orders', 'topic', { alternateExchange: 'leftovers' }), exchangeOf('payments'), exchangeOf('audit', 'fanout'), exchangeOf('leftovers', 'fanout'), exchangeOf('amq.headers', 'headers')],
  queues: [queueOf('billing'), queueOf('shipping'), queueOf('archive'), queueOf('idle'), queueOf('unrouted')],
  bindings: [
    bindingOf('orders', 'payments', 'order.paid', { destinationType: 'exchange' }),
    bindingOf('payments', 'billing', 'order.paid'),
    bindingOf('orders', 'shipping', 'order.#'),
    bindingOf('audit', 'archive'),
    bindingOf('leftovers', 'unrouted'),
  ],
});
const ids = (g: { nodes: { id: string }[] }) => g.nodes.map((n) => n.id).sort();

describe('filterRoutingGraph', () => {
  it('keeps everything with the empty filter', () => {
    const all = filterRoutingGraph(graph, emptyFilter());
    expect(all.nodes).toHaveLength(graph.nodes.length);
    expect(all.edges).toHaveLength(graph.edges.length);
  });

  it('searches names case-insensitively and keeps only edges between what is left', () => {
    const found = filterRoutingGraph(graph, { ...emptyFilter(), search: '  PAY ' });
    expect(ids(found)).toEqual(['exchange:payments']);
    expect(found.edges).toEqual([]);
    const orders = filterRoutingGraph(graph, { ...emptyFilter(), search: 'ING' });
    expect(ids(orders)).toEqual(['queue:billing', 'queue:shipping']);
  });

  it('filters exchanges by type and leaves queues alone', () => {
    const fanoutOnly = filterRoutingGraph(graph, { ...emptyFilter(), exchangeTypes: new Set(['fanout'] as const) });
    expect(ids(fanoutOnly).filter((id) => id.startsWith('exchange:'))).toEqual(['exchange:audit', 'exchange:leftovers']);
    expect(fanoutOnly.nodes.filter((n) => n.kind === 'queue')).toHaveLength(5);
    expect(fanoutOnly.edges.map((e) => e.target).sort()).toEqual(['queue:archive', 'queue:unrouted']);
  });

  it('hides unbound nodes on request', () => {
    const bound = filterRoutingGraph(graph, { ...emptyFilter(), hideUnbound: true });
    expect(ids(bound)).not.toContain('queue:idle');
    expect(ids(bound)).not.toContain('exchange:amq.headers');
    expect(ids(bound)).toContain('exchange:leftovers');
  });

  it('focuses on what a node touches, upstream and downstream, transitively', () => {
    expect(ids(filterRoutingGraph(graph, { ...emptyFilter(), focus: 'queue:billing' }))).toEqual(['exchange:orders', 'exchange:payments', 'queue:billing']);
    expect(ids(filterRoutingGraph(graph, { ...emptyFilter(), focus: 'exchange:orders' }))).toEqual([
      'exchange:leftovers',
      'exchange:orders',
      'exchange:payments',
      'queue:billing',
      'queue:shipping',
      'queue:unrouted',
    ]);
  });

  it('ignores a focus on a node that no longer exists', () => {
    expect(filterRoutingGraph(graph, { ...emptyFilter(), focus: 'queue:deleted' }).nodes).toHaveLength(graph.nodes.length);
  });
});

describe('connectedTo', () => {
  it('does not wander sideways into siblings', () => {
    // shipping and billing share the ancestor orders, but neither is up- or downstream of the other.
    expect(connectedTo(graph, 'queue:shipping').has('queue:billing')).toBe(false);
  });

  it('survives cycles of exchange-to-exchange bindings', () => {
    const cyclic = buildRoutingGraph({
      exchanges: [exchangeOf('a'), exchangeOf('b')],
      queues: [],
      bindings: [bindingOf('a', 'b', '', { destinationType: 'exchange' }), bindingOf('b', 'a', '', { destinationType: 'exchange' })],
    });
    expect([...connectedTo(cyclic, 'exchange:a')].sort()).toEqual(['exchange:a', 'exchange:b']);
  });
});
