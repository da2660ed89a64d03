/** @module Which nodes and edges a route test lights up: every exchange the message passes, each hop, each queue reached. */
import type { RouteTestResult } from '@/lib/client/types';
import { alternateEdgeId, exchangeNodeId, queueNodeId } from './routing-graph';

export interface RouteHighlight {
  nodes: Set<string>;
  edges: Set<string>;
  /** Queues reached, sorted; empty when the message is unroutable. */
  queues: string[];
}

/** A hop to an alternate exchange is no binding: the API names it `alternate:<exchange>` (`alternate-exchange` before). */
const isAlternateHop = (bindingId: string) => bindingId.startsWith('alternate:') || bindingId === 'alternate-exchange';

export function routeHighlight(start: string, answer: RouteTestResult): RouteHighlight {
  const nodes = new Set<string>([exchangeNodeId(start)]);
  const edges = new Set<string>();
  for (const step of answer.path) {
    nodes.add(exchangeNodeId(step.exchange));
    nodes.add(step.destinationType === 'queue' ? queueNodeId(step.destination) : exchangeNodeId(step.destination));
    // Default-exchange steps use the implicit per-queue binding, which is not drawn: the queue still lights up.
    edges.add(isAlternateHop(step.bindingId) ? alternateEdgeId(step.exchange) : step.bindingId);
  }
  return { nodes, edges, queues: [...answer.queues].sort() };
}
