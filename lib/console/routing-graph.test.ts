import { describe, expect, it } from 'vitest';
import { buildRoutingGraph, edgeLanes, exchangeNodeId, parseNodeId, queueNodeId, topologySignature, type BindingEdge } from './routing-graph';
import { bindingOf, exchangeOf, queueOf } from './sample-topology';

const topology = () => ({
  exchanges: [
    exchangeOf('amq.default'),
    exchangeOf('orders', 'topic', { alternateExchange: 'unrouted' }),
    exchangeOf('unrouted', 'fanout'),
    exchangeOf('audit', 'headers'),
  ],
  queues: [queueOf('billing', { messagesReady: 4, messagesUnacked: 1, consumers: 2, rates: { publish: 3, deliver: 2, ack: 2, redeliver: 0, deadLetter: 0 } }), queueOf('lost')],
  bindings: [
    bindingOf('amq.default', 'billing', 'billing', { id: 'default:billing' }),
    bindingOf('amq.default', 'lost', 'lost', { id: 'default:lost' }),
    bindingOf('orders', 'billing', 'order.*.paid'),
    bindingOf('unrouted', 'lost', 'ignored'),
    bindingOf('orders', 'audit', '#', { destinationType: 'exchange' }),
    bindingOf('audit', 'billing', '', { arguments: { 'x-match': 'any', region: 'eu', vip: null, level: 3 } }),
  ],
});

describe('buildRoutingGraph', () => {
  it('makes a node per exchange (with its type) and per queue (with depth and rates)', () => {
    const graph = buildRoutingGraph(topology());
    expect(graph.nodes.map((n) => n.id)).toEqual([
      'exchange:amq.default',
      'exchange:orders',
      'exchange:unrouted',
      'exchange:audit',
      'queue:billing',
      'queue:lost',
    ]);
    expect(graph.nodes[1]).toMatchObject({ kind: 'exchange', exchangeType: 'topic', builtin: false, alternateExchange: 'unrouted' });
    expect(graph.nodes[0]).toMatchObject({ builtin: true });
    expect(graph.nodes[4]).toMatchObject({ kind: 'queue', messagesReady: 4, messagesUnacked: 1, consumers: 2, publishRate: 3, deliverRate: 2 });
  });

  it("leaves out the default exchange's implicit per-queue bindings", () => {
    const graph = buildRoutingGraph(topology());
    expect(graph.edges.some((e) => e.source === 'exchange:amq.default')).toBe(false);
  });

  it('draws exchange-to-exchange bindings and alternate exchanges as their own kind of edge', () => {
    const graph = buildRoutingGraph(topology());
    const e2e = graph.edges.find((e) => e.target === 'exchange:audit');
    expect(e2e).toMatchObject({ kind: 'binding', source: 'exchange:orders', label: '#' });
    expect(graph.edges.find((e) => e.kind === 'alternate')).toEqual({
      id: 'alternate:orders',
      kind: 'alternate',
      source: 'exchange:orders',
      target: 'exchange:unrouted',
      label: 'alternate',
    });
  });

  it('labels edges by what the source exchange matches on', () => {
    const graph = buildRoutingGraph(topology());
    const labels = Object.fromEntries(graph.edges.filter((e): e is BindingEdge => e.kind === 'binding').map((e) => [`${e.source}>${e.target}`, e.label]));
    expect(labels).toEqual({
      'exchange:orders>queue:billing': 'order.*.paid',
      'exchange:unrouted>queue:lost': '(all messages)',
      'exchange:orders>exchange:audit': '#',
      'exchange:audit>queue:billing': 'any: region=eu, vip, level=3',
    });
  });

  it('skips edges whose other end is missing (an alternate exchange not declared yet, a list read mid-change)', () => {
    const data = topology();
    const graph = buildRoutingGraph({
      ...data,
      exchanges: [...data.exchanges, exchangeOf('pending', 'direct', { alternateExchange: 'not-yet' })],
      bindings: [...data.bindings, bindingOf('orders', 'gone', 'x')],
    });
    expect(graph.edges.map((e) => e.id)).not.toContain('alternate:pending');
    expect(graph.edges.some((e) => e.target === 'queue:gone')).toBe(false);
  });
});

describe('topologySignature', () => {
  it('ignores depths and rates but sees a new binding or a changed exchange type', () => {
    const data = topology();
    const before = topologySignature(buildRoutingGraph(data));
    const busier = { ...data, queues: data.queues.map((q) => ({ ...q, messagesReady: q.messagesReady + 100 })) };
    expect(topologySignature(buildRoutingGraph(busier))).toBe(before);
    const rebound = { ...data, bindings: [...data.bindings, bindingOf('orders', 'lost', 'order.#')] };
    expect(topologySignature(buildRoutingGraph(rebound))).not.toBe(before);
    const retyped = { ...data, exchanges: data.exchanges.map((e) => (e.name === 'unrouted' ? { ...e, type: 'direct' as const } : e)) };
    expect(topologySignature(buildRoutingGraph(retyped))).not.toBe(before);
  });
});

describe('edgeLanes', () => {
  it('spreads parallel bindings around zero and leaves a lone edge on it', () => {
    const graph = buildRoutingGraph({
      exchanges: [exchangeOf('x')],
      queues: [queueOf('a'), queueOf('b')],
      bindings: [bindingOf('x', 'a', '1'), bindingOf('x', 'a', '2'), bindingOf('x', 'a', '3'), bindingOf('x', 'b', '1')],
    });
    const lanes = edgeLanes(graph.edges);
    expect(graph.edges.map((e) => lanes.get(e.id))).toEqual([-1, 0, 1, 0]);
  });
});

describe('node ids', () => {
  it('round-trip names, colons included', () => {
    expect(parseNodeId(exchangeNodeId('eu:orders'))).toEqual({ kind: 'exchange', name: 'eu:orders' });
    expect(parseNodeId(queueNodeId('a:b:c'))).toEqual({ kind: 'queue', name: 'a:b:c' });
    expect(parseNodeId('binding:x')).toBeUndefined();
  });
});
