/**
 * @module The routing graph as React Flow nodes and edges: positions from the layout, test hooks and accessible
 * names on each element, and a route test's highlight. Unchanged elements keep their identity between refreshes,
 * so a tick that only moves one queue's depth re-renders that one node.
 */
import { MarkerType, type Edge, type Node } from '@xyflow/react';
import type { RouteHighlight } from '@/lib/console/route-highlight';
import { edgeLanes, type RoutingEdge, type RoutingGraph, type RoutingNode } from '@/lib/console/routing-graph';
import { NODE_SIZES, routeKey, type Point } from '@/lib/console/routing-layout';

/** `lit` is on the tested route, `dim` is off it, `plain` when no route is shown. */
export type Lighting = 'plain' | 'lit' | 'dim';

export type RoutingNodeData = { node: RoutingNode; lighting: Lighting };
export type RoutingFlowNode = Node<RoutingNodeData, 'exchange' | 'queue'>;
/** `route`: the bends of an edge that skips ranks (see RoutingLayout.routes). */
export type RoutingEdgeData = { edge: RoutingEdge; lane: number; lighting: Lighting; route?: Point[] };
export type RoutingFlowEdge = Edge<RoutingEdgeData, 'binding'>;

const lightingOf = (id: string, lit: Set<string> | undefined): Lighting => (lit === undefined ? 'plain' : lit.has(id) ? 'lit' : 'dim');

// data-* attributes are valid on any element, but React's attribute types only admit them in JSX.
// `data-lighting` lets a test (or a stylesheet) see whether an element is on the tested route.
const testId = <T extends { domAttributes?: object }>(id: string, lighting: Lighting) => ({ 'data-testid': id, 'data-lighting': lighting }) as T['domAttributes'];

/** One colour per edge for its line and its arrowhead: accent on the tested route, amber for alternate exchanges. */
export function edgeColor(kind: RoutingEdge['kind'], lighting: Lighting): string {
  if (lighting === 'lit') return 'var(--color-accent)';
  return kind === 'alternate' ? '#d97706' : 'var(--color-ink-muted)';
}

export const nodeLabel = (node: RoutingNode) => `${node.kind === 'exchange' ? 'Exchange' : 'Queue'} ${node.name}`;

export function toFlowNodes(graph: RoutingGraph, positions: Map<string, Point>, highlight?: RouteHighlight): RoutingFlowNode[] {
  return graph.nodes.map((node) => {
    const lighting = lightingOf(node.id, highlight?.nodes);
    return {
      id: node.id,
      type: node.kind,
      position: positions.get(node.id) ?? { x: 0, y: 0 },
      ...NODE_SIZES[node.kind],
      data: { node, lighting },
      ariaLabel: nodeLabel(node),
      domAttributes: testId<RoutingFlowNode>(`routing-node-${node.kind}-${node.name}`, lighting),
      draggable: false,
      selectable: false,
    };
  });
}

export function toFlowEdges(graph: RoutingGraph, highlight?: RouteHighlight, routes?: Map<string, Point[]>): RoutingFlowEdge[] {
  const lanes = edgeLanes(graph.edges);
  const names = new Map(graph.nodes.map((n) => [n.id, nodeLabel(n).toLowerCase()]));
  return graph.edges.map((edge) => {
    const lighting = lightingOf(edge.id, highlight?.edges);
    const what = edge.kind === 'alternate' ? 'Alternate exchange route' : `Binding ${edge.label}`;
    return {
      id: edge.id,
      type: 'binding',
      source: edge.source,
      target: edge.target,
      data: { edge, lane: lanes.get(edge.id) ?? 0, lighting, route: routes?.get(routeKey(edge.source, edge.target)) },
      ariaLabel: `${what}, from ${names.get(edge.source)} to ${names.get(edge.target)}`,
      domAttributes: testId<RoutingFlowEdge>(`routing-edge-${edge.id}`, lighting),
      // In user units: a thicker lit line must not blow the arrowhead up with it.
      markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14, markerUnits: 'userSpaceOnUse', color: edgeColor(edge.kind, lighting) },
      zIndex: lighting === 'lit' ? 1 : 0,
      selectable: false,
    };
  });
}

const sameData = (a: Record<string, unknown>, b: Record<string, unknown>) => JSON.stringify(a) === JSON.stringify(b);

/** `next`, but with the previous object wherever nothing changed (React Flow re-renders by identity). */
export function keepUnchanged<T extends { id: string; data?: Record<string, unknown>; position?: Point }>(previous: readonly T[], next: T[]): T[] {
  const before = new Map(previous.map((item) => [item.id, item]));
  return next.map((item) => {
    const old = before.get(item.id);
    if (!old || !item.data || !old.data) return item;
    const samePosition = old.position?.x === item.position?.x && old.position?.y === item.position?.y;
    return samePosition && sameData(old.data, item.data) ? old : item;
  });
}
