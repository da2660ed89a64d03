/**
 * @module The Clusters page's body: the attached RabbitMQ clusters for everyone logged in; attaching, editing and
 * detaching for administrators only (offered to no one else), with what the last save found worth saying.
 */
'use client';

import { useState } from 'react';
import { ErrorAlert } from '@/components/ui/error-alert';
import { GatedButton } from '@/components/ui/gated-button';
import { Panel } from '@/components/ui/panel';
import { useViewer } from '@/components/viewer/viewer-provider';
import type { Cluster, SavedCluster } from '@/lib/client/cluster-types';
import { viewerHasTag } from '@/lib/console/viewer-permissions';
import { AttachClusterDialog } from './attach-cluster-dialog';
import { ClusterTable } from './cluster-table';
import { DetachClusterDialog } from './detach-cluster-dialog';
import { EditClusterDialog } from './edit-cluster-dialog';
import { useClusters } from './use-cluster-queries';

type Dialog = { kind: 'attach' } | { kind: 'edit'; cluster: Cluster } | { kind: 'detach'; cluster: Cluster } | null;
interface Note {
  text: string;
  warnings: string[];
}

export function ClustersConsole() {
  const { whoami, pages } = useViewer();
  const clusters = useClusters();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [note, setNote] = useState<Note>();
  // Only administrators see these actions; an administrator on a read-only key sees them refused, with the reason.
  const administrator = viewerHasTag(whoami, 'administrator');
  const saved = (verb: string) => (cluster: SavedCluster) => {
    setDialog(null);
    setNote({ text: `Cluster ${cluster.name} ${verb}.`, warnings: cluster.warnings ?? [] });
  };

  const list = clusters.data;
  return (
    <div className="flex flex-col gap-4">
      {note ? (
        <div role="status" className="rounded-md border border-success-line bg-success-surface px-3 py-2 text-sm text-success">
          <p>{note.text}</p>
          {note.warnings.length > 0 ? (
            <ul aria-label="Warnings" className="mt-1 list-disc pl-5 text-ink">
              {note.warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <Panel
        title="Attached RabbitMQ clusters"
        description={administrator ? 'Switchboard watches each through its management API.' : 'Switchboard watches each through its management API; administrators attach and detach them.'}
        actions={
          administrator ? (
            <GatedButton decision={pages.manageClusters} variant="primary" onClick={() => setDialog({ kind: 'attach' })}>
              Attach a cluster
            </GatedButton>
          ) : null
        }
      >
        {clusters.isError ? <ErrorAlert error={clusters.error} title="Could not load the clusters" /> : null}
        {list === undefined ? (
          clusters.isPending ? <p className="text-sm text-ink-muted">Loading clusters…</p> : null
        ) : list.length === 0 ? (
          <p className="text-sm text-ink-muted">No RabbitMQ cluster is attached.</p>
        ) : (
          <ClusterTable
            clusters={list}
            actions={
              administrator
                ? { decision: pages.manageClusters, onEdit: (cluster) => setDialog({ kind: 'edit', cluster }), onDetach: (cluster) => setDialog({ kind: 'detach', cluster }) }
                : undefined
            }
          />
        )}
      </Panel>
      <AttachClusterDialog open={dialog?.kind === 'attach'} onClose={() => setDialog(null)} onSaved={saved('attached')} />
      <EditClusterDialog cluster={dialog?.kind === 'edit' ? dialog.cluster : undefined} onClose={() => setDialog(null)} onSaved={saved('saved')} />
      <DetachClusterDialog
        cluster={dialog?.kind === 'detach' ? dialog.cluster : undefined}
        onClose={() => setDialog(null)}
        onDetached={(cluster) => {
          setDialog(null);
          setNote({ text: `Cluster ${cluster.name} detached.`, warnings: [] });
        }}
      />
    </div>
  );
}
