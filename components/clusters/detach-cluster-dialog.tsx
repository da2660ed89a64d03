/** @module Detaches a cluster (administrators) after a confirmation: Switchboard forgets it; the cluster itself is left alone. */
'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorAlert } from '@/components/ui/error-alert';
import { browserClient } from '@/lib/client/browser-client';
import type { Cluster } from '@/lib/client/cluster-types';
import { clusterKeys } from './cluster-keys';

export function DetachClusterDialog({ cluster, onClose, onDetached }: { cluster: Cluster | undefined; onClose: () => void; onDetached: (cluster: Cluster) => void }) {
  const queryClient = useQueryClient();
  const detach = useMutation({
    mutationFn: (target: Cluster) => browserClient.detachCluster(target.id),
    onSuccess: (_, target) => {
      onDetached(target);
      return queryClient.invalidateQueries({ queryKey: clusterKeys.all });
    },
  });
  const close = () => {
    detach.reset();
    onClose();
  };
  return (
    <ConfirmDialog
      open={cluster !== undefined}
      title={`Detach the cluster ${cluster?.name ?? ''}?`}
      confirmLabel="Detach cluster"
      pending={detach.isPending}
      onConfirm={() => cluster && detach.mutate(cluster)}
      onCancel={close}
    >
      <p>Switchboard stops watching it and forgets its URLs and credentials. The cluster, its queues and its messages are left as they are.</p>
      {detach.isError ? (
        <div className="mt-3">
          <ErrorAlert error={detach.error} title="Could not detach the cluster" />
        </div>
      ) : null}
    </ConfirmDialog>
  );
}
