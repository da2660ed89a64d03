/** @module The bindings into and out of the selected node, each openable: the canvas's edges, reachable by keyboard at any zoom. */
'use client';

import { Button } from '@/components/ui/button';
import { parseNodeId, type RoutingGraph } from '@/lib/console/routing-graph';

export interface NodeBindingsProps {
  graph: RoutingGraph;
  nodeId: string;
  onOpen: (edgeId: string) => void;
}

const nameOf = (id: string) => parseNodeId(id)?.name ?? id;

export function NodeBindings({ graph, nodeId, onOpen }: NodeBindingsProps) {
  const touching = graph.edges.filter((e) => e.source === nodeId || e.target === nodeId);
  if (touching.length === 0) return <p className="text-sm text-ink-muted">No bindings drawn for it.</p>;
  return (
    <ul className="flex max-h-64 flex-col gap-1 overflow-y-auto text-sm" aria-label="Its bindings">
      {touching.map((edge) => (
        <li key={edge.id} className="flex items-center justify-between gap-2">
          <span className="min-w-0 font-mono break-all">
            {edge.source === nodeId ? `→ ${nameOf(edge.target)}` : `← ${nameOf(edge.source)}`} <span className="text-ink-muted">{edge.label}</span>
          </span>
          {edge.kind === 'binding' ? (
            <Button variant="ghost" className="!px-2 !py-0.5" aria-label={`Open binding ${edge.label} ${edge.source === nodeId ? 'to' : 'from'} ${edge.source === nodeId ? nameOf(edge.target) : nameOf(edge.source)}`} onClick={() => onOpen(edge.id)}>
              Open
            </Button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
