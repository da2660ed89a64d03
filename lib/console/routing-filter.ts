/** @module Narrows the routing graph: by name, by exchange type, unbound nodes hidden, or to what one node touches. */
import type { ExchangeType } from '@/lib/client/types';
import type { RoutingEdge, RoutingGraph, RoutingNode } from './routing-graph';

export interface RoutingFilter {
  /** Case-insensitive part of a name; an empty string keeps every node. */
  search: string;
  /** Exchange types shown; queues are not filtered by it. */
  exchangeTypes: ReadonlySet<ExchangeType>;
  /** Hides nodes without a drawn edge (unused built-ins, queues only reachable through the default exchange). */
  hideUnbound: boolean;
  /** A node id: only it and what routes to it or from it, transitively. */
  focus?: string;
}

export const ALL_EXCHANGE_TYPES: readonly ExchangeType[] = ['direct', 'fanout', 'topic', 'headers'];

export const emptyFilter = (): RoutingFilter => ({ search: '', exchangeTypes: new Set(ALL_EXCHANGE_TYPES), hideUnbound: false });

/** The focused node and everything upstream of it and downstream of it (not sideways: a sibling queue is left out). */
export function connectedTo(graph: RoutingGraph, nodeId: string): Set<string> {
  const forward = new Map<string, string[]>();
  const backward = new Map<string, string[]>();
  for (const edge of graph.edges) {
    forward.set(edge.source, [...(forward.get(edge.source) ?? []), edge.target]);
    backward.set(edge.target, [...(backward.get(edge.target) ?? []), edge.source]);
  }
  const reached = new Set<string>([nodeId]);
  for (const links of [forward, backward]) {
    const seen = new Set<string>([nodeId]);
    const work = [nodeId];
    while (work.length) {
      for (const next of links.get(work.pop()!) ?? []) {
        if (seen.has(next)) continue;
        seen.add(next);
        reached.add(next);
        work.push(next);
      }
    }
  }
  return reached;
}

export function filterRoutingGraph(graph: RoutingGraph, filter: RoutingFilter): RoutingGraph {
  const search = filter.search.trim().toLowerCase();
  const focused = filter.focus !== undefined && graph.nodes.some((n) => n.id === filter.focus) ? connectedTo(graph, filter.focus) : undefined;
  const bound = new Set(graph.edges.flatMap((e) => [e.source, e.target]));
  const keep = (node: RoutingNode) =>
    (node.kind === 'queue' || filter.exchangeTypes.has(node.exchangeType)) &&
    (search === '' || node.name.toLowerCase().includes(search)) &&
    (!filter.hideUnbound || bound.has(node.id)) &&
    (focused === undefined || focused.has(node.id));
  const nodes = graph.nodes.filter(keep);
  const kept = new Set(nodes.map((n) => n.id));
  const edges = graph.edges.filter((e: RoutingEdge) => kept.has(e.source) && kept.has(e.target));
  return { nodes, edges };
}
