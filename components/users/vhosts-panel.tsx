/** @module The vhosts: listed with their descriptions, created, and deleted (everything in them goes) after a confirmation. */
'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorAlert } from '@/components/ui/error-alert';
import { GatedButton } from '@/components/ui/gated-button';
import { Panel } from '@/components/ui/panel';
import { TextField } from '@/components/ui/text-field';
import { useViewer, whoamiKey } from '@/components/viewer/viewer-provider';
import { browserClient } from '@/lib/client/browser-client';
import { userKeys } from './user-keys';

export function VhostsPanel() {
  const queryClient = useQueryClient();
  const { pages } = useViewer();
  const vhosts = useQuery({ queryKey: userKeys.vhosts, queryFn: ({ signal }) => browserClient.listVhosts({ signal }) });
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [deleting, setDeleting] = useState<string>();
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: userKeys.all }), queryClient.invalidateQueries({ queryKey: whoamiKey })]);

  const create = useMutation({
    mutationFn: async (vhost: { name: string; description: string }) => {
      // A PUT of an existing vhost would only change its description: creating says so instead.
      if ((vhosts.data ?? []).some((v) => v.name === vhost.name)) throw new Error(`Vhost ${vhost.name} already exists.`);
      await browserClient.putVhost(vhost.name, { description: vhost.description });
    },
    onSuccess: () => {
      setName('');
      setDescription('');
      return refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (vhost: string) => browserClient.deleteVhost(vhost),
    onSuccess: () => {
      setDeleting(undefined);
      return refresh();
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (name.trim() !== '') create.mutate({ name: name.trim(), description: description.trim() });
  };

  return (
    <Panel title="Virtual hosts" description="Each vhost has its own queues, exchanges and bindings; users reach one through their permissions in it.">
      <div className="flex flex-col gap-4">
        {vhosts.isError ? <ErrorAlert error={vhosts.error} title="Could not load the vhosts" /> : null}
        {remove.isError ? <ErrorAlert error={remove.error} title="Could not delete the vhost" /> : null}
        <ul className="flex flex-col divide-y divide-line text-sm" aria-label="Vhosts">
          {(vhosts.data ?? []).map((vhost) => (
            <li key={vhost.name} className="flex flex-wrap items-start justify-between gap-2 py-2" data-vhost={vhost.name}>
              <span>
                <span className="font-mono font-medium">{vhost.name}</span>
                {vhost.description ? <span className="block text-xs text-ink-muted">{vhost.description}</span> : null}
              </span>
              <GatedButton decision={pages.manageUsers} onClick={() => setDeleting(vhost.name)} className="text-danger" aria-label={`Delete vhost ${vhost.name}`}>
                Delete
              </GatedButton>
            </li>
          ))}
        </ul>
        <form aria-label="New vhost" onSubmit={submit} className="flex flex-col gap-3 border-t border-line pt-4">
          <TextField label="New vhost name" maxLength={255} autoComplete="off" spellCheck={false} inputClassName="font-mono" value={name} onChange={(e) => setName(e.target.value)} />
          <TextField label="Description (optional)" autoComplete="off" value={description} onChange={(e) => setDescription(e.target.value)} />
          {create.isError ? <ErrorAlert error={create.error} title="Could not create the vhost" /> : null}
          <GatedButton decision={pages.manageUsers} type="submit" variant="primary" className="self-start" disabled={name.trim() === '' || create.isPending}>
            {create.isPending ? 'Creating…' : 'Create vhost'}
          </GatedButton>
        </form>
      </div>
      <ConfirmDialog
        open={deleting !== undefined}
        title={`Delete the vhost ${deleting ?? ''}?`}
        confirmLabel="Delete vhost"
        pending={remove.isPending}
        onConfirm={() => deleting !== undefined && remove.mutate(deleting)}
        onCancel={() => setDeleting(undefined)}
      >
        Every queue, exchange, binding and message in it is deleted, its AMQP connections are closed, and every permission in it is removed.
      </ConfirmDialog>
    </Panel>
  );
}
