/** @module The attached clusters: name, state, RabbitMQ version, the management URL in use, a link to the nodes, and (administrators) edit and detach. */
'use client';

import Link from 'next/link';
import { GatedButton } from '@/components/ui/gated-button';
import type { Cluster } from '@/lib/client/cluster-types';
import type { Decision } from '@/lib/console/viewer-permissions';
import { ClusterStatusBadge } from './cluster-status-badge';
import { clusterHref } from './cluster-href';

export interface ClusterTableProps {
  clusters: readonly Cluster[];
  /** Whether to offer edit and detach at all (administrators), and whether they are allowed (not through a read-only key). */
  actions?: { decision: Decision; onEdit: (cluster: Cluster) => void; onDetach: (cluster: Cluster) => void };
}

const link = 'rounded text-accent hover:underline focus-visible:outline-2 focus-visible:outline-focus';

export function ClusterTable({ clusters, actions }: ClusterTableProps) {
  const sorted = [...clusters].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">Attached RabbitMQ clusters with their state, version and the management URL in use</caption>
        <thead className="bg-surface-muted text-left text-xs uppercase tracking-wide text-ink-muted">
          <tr>
            <th scope="col" className="px-3 py-2">Name</th>
            <th scope="col" className="px-3 py-2">Status</th>
            <th scope="col" className="px-3 py-2">RabbitMQ</th>
            <th scope="col" className="px-3 py-2">Nodes</th>
            <th scope="col" className="px-3 py-2">Management URL in use</th>
            {actions ? <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th> : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {sorted.map((cluster) => (
            <tr key={cluster.id} data-cluster={cluster.name}>
              <th scope="row" className="px-3 py-2 text-left font-medium break-all">
                <Link href={clusterHref(cluster.id)} className={link}>
                  {cluster.name}
                </Link>
                {cluster.clusterName && cluster.clusterName !== cluster.name ? (
                  <span className="block font-mono text-xs font-normal text-ink-muted">{cluster.clusterName}</span>
                ) : null}
              </th>
              <td className="px-3 py-2">
                <ClusterStatusBadge state={cluster.status.state} />
                {cluster.status.state === 'unreachable' && cluster.status.message ? (
                  <span className="mt-1 block max-w-xs text-xs break-words text-ink-muted">{cluster.status.message}</span>
                ) : null}
              </td>
              <td className="px-3 py-2 font-mono whitespace-nowrap">{cluster.rabbitmqVersion || '—'}</td>
              <td className="px-3 py-2 whitespace-nowrap">
                <Link href={clusterHref(cluster.id)} className={link} aria-label={`Nodes of ${cluster.name}`}>
                  Nodes
                </Link>
              </td>
              <td className="px-3 py-2 font-mono text-xs break-all">{cluster.status.managementUrl ?? <span className="font-sans text-ink-muted">none answering</span>}</td>
              {actions ? (
                <td className="px-3 py-2">
                  <div className="flex justify-end gap-2">
                    <GatedButton decision={actions.decision} onClick={() => actions.onEdit(cluster)} aria-label={`Edit ${cluster.name}`}>
                      Edit
                    </GatedButton>
                    <GatedButton decision={actions.decision} onClick={() => actions.onDetach(cluster)} className="text-danger" aria-label={`Detach ${cluster.name}`}>
                      Detach
                    </GatedButton>
                  </div>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
