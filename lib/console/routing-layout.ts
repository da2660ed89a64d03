/**
 * @module Positions for the routing graph: dagre, left to right, so messages flow from exchanges to queues;
 * nodes without a drawn edge are set apart in a grid below (exchanges first), not scattered along rank 0.
 */
import dagre from '@dagrejs/dagre';
import type { RoutingGraph, RoutingNode } from './routing-graph';

export interface Size {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export const NODE_SIZES: Record<RoutingNode['kind'], Size> = {
  exchange: { width: 220, height: 64 },
  queue: { width: 220, height: 80 },
};

const RANK_GAP = 200;
const NODE_GAP = 28;
const GRID_GAP = 24;
const SECTION_GAP = 80;

export interface LayoutInput {
  /** Nodes with at least one edge, in a stable order (dagre's result depends on insertion order). */
  nodes: { id: string; width: number; height: number }[];
  /** One edge per source → target pair: parallel bindings do not change where nodes go. */
  edges: { source: string; target: string }[];
  isolatedExchanges: string[];
  isolatedQueues: string[];
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function layoutInput(graph: RoutingGraph): LayoutInput {
  const linked = new Set(graph.edges.flatMap((e) => [e.source, e.target]));
  const nodes = [...graph.nodes].sort(byId);
  const pairs = new Map<string, { source: string; target: string }>();
  for (const edge of graph.edges) pairs.set(`${edge.source}\n${edge.target}`, { source: edge.source, target: edge.target });
  return {
    nodes: nodes.filter((n) => linked.has(n.id)).map((n) => ({ id: n.id, ...NODE_SIZES[n.kind] })),
    edges: [...pairs.keys()].sort().map((key) => pairs.get(key)!),
    isolatedExchanges: nodes.filter((n) => !linked.has(n.id) && n.kind === 'exchange').map((n) => n.id),
    isolatedQueues: nodes.filter((n) => !linked.has(n.id) && n.kind === 'queue').map((n) => n.id),
  };
}

/** Lays `ids` out row by row, about as wide as tall, starting at `origin`; returns the grid's right edge. */
function placeGrid(ids: string[], size: Size, origin: Point, into: Map<string, Point>): number {
  if (ids.length === 0) return origin.x;
  const columns = Math.ceil(Math.sqrt(ids.length));
  ids.forEach((id, i) => {
    into.set(id, { x: origin.x + (i % columns) * (size.width + GRID_GAP), y: origin.y + Math.floor(i / columns) * (size.height + GRID_GAP) });
  });
  return origin.x + columns * (size.width + GRID_GAP);
}

export interface RoutingLayout {
  /** Top-left position of every node (React Flow's convention; dagre's are centres). */
  positions: Map<string, Point>;
  /**
   * For an edge that skips ranks (exchange → queue past another exchange), the bends dagre reserved for it between
   * the nodes in its way, keyed by `routeKey(source, target)`; drawn straight across, it would run under them.
   */
  routes: Map<string, Point[]>;
}

export const routeKey = (source: string, target: string) => `${source}\n${target}`;

export function layoutRoutingGraph(input: LayoutInput): RoutingLayout {
  const positions = new Map<string, Point>();
  const routes = new Map<string, Point[]>();
  let bottom = 0;
  if (input.nodes.length > 0) {
    const g = new dagre.graphlib.Graph();
    g.setGraph({ rankdir: 'LR', ranksep: RANK_GAP, nodesep: NODE_GAP, marginx: 0, marginy: 0 });
    g.setDefaultEdgeLabel(() => ({}));
    for (const node of input.nodes) g.setNode(node.id, { width: node.width, height: node.height });
    for (const edge of input.edges) if (edge.source !== edge.target) g.setEdge(edge.source, edge.target);
    dagre.layout(g);
    for (const edge of input.edges) {
      const points = edge.source === edge.target ? undefined : g.edge(edge.source, edge.target)?.points;
      // Three points (both ends and the middle) is an edge between neighbouring ranks: nothing in its way.
      if (points && points.length > 3) routes.set(routeKey(edge.source, edge.target), points.slice(1, -1).map(({ x, y }) => ({ x, y })));
    }
    for (const node of input.nodes) {
      const placed = g.node(node.id);
      const position = { x: placed.x - node.width / 2, y: placed.y - node.height / 2 };
      positions.set(node.id, position);
      bottom = Math.max(bottom, position.y + node.height);
    }
  }
  const gridTop = input.nodes.length > 0 ? bottom + SECTION_GAP : 0;
  const right = placeGrid(input.isolatedExchanges, NODE_SIZES.exchange, { x: 0, y: gridTop }, positions);
  placeGrid(input.isolatedQueues, NODE_SIZES.queue, { x: input.isolatedExchanges.length ? right + SECTION_GAP : 0, y: gridTop }, positions);
  return { positions, routes };
}

/** The rectangle every node of `graph` occupies, for fitting the view to it; undefined for an empty graph. */
export function layoutBounds(graph: RoutingGraph, positions: Map<string, Point>): { x: number; y: number; width: number; height: number } | undefined {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const node of graph.nodes) {
    const at = positions.get(node.id);
    if (!at) continue;
    const size = NODE_SIZES[node.kind];
    left = Math.min(left, at.x);
    top = Math.min(top, at.y);
    right = Math.max(right, at.x + size.width);
    bottom = Math.max(bottom, at.y + size.height);
  }
  return left === Infinity ? undefined : { x: left, y: top, width: right - left, height: bottom - top };
}
