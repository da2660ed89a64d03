/**
 * @module The cluster page's nodes, refreshed every 5 s, and their last hour. While the cluster is unreachable the server
 * still answers the last known figures: the panel says since when and how old they are, and keeps showing them.
 */
'use client';

import { ErrorAlert } from '@/components/ui/error-alert';
import { Panel } from '@/components/ui/panel';
import type { Cluster } from '@/lib/client/cluster-types';
import { figuresSentence } from '@/lib/console/cluster-status';
import { ClusterNodeCharts } from './cluster-node-charts';
import { ClusterNodesTable } from './cluster-nodes-table';
import { useClusterNodeHistory, useClusterNodes } from './use-cluster-queries';

export function ClusterNodesPanel({ cluster, now }: { cluster: Cluster; now: number }) {
  const nodes = useClusterNodes(cluster.id, true);
  const history = useClusterNodeHistory(cluster.id, true);
  const list = nodes.data;
  const figures = list ? figuresSentence(cluster.status, list, now) : undefined;
  const unreachable = cluster.status.state === 'unreachable';
  return (
    <>
      <Panel title="Nodes" description={figures && !unreachable ? figures : undefined}>
        <div className="flex flex-col gap-3">
          {figures && unreachable ? (
            <p className="rounded-md border border-danger-line bg-danger-surface px-3 py-2 text-sm text-danger" data-testid="stale-figures">
              {figures}
            </p>
          ) : null}
          {/* A failed refresh keeps the last figures on screen, with why they did not move. */}
          {nodes.isError ? <ErrorAlert error={nodes.error} title="Could not refresh the nodes" /> : null}
          {list === undefined ? (
            nodes.isPending ? <p className="text-sm text-ink-muted">Loading nodes…</p> : null
          ) : list.length === 0 ? (
            <p className="text-sm text-ink-muted">No node figures yet.</p>
          ) : (
            <ClusterNodesTable nodes={list} />
          )}
        </div>
      </Panel>
      <Panel title="The last hour" description="Sampled by Switchboard every 5 s, whether or not anyone looks.">
        {history.isError ? <ErrorAlert error={history.error} title="Could not load the nodes' history" /> : null}
        {history.data ? <ClusterNodeCharts history={history.data} /> : history.isPending ? <p className="text-sm text-ink-muted">Loading the history…</p> : null}
      </Panel>
    </>
  );
}
