/** @module The Users page's body (administrators): users with their tags, the one opened (in the URL), and the vhosts. */
'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { ErrorAlert } from '@/components/ui/error-alert';
import { GatedButton, RefusalNote } from '@/components/ui/gated-button';
import { Panel } from '@/components/ui/panel';
import { useViewer } from '@/components/viewer/viewer-provider';
import { browserClient } from '@/lib/client/browser-client';
import { sortUsers, tagsLabel } from '@/lib/console/user-form';
import { CreateUserDialog } from './create-user-dialog';
import { UserDetail } from './user-detail';
import { userKeys } from './user-keys';
import { VhostsPanel } from './vhosts-panel';

export function UsersConsole() {
  const { pages } = useViewer();
  const router = useRouter();
  const pathname = usePathname();
  const selected = useSearchParams().get('user') ?? undefined;
  const [creating, setCreating] = useState(false);
  const users = useQuery({ queryKey: userKeys.list, queryFn: ({ signal }) => browserClient.listUsers({ signal }), enabled: pages.users.allowed });
  const open = (name: string | undefined) => router.replace(name === undefined ? pathname : `${pathname}?${new URLSearchParams({ user: name })}`, { scroll: false });
  if (!pages.users.allowed) return <RefusalNote decision={pages.users} />;

  const list = sortUsers(users.data ?? []);
  const selectedUser = list.find((user) => user.name === selected);
  return (
    <div className="flex flex-col gap-6">
      <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <Panel title="Users" actions={<GatedButton decision={pages.manageUsers} variant="primary" onClick={() => setCreating(true)}>New user</GatedButton>}>
          {users.isError ? <ErrorAlert error={users.error} title="Could not load the users" /> : null}
          {users.isPending ? <p className="text-sm text-ink-muted">Loading users…</p> : null}
          {list.length > 0 ? (
            <table className="w-full border-collapse text-sm">
              <caption className="sr-only">Users and their tags</caption>
              <thead className="bg-surface-muted text-left text-xs uppercase tracking-wide text-ink-muted">
                <tr>
                  <th scope="col" className="px-3 py-2">Name</th>
                  <th scope="col" className="px-3 py-2">Tags</th>
                  <th scope="col" className="px-3 py-2">Password</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-line">
                {list.map((user) => (
                  <tr key={user.name} data-user={user.name} className={user.name === selected ? 'bg-surface-muted' : undefined}>
                    <th scope="row" className="px-3 py-2 text-left font-normal">
                      <Link
                        href={`${pathname}?${new URLSearchParams({ user: user.name })}`}
                        scroll={false}
                        aria-current={user.name === selected ? 'true' : undefined}
                        className="rounded font-mono break-all text-accent hover:underline focus-visible:outline-2 focus-visible:outline-focus"
                      >
                        {user.name}
                      </Link>
                    </th>
                    <td className="px-3 py-2">{tagsLabel(user.tags)}</td>
                    <td className="px-3 py-2 text-ink-muted">{user.hasPassword ? 'set' : 'none (keys only)'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </Panel>
        {selectedUser ? (
          <UserDetail key={selectedUser.name} user={selectedUser} onClose={() => open(undefined)} onDeleted={() => open(undefined)} />
        ) : (
          <p className="rounded-lg border border-dashed border-line p-4 text-sm text-ink-muted">
            {selected && users.data ? `There is no user ${selected}.` : 'Open a user to change its tags, password and permissions.'}
          </p>
        )}
      </div>
      <VhostsPanel />
      <CreateUserDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(name) => {
          setCreating(false);
          open(name);
        }}
      />
    </div>
  );
}
