/** @module Attaches a RabbitMQ cluster (administrators): the server reaches it with the credentials given before it saves anything. */
'use client';

import { browserClient } from '@/lib/client/browser-client';
import type { AttachClusterBody, SavedCluster } from '@/lib/client/cluster-types';
import { attachClusterBody, emptyClusterForm } from '@/lib/console/cluster-form';
import { ClusterFormDialog } from './cluster-form-dialog';

const attach = (body: AttachClusterBody, signal: AbortSignal) => browserClient.attachCluster(body, { signal });

export function AttachClusterDialog({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: (cluster: SavedCluster) => void }) {
  return (
    <ClusterFormDialog
      open={open}
      title="Attach a RabbitMQ cluster"
      mode="attach"
      initial={emptyClusterForm}
      toBody={attachClusterBody}
      save={attach}
      submitLabel="Attach cluster"
      failureTitle="Could not attach the cluster"
      onClose={onClose}
      onSaved={onSaved}
    />
  );
}
