/** @module The routing picture as data: exchanges and queues as nodes, bindings and alternate exchanges as edges. */
import type { Binding, Exchange, ExchangeType, Queue } from '@/lib/client/types';
import { formatBindingLabel } from './topic-key';

export const DEFAULT_EXCHANGE_NAME = 'amq.default';

export interface ExchangeNode {
  id: string;
  kind: 'exchange';
  name: string;
  exchangeType: ExchangeType;
  durable: boolean;
  internal: boolean;
  builtin: boolean;
  alternateExchange?: string;
}

export interface QueueNode {
  id: string;
  kind: 'queue';
  name: string;
  messagesReady: number;
  messagesUnacked: number;
  consumers: number;
  publishRate: number;
  deliverRate: number;
}

export type RoutingNode = ExchangeNode | QueueNode;

export interface BindingEdge {
  id: string;
  kind: 'binding';
  source: string;
  target: string;
  label: string;
  binding: Binding;
}

/** Where an exchange sends what none of its bindings match; not a binding, so it has no binding id of its own. */
export interface AlternateEdge {
  id: string;
  kind: 'alternate';
  source: string;
  target: string;
  label: string;
}

export type RoutingEdge = BindingEdge | AlternateEdge;

export interface RoutingGraph {
  nodes: RoutingNode[];
  edges: RoutingEdge[];
}

export interface TopologyData {
  exchanges: readonly Exchange[];
  queues: readonly Queue[];
  bindings: readonly Binding[];
}

export const exchangeNodeId = (name: string) => `exchange:${name}`;
export const queueNodeId = (name: string) => `queue:${name}`;
export const alternateEdgeId = (exchange: string) => `alternate:${exchange}`;

/** The kind and name back from a node id (names may themselves contain colons). */
export function parseNodeId(id: string): { kind: 'exchange' | 'queue'; name: string } | undefined {
  if (id.startsWith('exchange:')) return { kind: 'exchange', name: id.slice('exchange:'.length) };
  if (id.startsWith('queue:')) return { kind: 'queue', name: id.slice('queue:'.length) };
  return undefined;
}

/** The API writes the default exchange `amq.default` in lists but `""` where it is a reference. */
export const apiExchangeName = (name: string) => (name === '' ? DEFAULT_EXCHANGE_NAME : name);

const isBuiltin = (name: string) => name === DEFAULT_EXCHANGE_NAME || name.startsWith('amq.');

/** Every queue is bound to the default exchange by its own name; drawn, those edges would swamp the picture. */
export const isImplicitBinding = (binding: Binding) => binding.source === DEFAULT_EXCHANGE_NAME;

export function buildRoutingGraph(data: TopologyData): RoutingGraph {
  const exchangeTypes = new Map(data.exchanges.map((e) => [e.name, e.type]));
  const queueNames = new Set(data.queues.map((q) => q.name));
  const nodes: RoutingNode[] = [
    ...data.exchanges.map((e): ExchangeNode => ({
      id: exchangeNodeId(e.name),
      kind: 'exchange',
      name: e.name,
      exchangeType: e.type,
      durable: e.durable,
      internal: e.internal,
      builtin: isBuiltin(e.name),
      ...(e.alternateExchange !== undefined ? { alternateExchange: apiExchangeName(e.alternateExchange) } : {}),
    })),
    ...data.queues.map((q): QueueNode => ({
      id: queueNodeId(q.name),
      kind: 'queue',
      name: q.name,
      messagesReady: q.messagesReady,
      messagesUnacked: q.messagesUnacked,
      consumers: q.consumers,
      publishRate: q.rates.publish,
      deliverRate: q.rates.deliver,
    })),
  ];

  const edges: RoutingEdge[] = [];
  for (const binding of data.bindings) {
    if (isImplicitBinding(binding) || !exchangeTypes.has(binding.source)) continue;
    const toExchange = binding.destinationType === 'exchange';
    // A list read between two calls can name something just deleted; an edge to nowhere would break the layout.
    if (toExchange ? !exchangeTypes.has(binding.destination) : !queueNames.has(binding.destination)) continue;
    edges.push({
      id: binding.id,
      kind: 'binding',
      source: exchangeNodeId(binding.source),
      target: toExchange ? exchangeNodeId(binding.destination) : queueNodeId(binding.destination),
      label: formatBindingLabel(binding, exchangeTypes.get(binding.source)!),
      binding,
    });
  }
  for (const exchange of data.exchanges) {
    if (exchange.alternateExchange === undefined) continue;
    const target = apiExchangeName(exchange.alternateExchange);
    // An alternate exchange may be named before it exists; it is looked up only when a message needs it.
    if (!exchangeTypes.has(target) || target === exchange.name) continue;
    edges.push({ id: alternateEdgeId(exchange.name), kind: 'alternate', source: exchangeNodeId(exchange.name), target: exchangeNodeId(target), label: 'alternate' });
  }
  return { nodes, edges };
}

/**
 * What the layout depends on: which nodes and edges exist, never depths or rates, so a refresh that only changes
 * numbers reuses the positions.
 */
export function topologySignature(graph: RoutingGraph): string {
  const nodes = graph.nodes.map((n) => (n.kind === 'exchange' ? `${n.id}|${n.exchangeType}` : n.id)).sort();
  const edges = graph.edges.map((e) => `${e.id}|${e.source}|${e.target}`).sort();
  return `${nodes.join('\n')}\n--\n${edges.join('\n')}`;
}

/**
 * Several bindings between the same two nodes (one per routing key) share a path; each gets a lane, centred on
 * zero, so their labels can be drawn apart instead of on top of each other.
 */
export function edgeLanes(edges: readonly RoutingEdge[]): Map<string, number> {
  const groups = new Map<string, string[]>();
  for (const edge of edges) {
    const key = `${edge.source}\n${edge.target}`;
    groups.set(key, [...(groups.get(key) ?? []), edge.id]);
  }
  const lanes = new Map<string, number>();
  for (const ids of groups.values()) ids.forEach((id, i) => lanes.set(id, i - (ids.length - 1) / 2));
  return lanes;
}
