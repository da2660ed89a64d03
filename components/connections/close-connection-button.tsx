/** @module Close one AMQP connection after confirming: the client gets 320 CONNECTION_FORCED, its unacked messages go back. */
'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorAlert } from '@/components/ui/error-alert';
import { GatedButton } from '@/components/ui/gated-button';
import { useViewer } from '@/components/viewer/viewer-provider';
import { isApiError } from '@/lib/client/api-error';
import { browserClient } from '@/lib/client/browser-client';
import { closeConnectionDecision } from '@/lib/console/viewer-actions';
import { connectionKeys } from './connection-keys';

export interface CloseConnectionButtonProps {
  id: string;
  /** How the table names the connection (connection_name or peer), shown as text in the question. */
  name: string;
  unacked: number;
  /** The user the connection logged in as. */
  owner: string;
}

export function CloseConnectionButton({ id, name, unacked, owner }: CloseConnectionButtonProps) {
  const queryClient = useQueryClient();
  const mayClose = closeConnectionDecision(useViewer().whoami, owner);
  const [confirming, setConfirming] = useState(false);
  const close = useMutation({
    mutationFn: () => browserClient.closeConnection(id),
    onSettled: () => {
      setConfirming(false);
      return queryClient.invalidateQueries({ queryKey: connectionKeys.all });
    },
  });
  // it may have gone by itself between the refresh and the click: that is what the user wanted
  const failed = close.isError && !(isApiError(close.error) && close.error.status === 404);
  return (
    <div className="flex flex-col items-end gap-1">
      <GatedButton decision={mayClose} onClick={() => setConfirming(true)} disabled={close.isPending} className="text-danger" aria-label={`Close connection ${name}`}>
        Close
      </GatedButton>
      {failed ? <ErrorAlert error={close.error} title="Could not close the connection" /> : null}
      <ConfirmDialog
        open={confirming}
        title={`Close connection ${name}?`}
        confirmLabel="Close connection"
        pending={close.isPending}
        onConfirm={() => close.mutate()}
        onCancel={() => setConfirming(false)}
      >
        The client receives 320 CONNECTION_FORCED.{' '}
        {unacked === 1 ? 'Its unacked message goes back to its queue, redelivered.' : null}
        {unacked > 1 ? `Its ${unacked} unacked messages go back to their queues, redelivered.` : null}
      </ConfirmDialog>
    </div>
  );
}
