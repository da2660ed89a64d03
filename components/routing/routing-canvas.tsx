/**
 * @module The routing canvas: React Flow over the laid-out graph, with pan, zoom, minimap and controls. The layout
 * is recomputed only when the topology's signature changes, never for a new depth or rate; only visible elements
 * are rendered, so 500 nodes stay smooth.
 */
'use client';

import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  getViewportForBounds,
  useReactFlow,
  useStore,
  type Connection,
  type EdgeTypes,
  type IsValidConnection,
  type NodeTypes,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef, type CSSProperties, type KeyboardEvent } from 'react';
import type { RouteHighlight } from '@/lib/console/route-highlight';
import { DEFAULT_EXCHANGE_NAME, exchangeNodeId, topologySignature, type RoutingGraph } from '@/lib/console/routing-graph';
import { layoutBounds, layoutInput, layoutRoutingGraph } from '@/lib/console/routing-layout';
import { BindingEdge } from './binding-edge';
import { ExchangeNode } from './exchange-node';
import { keepUnchanged, toFlowEdges, toFlowNodes, type RoutingFlowEdge, type RoutingFlowNode } from './flow-elements';
import { QueueNode } from './queue-node';
import { RoutingActionsContext } from './routing-actions';

const MIN_ZOOM = 0.05;
// Fitting never zooms past 100%: a graph of three nodes should not fill the screen.
const FIT_MAX_ZOOM = 1;
const FIT_PADDING = 0.15;

const nodeTypes: NodeTypes = { exchange: ExchangeNode, queue: QueueNode };
const edgeTypes: EdgeTypes = { binding: BindingEdge };

// React Flow's own colours, re-pointed at the console's tokens so the canvas follows light and dark like the rest.
const themed = {
  '--xy-background-color': 'var(--color-canvas)',
  '--xy-background-pattern-color': 'var(--color-line)',
  '--xy-node-background-color': 'var(--color-surface)',
  '--xy-node-color': 'var(--color-ink)',
  '--xy-edge-stroke': 'var(--color-ink-muted)',
  '--xy-connectionline-stroke': 'var(--color-accent)',
  '--xy-connectionline-stroke-width': '2',
  '--xy-minimap-background-color': 'var(--color-surface)',
  '--xy-minimap-mask-background-color': 'color-mix(in srgb, var(--color-canvas) 70%, transparent)',
  '--xy-minimap-mask-stroke-color': 'var(--color-line)',
  '--xy-minimap-node-background-color': 'var(--color-line)',
  '--xy-controls-button-background-color': 'var(--color-surface)',
  '--xy-controls-button-background-color-hover': 'var(--color-surface-muted)',
  '--xy-controls-button-color': 'var(--color-ink)',
  '--xy-controls-button-color-hover': 'var(--color-ink)',
  '--xy-controls-button-border-color': 'var(--color-line)',
  '--xy-attribution-background-color': 'transparent',
} as CSSProperties;

const minimapColor = (node: RoutingFlowNode) => (node.type === 'exchange' ? 'var(--color-accent)' : 'var(--color-success)');

export interface RoutingCanvasProps {
  graph: RoutingGraph;
  highlight?: RouteHighlight;
  /** A drag from an exchange's handle ended on a queue or exchange: `target` is that node's id. */
  onConnectRequest: (source: string, target: string) => void;
  onEdgeOpen: (edgeId: string) => void;
  onNodeSelect: (nodeId: string) => void;
}

function Canvas({ graph, highlight, onConnectRequest, onEdgeOpen, onNodeSelect }: RoutingCanvasProps) {
  const { setViewport } = useReactFlow();
  const width = useStore((state) => state.width);
  const height = useStore((state) => state.height);
  const signature = useMemo(() => topologySignature(graph), [graph]);
  const graphRef = useRef(graph);
  graphRef.current = graph;
  // Keyed on the signature alone: a refresh that only changes numbers keeps every position.
  const { positions, routes } = useMemo(() => layoutRoutingGraph(layoutInput(graphRef.current)), [signature]);

  const previousNodes = useRef<RoutingFlowNode[]>([]);
  const previousEdges = useRef<RoutingFlowEdge[]>([]);
  const nodes = useMemo(() => (previousNodes.current = keepUnchanged(previousNodes.current, toFlowNodes(graph, positions, highlight))), [graph, positions, highlight]);
  const edges = useMemo(() => (previousEdges.current = keepUnchanged(previousEdges.current, toFlowEdges(graph, highlight, routes))), [graph, highlight, routes]);

  useEffect(() => {
    // A new topology deserves a fresh view of all of it. Computed from the layout itself: React Flow's own fitView
    // waits for a node change that a controlled flow without onNodesChange never reports.
    const bounds = layoutBounds(graphRef.current, positions);
    if (!bounds || width === 0 || height === 0) return;
    void setViewport(getViewportForBounds(bounds, width, height, MIN_ZOOM, FIT_MAX_ZOOM, FIT_PADDING), { duration: 200 });
  }, [positions, width, height, setViewport]);

  const isValidConnection: IsValidConnection = useCallback(
    (connection) =>
      connection.source.startsWith('exchange:') &&
      connection.source !== exchangeNodeId(DEFAULT_EXCHANGE_NAME) &&
      connection.target !== exchangeNodeId(DEFAULT_EXCHANGE_NAME) &&
      connection.source !== connection.target,
    [],
  );
  const onConnect = useCallback((connection: Connection) => onConnectRequest(connection.source, connection.target), [onConnectRequest]);
  const actions = useMemo(() => ({ openEdge: onEdgeOpen }), [onEdgeOpen]);
  const onEdgeClick = useCallback((_: unknown, edge: RoutingFlowEdge) => edge.data?.edge.kind === 'binding' && onEdgeOpen(edge.id), [onEdgeOpen]);
  const onNodeClick = useCallback((_: unknown, node: RoutingFlowNode) => onNodeSelect(node.id), [onNodeSelect]);
  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      // Nodes take focus with Tab; Enter does what a click does.
      const id = event.key === 'Enter' && event.target instanceof HTMLElement ? event.target.closest('.react-flow__node')?.getAttribute('data-id') : null;
      if (id) onNodeSelect(id);
    },
    [onNodeSelect],
  );

  return (
    <RoutingActionsContext.Provider value={actions}>
      <ReactFlow<RoutingFlowNode, RoutingFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onEdgeClick={onEdgeClick}
        onNodeClick={onNodeClick}
        onKeyDown={onKeyDown}
        nodesDraggable={false}
        elementsSelectable={false}
        edgesFocusable={false}
        connectionRadius={40}
        onlyRenderVisibleElements
        minZoom={MIN_ZOOM}
        maxZoom={2}
        deleteKeyCode={null}
        style={themed}
        aria-label="Routing graph"
      >
        <Background gap={24} />
        <Controls showInteractive={false} />
        <MiniMap<RoutingFlowNode> pannable zoomable nodeColor={minimapColor} ariaLabel="Overview of the routing graph" />
      </ReactFlow>
    </RoutingActionsContext.Provider>
  );
}

export function RoutingCanvas(props: RoutingCanvasProps) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}
