/** @module The cluster page: its name and version, its state and URLs, and (monitoring and administrators) its nodes and their last hour. */
'use client';

import Link from 'next/link';
import { ErrorAlert } from '@/components/ui/error-alert';
import { RefusalNote } from '@/components/ui/gated-button';
import { useViewer } from '@/components/viewer/viewer-provider';
import { isApiError } from '@/lib/client/api-error';
import { ClusterNodesPanel } from './cluster-nodes-panel';
import { ClusterStatusPanel } from './cluster-status-panel';
import { useCluster } from './use-cluster-queries';
import { useNow } from './use-now';

const back = 'self-start rounded text-sm text-accent hover:underline focus-visible:outline-2 focus-visible:outline-focus';

export function ClusterDetail({ id }: { id: string }) {
  const { pages } = useViewer();
  const cluster = useCluster(id);
  const now = useNow();
  const data = cluster.data;

  if (!data) {
    const missing = isApiError(cluster.error) && cluster.error.status === 404;
    return (
      <div className="flex flex-col gap-4">
        <Link href="/clusters" className={back}>← Clusters</Link>
        {missing ? (
          <p className="rounded-lg border border-dashed border-line p-4 text-sm text-ink-muted">There is no such cluster: it may have been detached.</p>
        ) : cluster.isError ? (
          <ErrorAlert error={cluster.error} title="Could not load the cluster" />
        ) : (
          <p className="text-sm text-ink-muted">Loading the cluster…</p>
        )}
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <Link href="/clusters" className={back}>← Clusters</Link>
        <h1 className="text-2xl font-semibold tracking-tight break-all">{data.name}</h1>
        <p className="text-sm text-ink-muted">
          RabbitMQ <span className="font-mono">{data.rabbitmqVersion || '?'}</span>
          {data.clusterName ? (
            <>
              , cluster <span className="font-mono">{data.clusterName}</span>
            </>
          ) : null}
        </p>
      </div>
      {/* A failed refresh keeps the last answer on screen, with why it did not move. */}
      {cluster.isError ? <ErrorAlert error={cluster.error} title="Could not refresh the cluster" /> : null}
      <ClusterStatusPanel cluster={data} now={now} />
      {pages.clusterNodes.allowed ? <ClusterNodesPanel cluster={data} now={now} /> : <RefusalNote decision={pages.clusterNodes} />}
    </div>
  );
}
