/** @module One user opened: change its tags, set a new password, delete it; and its permissions per vhost. */
'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorAlert } from '@/components/ui/error-alert';
import { GatedButton } from '@/components/ui/gated-button';
import { Panel } from '@/components/ui/panel';
import { TextField } from '@/components/ui/text-field';
import { useViewer, whoamiKey } from '@/components/viewer/viewer-provider';
import { browserClient } from '@/lib/client/browser-client';
import type { User } from '@/lib/client/types';
import { passwordProblem } from '@/lib/console/user-form';
import { firstRefusal, refused, ALLOWED } from '@/lib/console/viewer-permissions';
import { TagCheckboxes } from './tag-checkboxes';
import { UserPermissions } from './user-permissions';
import { userKeys } from './user-keys';

const success = 'rounded-md border border-success-line bg-success-surface px-3 py-2 text-sm text-success';

export function UserDetail({ user, onClose, onDeleted }: { user: User; onClose: () => void; onDeleted: () => void }) {
  const queryClient = useQueryClient();
  const { whoami, pages } = useViewer();
  const [tags, setTags] = useState(user.tags);
  const [password, setPassword] = useState('');
  const [passwordError, setPasswordError] = useState<string>();
  const [deleting, setDeleting] = useState(false);
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: userKeys.all }), queryClient.invalidateQueries({ queryKey: whoamiKey })]);

  // Leaving out the password keeps the one the user has.
  const saveTags = useMutation({ mutationFn: () => browserClient.putUser(user.name, { tags }), onSuccess: refresh });
  const savePassword = useMutation({
    mutationFn: () => browserClient.putUser(user.name, { password, tags: user.tags }),
    onSuccess: () => {
      setPassword('');
      return refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => browserClient.deleteUser(user.name),
    onSuccess: async () => {
      setDeleting(false);
      onDeleted();
      await refresh();
    },
  });

  const self = user.name === whoami.name;
  const mayDelete = firstRefusal(pages.manageUsers, self ? refused('You are logged in as this user') : ALLOWED);
  const submitPassword = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problem = passwordProblem(user.name, password);
    setPasswordError(problem);
    if (!problem) savePassword.mutate();
  };
  const changedTags = tags.join() !== user.tags.join();

  return (
    <Panel
      title={`User ${user.name}`}
      description={user.hasPassword ? 'Logs in with a password or an API key.' : 'No password: logs in with API keys only.'}
      actions={<Button variant="ghost" onClick={onClose} aria-label="Close user">✕</Button>}
    >
      <div className="flex flex-col gap-6">
        <form
          aria-label="Tags"
          className="flex flex-col gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            saveTags.mutate();
          }}
        >
          <TagCheckboxes tags={tags} onChange={setTags} />
          {saveTags.isError ? <ErrorAlert error={saveTags.error} title="Could not change the tags" /> : null}
          {saveTags.isSuccess && !changedTags ? <p role="status" className={success}>Tags saved.</p> : null}
          <GatedButton decision={pages.manageUsers} type="submit" disabled={!changedTags || saveTags.isPending} className="self-start">
            {saveTags.isPending ? 'Saving…' : 'Save tags'}
          </GatedButton>
        </form>

        <form aria-label="Password" noValidate className="flex flex-col gap-3" onSubmit={submitPassword}>
          <TextField
            label="New password"
            hint="Changing it ends the user's sessions, AMQP connections and event streams."
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
          {passwordError ? <p role="alert" className="text-sm text-danger">{passwordError}</p> : null}
          {savePassword.isError ? <ErrorAlert error={savePassword.error} title="Could not set the password" /> : null}
          {savePassword.isSuccess ? <p role="status" className={success}>Password changed.</p> : null}
          <GatedButton decision={pages.manageUsers} type="submit" disabled={password === '' || savePassword.isPending} className="self-start">
            {savePassword.isPending ? 'Saving…' : 'Set password'}
          </GatedButton>
        </form>

        <UserPermissions user={user.name} />

        <div className="flex flex-col gap-2 border-t border-line pt-4">
          {remove.isError ? <ErrorAlert error={remove.error} title="Could not delete the user" /> : null}
          <GatedButton decision={mayDelete} onClick={() => setDeleting(true)} className="self-start text-danger">
            Delete user
          </GatedButton>
        </div>
      </div>
      <ConfirmDialog
        open={deleting}
        title={`Delete the user ${user.name}?`}
        confirmLabel="Delete user"
        pending={remove.isPending}
        onConfirm={() => remove.mutate()}
        onCancel={() => setDeleting(false)}
      >
        Its permissions and API keys go with it; its sessions, AMQP connections and event streams end at once.
      </ConfirmDialog>
    </Panel>
  );
}
