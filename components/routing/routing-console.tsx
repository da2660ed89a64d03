/**
 * @module The Routing page's working surface: the live topology as a graph with search and filters, editing by
 * drag-to-bind and dialogs (every change undoable), the route tester, and definitions export and import.
 */
'use client';

import Link from 'next/link';
import { useCallback, useMemo, useRef, useState } from 'react';
import { queueHref } from '@/components/queues/queue-href';
import { Button } from '@/components/ui/button';
import { GatedButton } from '@/components/ui/gated-button';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Panel } from '@/components/ui/panel';
import { useBrokerAbilities } from '@/components/clusters/broker-scope-provider';
import { useCan, useViewer } from '@/components/viewer/viewer-provider';
import type { RouteTestResult } from '@/lib/client/types';
import { routeHighlight } from '@/lib/console/route-highlight';
import { emptyFilter, filterRoutingGraph, type RoutingFilter } from '@/lib/console/routing-filter';
import { buildRoutingGraph, parseNodeId, type BindingEdge } from '@/lib/console/routing-graph';
import { BindingDialog, type BindingDialogMode } from './binding-dialog';
import { DefinitionsPanel } from './definitions-panel';
import { ExchangeDialog } from './exchange-dialog';
import { nodeLabel } from './flow-elements';
import { NodeBindings } from './node-bindings';
import { QueueDialog } from './queue-dialog';
import { RouteTester } from './route-tester';
import { RoutingCanvas } from './routing-canvas';
import { RoutingToolbar } from './routing-toolbar';
import { useTopology } from './use-topology';
import { useTopologyChanges } from './use-topology-changes';

type Dialog = { kind: 'exchange' } | { kind: 'queue' } | { kind: 'binding'; mode: BindingDialogMode };

export function RoutingConsole() {
  const { pages } = useViewer();
  // Definitions are the broker's as a whole: shown where the broker in scope exports them.
  const broker = useBrokerAbilities();
  const can = useCan();
  const topology = useTopology();
  const changes = useTopologyChanges();
  const [filter, setFilter] = useState<RoutingFilter>(emptyFilter);
  const [dialog, setDialog] = useState<Dialog>();
  const [selected, setSelected] = useState<string>();
  const [testExchange, setTestExchange] = useState('');
  const [tested, setTested] = useState<{ exchange: string; answer: RouteTestResult }>();

  const graph = useMemo(() => (topology.data ? buildRoutingGraph(topology.data) : { nodes: [], edges: [] }), [topology.data]);
  const visible = useMemo(() => filterRoutingGraph(graph, filter), [graph, filter]);
  const highlight = useMemo(() => (tested ? routeHighlight(tested.exchange, tested.answer) : undefined), [tested]);
  const exchangeNames = useMemo(() => (topology.data?.exchanges ?? []).map((e) => e.name), [topology.data]);
  const selectedNode = graph.nodes.find((n) => n.id === selected);
  const focusNode = graph.nodes.find((n) => n.id === filter.focus);

  const onConnectRequest = useCallback((source: string, target: string) => {
    const from = parseNodeId(source);
    if (from) setDialog({ kind: 'binding', mode: { kind: 'create', source: from.name, destination: target } });
  }, []);
  // Stable across refreshes: every edge label holds it, and a new one each tick would re-render them all.
  const graphRef = useRef(graph);
  graphRef.current = graph;
  const onEdgeOpen = useCallback((edgeId: string) => {
    const edge = graphRef.current.edges.find((e): e is BindingEdge => e.id === edgeId && e.kind === 'binding');
    if (edge) setDialog({ kind: 'binding', mode: { kind: 'edit', binding: edge.binding } });
  }, []);
  const close = useCallback(() => setDialog(undefined), []);

  return (
    <div className="flex flex-col gap-4">
      <RoutingToolbar
        filter={filter}
        onFilterChange={setFilter}
        focusLabel={focusNode ? nodeLabel(focusNode) : undefined}
        onNewExchange={() => setDialog({ kind: 'exchange' })}
        onNewQueue={() => setDialog({ kind: 'queue' })}
        onNewBinding={() => setDialog({ kind: 'binding', mode: { kind: 'create' } })}
        onUndo={() => void changes.undo()}
        canUndo={changes.canUndo}
        nextUndo={changes.nextUndo}
      />
      <div role="status" aria-label="Last change" className="min-h-6 text-sm">
        {changes.status ? <p className={changes.status.tone === 'error' ? 'text-danger' : 'text-success'}>{changes.status.text}</p> : null}
      </div>
      {topology.isError ? <ErrorAlert error={topology.error} title="Could not load the topology" /> : null}
      <div className="grid items-start gap-4 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="flex flex-col gap-2">
          <div className="h-[70vh] min-h-[28rem] overflow-hidden rounded-lg border border-line bg-canvas">
            {topology.data ? (
              <RoutingCanvas graph={visible} highlight={highlight} onConnectRequest={onConnectRequest} onEdgeOpen={onEdgeOpen} onNodeSelect={setSelected} />
            ) : (
              <p className="p-4 text-sm text-ink-muted">Loading the topology…</p>
            )}
          </div>
          <p className="text-xs text-ink-muted">
            {visible.nodes.length} of {graph.nodes.length} nodes, {visible.edges.length} edges. Drag from an exchange’s right-hand handle to a queue or
            exchange to bind it; click a binding to change or delete it. The default exchange’s implicit bindings are not drawn.
          </p>
        </div>
        <div className="flex flex-col gap-4">
          {selectedNode ? (
            <Panel title={nodeLabel(selectedNode)} actions={<Button variant="ghost" onClick={() => setSelected(undefined)}>Close</Button>}>
              <div className="flex flex-wrap gap-2">
                <Button onClick={() => setFilter({ ...filter, focus: selectedNode.id })}>Show only what it touches</Button>
                {selectedNode.kind === 'exchange' ? (
                  <>
                    <Button
                      onClick={() => {
                        setTestExchange(selectedNode.name);
                        setTested(undefined);
                      }}
                    >
                      Test a route from here
                    </Button>
                    {selectedNode.name !== 'amq.default' ? (
                      <GatedButton
                        decision={can.bindSome()}
                        onClick={() => setDialog({ kind: 'binding', mode: { kind: 'create', source: selectedNode.name } })}
                      >
                        Bind from here…
                      </GatedButton>
                    ) : null}
                  </>
                ) : (
                  <>
                    <GatedButton decision={can.bindSome()} onClick={() => setDialog({ kind: 'binding', mode: { kind: 'create', destination: selectedNode.id } })}>
                      Bind to it…
                    </GatedButton>
                    <Link href={queueHref(selectedNode.name)} className="self-center text-sm text-accent underline focus-visible:outline-2 focus-visible:outline-focus">
                      Open queue page
                    </Link>
                  </>
                )}
              </div>
              <div className="mt-3">
                <NodeBindings graph={graph} nodeId={selectedNode.id} onOpen={onEdgeOpen} />
              </div>
            </Panel>
          ) : null}
          <RouteTester
            exchangeNames={exchangeNames}
            exchange={testExchange}
            onExchangeChange={setTestExchange}
            onResult={setTested}
            result={tested?.answer}
            onPublished={() => void topology.refetch()}
          />
          {pages.exportDefinitions.allowed && broker.operation('exportTopology').allowed ? <DefinitionsPanel scope="vhost" onImported={() => void topology.refetch()} /> : null}
        </div>
      </div>
      <ExchangeDialog open={dialog?.kind === 'exchange'} exchangeNames={exchangeNames} changes={changes} onClose={close} />
      <QueueDialog open={dialog?.kind === 'queue'} changes={changes} onClose={close} />
      <BindingDialog
        mode={dialog?.kind === 'binding' ? dialog.mode : undefined}
        exchanges={topology.data?.exchanges ?? []}
        queues={topology.data?.queues ?? []}
        changes={changes}
        onClose={close}
      />
    </div>
  );
}
