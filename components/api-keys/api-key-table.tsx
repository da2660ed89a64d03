/** @module The viewer's API keys: name, access, when made, last used and expiring, and revoking one after a confirmation. */
'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorAlert } from '@/components/ui/error-alert';
import { GatedButton } from '@/components/ui/gated-button';
import { useViewer } from '@/components/viewer/viewer-provider';
import { browserClient } from '@/lib/client/browser-client';
import type { ApiKey } from '@/lib/client/types';
import { isExpired, sortApiKeys } from '@/lib/console/api-key-form';
import { apiKeyKeys } from './api-key-keys';

const when = (ms: number | undefined, none: string) => (ms === undefined ? none : new Date(ms).toLocaleString());
const cell = 'px-3 py-2 whitespace-nowrap';

export function ApiKeyTable({ keys, now }: { keys: ApiKey[]; now: number }) {
  const queryClient = useQueryClient();
  const { whoami, pages } = useViewer();
  const [revoking, setRevoking] = useState<ApiKey>();
  const revoke = useMutation({
    mutationFn: (key: ApiKey) => browserClient.deleteApiKey(key.id),
    onSuccess: (_, key) => {
      setRevoking(undefined);
      // Revoking the key this session was opened with ends the session too.
      if (key.id === whoami.apiKey?.id) window.location.assign('/login');
      return queryClient.invalidateQueries({ queryKey: apiKeyKeys.all });
    },
  });
  const current = (key: ApiKey) => key.id === whoami.apiKey?.id;

  return (
    <div className="flex flex-col gap-3">
      {revoke.isError ? <ErrorAlert error={revoke.error} title="Could not revoke the key" /> : null}
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-sm">
          <caption className="sr-only">Your API keys</caption>
          <thead className="bg-surface-muted text-left text-xs uppercase tracking-wide text-ink-muted">
            <tr>
              <th scope="col" className="px-3 py-2">Name</th>
              <th scope="col" className="px-3 py-2">Access</th>
              <th scope="col" className="px-3 py-2">Created</th>
              <th scope="col" className="px-3 py-2">Last used</th>
              <th scope="col" className="px-3 py-2">Expires</th>
              <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {sortApiKeys(keys).map((key) => (
              <tr key={key.id} data-api-key={key.name}>
                <th scope="row" className="px-3 py-2 text-left font-mono font-medium break-all">
                  {key.name}
                  {current(key) ? <span className="ml-2 rounded bg-surface-muted px-1.5 py-0.5 font-sans text-xs text-ink-muted">this session</span> : null}
                </th>
                <td className={cell}>{key.readOnly ? 'read-only' : 'full'}</td>
                <td className={cell}>{when(key.createdAt, '—')}</td>
                <td className={cell}>{when(key.lastUsedAt, 'never')}</td>
                <td className={cell}>
                  {when(key.expiresAt, 'never')}
                  {isExpired(key, now) ? <span className="ml-2 text-danger">expired</span> : null}
                </td>
                <td className="px-3 py-2 text-right">
                  <GatedButton decision={pages.createApiKey} onClick={() => setRevoking(key)} className="text-danger" aria-label={`Revoke ${key.name}`}>
                    Revoke
                  </GatedButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={revoking !== undefined}
        title={`Revoke the API key ${revoking?.name ?? ''}?`}
        confirmLabel="Revoke key"
        pending={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onCancel={() => setRevoking(undefined)}
      >
        It stops working at once: its AMQP connections and event streams are closed
        {revoking && current(revoking) ? ', and so is this session, which was opened with it' : ''}.
      </ConfirmDialog>
    </div>
  );
}
