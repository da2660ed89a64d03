/** @module A user's permissions as a table, one row per vhost (configure, write, read), with grant, edit and remove. */
'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorAlert } from '@/components/ui/error-alert';
import { GatedButton } from '@/components/ui/gated-button';
import { SelectField } from '@/components/routing/select-field';
import { useViewer, whoamiKey } from '@/components/viewer/viewer-provider';
import { browserClient } from '@/lib/client/browser-client';
import type { Permission, PermissionPatterns } from '@/lib/client/types';
import { FULL_ACCESS, patternProblems } from '@/lib/console/user-form';
import { PermissionFields } from './permission-fields';
import { userKeys } from './user-keys';

const patternsOf = ({ configure, write, read }: Permission): PermissionPatterns => ({ configure, write, read });
const shown = (pattern: string) => (pattern === '' ? <span className="text-ink-muted">(none)</span> : pattern);

export function UserPermissions({ user }: { user: string }) {
  const queryClient = useQueryClient();
  const { pages } = useViewer();
  const permissions = useQuery({ queryKey: userKeys.permissions(user), queryFn: ({ signal }) => browserClient.listPermissions({ user }, { signal }) });
  const vhosts = useQuery({ queryKey: userKeys.vhosts, queryFn: ({ signal }) => browserClient.listVhosts({ signal }) });
  const [editing, setEditing] = useState<{ vhost: string; patterns: PermissionPatterns }>();
  const [removing, setRemoving] = useState<string>();
  const [adding, setAdding] = useState<{ vhost: string; patterns: PermissionPatterns }>({ vhost: '', patterns: FULL_ACCESS });
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: userKeys.permissions(user) }), queryClient.invalidateQueries({ queryKey: whoamiKey })]);

  const put = useMutation({
    mutationFn: ({ vhost, patterns }: { vhost: string; patterns: PermissionPatterns }) => browserClient.putPermission(vhost, user, patterns),
    onSuccess: (_, { vhost }) => {
      if (editing?.vhost === vhost) setEditing(undefined);
      if (adding.vhost === vhost) setAdding({ vhost: '', patterns: FULL_ACCESS });
      return refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (vhost: string) => browserClient.deletePermission(vhost, user),
    onSuccess: () => {
      setRemoving(undefined);
      return refresh();
    },
  });

  const rows = [...(permissions.data ?? [])].sort((a, b) => a.vhost.localeCompare(b.vhost));
  const free = (vhosts.data ?? []).map((v) => v.name).filter((name) => !rows.some((row) => row.vhost === name));
  const grant = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (adding.vhost !== '' && !patternProblems(adding.patterns)) put.mutate(adding);
  };

  return (
    <section aria-label="Permissions" className="flex flex-col gap-3">
      <h3 className="text-sm font-semibold">Permissions</h3>
      {permissions.isError ? <ErrorAlert error={permissions.error} title="Could not load the permissions" /> : null}
      {put.isError ? <ErrorAlert error={put.error} title="Could not save the permissions" /> : null}
      {remove.isError ? <ErrorAlert error={remove.error} title="Could not remove the permissions" /> : null}
      {permissions.data && rows.length === 0 ? <p className="text-sm text-ink-muted">None: this user may use no vhost.</p> : null}
      {rows.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-sm">
            <caption className="sr-only">Permissions of {user} by vhost</caption>
            <thead className="bg-surface-muted text-left text-xs uppercase tracking-wide text-ink-muted">
              <tr>
                <th scope="col" className="px-3 py-2">Vhost</th>
                <th scope="col" className="px-3 py-2">Configure</th>
                <th scope="col" className="px-3 py-2">Write</th>
                <th scope="col" className="px-3 py-2">Read</th>
                <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {rows.map((row) =>
                editing?.vhost === row.vhost ? (
                  <tr key={row.vhost} data-permission-vhost={row.vhost}>
                    <th scope="row" className="px-3 py-2 text-left align-top font-mono">{row.vhost}</th>
                    <td colSpan={4} className="px-3 py-2">
                      <form
                        aria-label={`Permissions in ${row.vhost}`}
                        className="flex flex-col gap-2"
                        onSubmit={(event) => {
                          event.preventDefault();
                          if (!patternProblems(editing.patterns)) put.mutate(editing);
                        }}
                      >
                        <PermissionFields label={row.vhost} patterns={editing.patterns} onChange={(patterns) => setEditing({ vhost: row.vhost, patterns })} />
                        <div className="flex gap-2">
                          <GatedButton decision={pages.manageUsers} type="submit" variant="primary" disabled={put.isPending || patternProblems(editing.patterns) !== undefined}>
                            {put.isPending ? 'Saving…' : 'Save'}
                          </GatedButton>
                          <Button onClick={() => setEditing(undefined)}>Cancel</Button>
                        </div>
                      </form>
                    </td>
                  </tr>
                ) : (
                  <tr key={row.vhost} data-permission-vhost={row.vhost}>
                    <th scope="row" className="px-3 py-2 text-left font-mono">{row.vhost}</th>
                    <td className="px-3 py-2 font-mono break-all">{shown(row.configure)}</td>
                    <td className="px-3 py-2 font-mono break-all">{shown(row.write)}</td>
                    <td className="px-3 py-2 font-mono break-all">{shown(row.read)}</td>
                    <td className="px-3 py-2">
                      <div className="flex justify-end gap-2">
                        <GatedButton decision={pages.manageUsers} onClick={() => setEditing({ vhost: row.vhost, patterns: patternsOf(row) })} aria-label={`Edit permissions in ${row.vhost}`}>
                          Edit
                        </GatedButton>
                        <GatedButton decision={pages.manageUsers} onClick={() => setRemoving(row.vhost)} className="text-danger" aria-label={`Remove permissions in ${row.vhost}`}>
                          Remove
                        </GatedButton>
                      </div>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      ) : null}

      {free.length > 0 ? (
        <form aria-label="Grant permissions" onSubmit={grant} className="flex flex-col gap-3 rounded-md border border-line p-3">
          <SelectField
            label="Grant permissions in vhost"
            value={adding.vhost}
            onChange={(event) => setAdding({ ...adding, vhost: event.target.value })}
            options={[{ value: '', label: '(choose)' }, ...free.map((name) => ({ value: name, label: name }))]}
          />
          <PermissionFields label="New permissions" patterns={adding.patterns} onChange={(patterns) => setAdding({ ...adding, patterns })} />
          <GatedButton
            decision={pages.manageUsers}
            type="submit"
            variant="primary"
            className="self-start"
            disabled={adding.vhost === '' || put.isPending || patternProblems(adding.patterns) !== undefined}
          >
            Grant
          </GatedButton>
        </form>
      ) : null}

      <ConfirmDialog
        open={removing !== undefined}
        title={`Remove the permissions of ${user} in ${removing ?? ''}?`}
        confirmLabel="Remove"
        pending={remove.isPending}
        onConfirm={() => removing !== undefined && remove.mutate(removing)}
        onCancel={() => setRemoving(undefined)}
      >
        The user may no longer use this vhost, nor see it unless it has the monitoring tag.
      </ConfirmDialog>
    </section>
  );
}
