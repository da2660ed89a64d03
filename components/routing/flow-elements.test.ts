import { describe, expect, it } from 'vitest';
import { routeHighlight } from '@/lib/console/route-highlight';
import { buildRoutingGraph } from '@/lib/console/routing-graph';
import { layoutInput, layoutRoutingGraph } from '@/lib/console/routing-layout';
import { bindingOf, exchangeOf, queueOf } from '@/lib/console/sample-topology';
import { keepUnchanged, toFlowEdges, toFlowNodes } from './flow-elements';

const data = {
  exchanges: [exchangeOf('orders', 'topic', { alternateExchange: 'leftovers' }), exchangeOf('leftovers', 'fanout')],
  queues: [queueOf('billing', { messagesReady: 2 }), queueOf('lost')],
  bindings: [bindingOf('orders', 'billing', 'order.#', { id: 'b1' }), bindingOf('leftovers', 'lost', '', { id: 'b2' })],
};
const graph = buildRoutingGraph(data);
const { positions } = layoutRoutingGraph(layoutInput(graph));

describe('toFlowNodes / toFlowEdges', () => {
  it('puts the stable test ids and accessible names on every node and edge', () => {
    const nodes = toFlowNodes(graph, positions);
    expect(nodes.map((n) => [n.domAttributes, n.ariaLabel])).toEqual([
      [{ 'data-testid': 'routing-node-exchange-orders', 'data-lighting': 'plain' }, 'Exchange orders'],
      [{ 'data-testid': 'routing-node-exchange-leftovers', 'data-lighting': 'plain' }, 'Exchange leftovers'],
      [{ 'data-testid': 'routing-node-queue-billing', 'data-lighting': 'plain' }, 'Queue billing'],
      [{ 'data-testid': 'routing-node-queue-lost', 'data-lighting': 'plain' }, 'Queue lost'],
    ]);
    const edges = toFlowEdges(graph);
    expect(edges.map((e) => e.domAttributes)).toEqual([
      { 'data-testid': 'routing-edge-b1', 'data-lighting': 'plain' },
      { 'data-testid': 'routing-edge-b2', 'data-lighting': 'plain' },
      { 'data-testid': 'routing-edge-alternate:orders', 'data-lighting': 'plain' },
    ]);
    expect(edges[0].ariaLabel).toBe('Binding order.#, from exchange orders to queue billing');
  });

  it('lights what a route test reached and dims the rest', () => {
    const lit = routeHighlight('orders', {
      queues: ['lost'],
      path: [
        { exchange: 'orders', bindingId: 'alternate:orders', destination: 'leftovers', destinationType: 'exchange' },
        { exchange: 'leftovers', bindingId: 'b2', destination: 'lost', destinationType: 'queue' },
      ],
    });
    const lighting = Object.fromEntries(toFlowNodes(graph, positions, lit).map((n) => [n.id, n.data.lighting]));
    expect(lighting).toEqual({ 'exchange:orders': 'lit', 'exchange:leftovers': 'lit', 'queue:billing': 'dim', 'queue:lost': 'lit' });
    expect(toFlowEdges(graph, lit).map((e) => e.data?.lighting)).toEqual(['dim', 'lit', 'lit']);
    expect(toFlowNodes(graph, positions).every((n) => n.data.lighting === 'plain')).toBe(true);
  });
});

describe('routes', () => {
  it('gives an edge that skips a rank the bends the layout reserved for it', () => {
    const skipping = buildRoutingGraph({
      exchanges: [exchangeOf('a'), exchangeOf('b')],
      queues: [queueOf('q')],
      bindings: [bindingOf('a', 'b', 'x', { id: 'ab', destinationType: 'exchange' }), bindingOf('b', 'q', 'x', { id: 'bq' }), bindingOf('a', 'q', 'y', { id: 'aq' })],
    });
    const layout = layoutRoutingGraph(layoutInput(skipping));
    const route = Object.fromEntries(toFlowEdges(skipping, undefined, layout.routes).map((e) => [e.id, e.data?.route]));
    expect(route.aq?.length).toBeGreaterThan(0);
    expect(route.ab).toBeUndefined();
    expect(route.bq).toBeUndefined();
  });
});

describe('keepUnchanged', () => {
  it('keeps the old object for an unchanged node, so only the queue whose depth moved re-renders', () => {
    const before = toFlowNodes(graph, positions);
    const busier = buildRoutingGraph({ ...data, queues: [queueOf('billing', { messagesReady: 3 }), queueOf('lost')] });
    const after = keepUnchanged(before, toFlowNodes(busier, positions));
    expect(after.map((n, i) => n === before[i])).toEqual([true, true, false, true]);
  });
});
