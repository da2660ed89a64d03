import { describe, expect, it } from 'vitest';
import { buildRoutingGraph } from './routing-graph';
import { layoutBounds, layoutInput, layoutRoutingGraph, NODE_SIZES, routeKey } from './routing-layout';
import { bindingOf, exchangeOf, queueOf, sampleTopology } from './sample-topology';

const graph = buildRoutingGraph({
  exchanges: [exchangeOf('orders', 'topic'), exchangeOf('payments'), exchangeOf('amq.direct'), exchangeOf('amq.fanout', 'fanout')],
  queues: [queueOf('billing'), queueOf('idle-1'), queueOf('idle-2')],
  bindings: [
    bindingOf('orders', 'payments', 'a', { destinationType: 'exchange' }),
    bindingOf('payments', 'billing', 'a'),
    bindingOf('payments', 'billing', 'b'),
    bindingOf('orders', 'billing', 'c'),
  ],
});

describe('layoutInput', () => {
  it('gives dagre the linked nodes with their sizes and one edge per pair; unlinked nodes go to the grids', () => {
    const input = layoutInput(graph);
    expect(input.nodes).toEqual([
      { id: 'exchange:orders', ...NODE_SIZES.exchange },
      { id: 'exchange:payments', ...NODE_SIZES.exchange },
      { id: 'queue:billing', ...NODE_SIZES.queue },
    ]);
    expect(input.edges).toEqual([
      { source: 'exchange:orders', target: 'exchange:payments' },
      { source: 'exchange:orders', target: 'queue:billing' },
      { source: 'exchange:payments', target: 'queue:billing' },
    ]);
    expect(input.isolatedExchanges).toEqual(['exchange:amq.direct', 'exchange:amq.fanout']);
    expect(input.isolatedQueues).toEqual(['queue:idle-1', 'queue:idle-2']);
  });

  it('does not depend on the order the API listed things in', () => {
    const reversed = buildRoutingGraph({
      exchanges: [exchangeOf('amq.fanout', 'fanout'), exchangeOf('amq.direct'), exchangeOf('payments'), exchangeOf('orders', 'topic')],
      queues: [queueOf('idle-2'), queueOf('idle-1'), queueOf('billing')],
      bindings: [bindingOf('orders', 'billing', 'c'), bindingOf('payments', 'billing', 'b'), bindingOf('payments', 'billing', 'a'), bindingOf('orders', 'payments', 'a', { destinationType: 'exchange' })],
    });
    expect(layoutInput(reversed)).toEqual(layoutInput(graph));
  });
});

describe('layoutRoutingGraph', () => {
  const { positions, routes } = layoutRoutingGraph(layoutInput(graph));

  it('places every node', () => {
    expect([...positions.keys()].sort()).toEqual(graph.nodes.map((n) => n.id).sort());
  });

  it('runs left to right: sources before what they route to', () => {
    const x = (id: string) => positions.get(id)!.x;
    expect(x('exchange:orders')).toBeLessThan(x('exchange:payments'));
    expect(x('exchange:payments')).toBeLessThan(x('queue:billing'));
  });

  it('routes an edge that skips a rank around the node in its way, and leaves neighbouring ranks to a plain curve', () => {
    const bends = routes.get(routeKey('exchange:orders', 'queue:billing'));
    expect(bends?.length).toBeGreaterThan(0);
    const payments = positions.get('exchange:payments')!;
    const inPayments = (p: { x: number; y: number }) =>
      p.x >= payments.x && p.x <= payments.x + NODE_SIZES.exchange.width && p.y >= payments.y && p.y <= payments.y + NODE_SIZES.exchange.height;
    expect(bends!.some(inPayments)).toBe(false);
    expect(routes.has(routeKey('exchange:orders', 'exchange:payments'))).toBe(false);
  });

  it('puts unlinked nodes below the graph, exchanges left of queues', () => {
    const graphBottom = Math.max(...['exchange:orders', 'exchange:payments', 'queue:billing'].map((id) => positions.get(id)!.y + NODE_SIZES.queue.height));
    for (const id of ['exchange:amq.direct', 'queue:idle-1']) expect(positions.get(id)!.y).toBeGreaterThan(graphBottom);
    expect(positions.get('exchange:amq.fanout')!.x).toBeLessThan(positions.get('queue:idle-1')!.x);
  });

  it('never overlaps two nodes, even at 500 nodes', () => {
    const big = buildRoutingGraph(sampleTopology(100, 400, 800));
    const placed = layoutRoutingGraph(layoutInput(big)).positions;
    const boxes = big.nodes.map((n) => ({ ...placed.get(n.id)!, ...NODE_SIZES[n.kind] }));
    expect(boxes).toHaveLength(500);
    const sorted = [...boxes].sort((a, b) => a.x - b.x);
    const overlaps: string[] = [];
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length && sorted[j].x < sorted[i].x + sorted[i].width; j++) {
        const a = sorted[i];
        const b = sorted[j];
        if (!(a.y + a.height <= b.y || b.y + b.height <= a.y)) overlaps.push(`${JSON.stringify(a)} / ${JSON.stringify(b)}`);
      }
    }
    expect(overlaps).toEqual([]);
  });
});

describe('layoutBounds', () => {
  it('spans every placed node, sizes included', () => {
    const positions = new Map([
      ['exchange:orders', { x: -10, y: 5 }],
      ['queue:billing', { x: 300, y: 100 }],
    ]);
    const small = buildRoutingGraph({ exchanges: [exchangeOf('orders')], queues: [queueOf('billing')], bindings: [] });
    expect(layoutBounds(small, positions)).toEqual({ x: -10, y: 5, width: 310 + NODE_SIZES.queue.width, height: 95 + NODE_SIZES.queue.height });
    expect(layoutBounds({ nodes: [], edges: [] }, positions)).toBeUndefined();
  });
});
