/** @module Changes an attached cluster (administrators): only the fields changed are sent; blank credentials keep the stored ones. */
'use client';

import { browserClient } from '@/lib/client/browser-client';
import type { Cluster, SavedCluster, UpdateClusterBody } from '@/lib/client/cluster-types';
import { clusterFormOf, updateClusterBody } from '@/lib/console/cluster-form';
import { ClusterFormDialog } from './cluster-form-dialog';

export function EditClusterDialog({ cluster, onClose, onSaved }: { cluster: Cluster | undefined; onClose: () => void; onSaved: (cluster: SavedCluster) => void }) {
  return (
    <ClusterFormDialog
      open={cluster !== undefined}
      title={cluster ? `Edit the cluster ${cluster.name}` : 'Edit the cluster'}
      mode="edit"
      initial={cluster ? clusterFormOf(cluster) : clusterFormOf({ name: '', managementUrls: [], amqpUrls: [] })}
      hasCa={cluster?.hasCa ?? false}
      toBody={(values) => (cluster ? updateClusterBody(cluster, values) : { ok: false, problems: [] })}
      save={(body: UpdateClusterBody, signal) => browserClient.updateCluster(cluster!.id, body, { signal })}
      submitLabel="Save changes"
      failureTitle="Could not save the cluster"
      onClose={onClose}
      onSaved={onSaved}
    />
  );
}
