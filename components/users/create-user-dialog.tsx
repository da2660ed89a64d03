/** @module Creates a user: a name, a password (checked with the server's rules first) and its tags. */
'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '@/components/ui/error-alert';
import { FormActions } from '@/components/ui/form-actions';
import { ModalDialog } from '@/components/ui/modal-dialog';
import { TextField } from '@/components/ui/text-field';
import { browserClient } from '@/lib/client/browser-client';
import { emptyNewUser, newUserProblems, type NewUserValues } from '@/lib/console/user-form';
import { TagCheckboxes } from './tag-checkboxes';
import { userKeys } from './user-keys';

export function CreateUserDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (name: string) => void }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<NewUserValues>(emptyNewUser);
  const [problems, setProblems] = useState<string[]>([]);
  const create = useMutation({
    mutationFn: async ({ name, password, tags }: NewUserValues) => {
      // A PUT of an existing name would replace that user: creating must not.
      const existing = await browserClient.listUsers();
      if (existing.some((user) => user.name === name)) throw new Error(`User ${name} already exists; open it to change it.`);
      await browserClient.putUser(name, { password, tags });
      return name;
    },
    onSuccess: (name) => {
      setValues(emptyNewUser);
      onCreated(name);
      return queryClient.invalidateQueries({ queryKey: userKeys.all });
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = { ...values, name: values.name.trim() };
    const found = newUserProblems(trimmed);
    setProblems(found);
    if (found.length === 0) create.mutate(trimmed);
  }
  const close = () => {
    create.reset();
    setProblems([]);
    onClose();
  };

  return (
    <ModalDialog open={open} title="New user" onClose={close}>
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        <TextField label="User name" required maxLength={255} autoComplete="off" spellCheck={false} value={values.name} onChange={(e) => setValues({ ...values, name: e.target.value })} autoFocus />
        <TextField
          label="Password"
          hint="At least 8 characters, not the user name. It is stored as a salted hash only."
          type="password"
          autoComplete="new-password"
          value={values.password}
          onChange={(e) => setValues({ ...values, password: e.target.value })}
        />
        <TagCheckboxes tags={values.tags} onChange={(tags) => setValues({ ...values, tags })} />
        <p className="text-xs text-ink-muted">A new user may use no vhost until it is given permissions in one.</p>
        {problems.length > 0 ? (
          <ul role="alert" className="list-disc rounded-md border border-danger-line bg-danger-surface py-2 pr-3 pl-7 text-sm text-danger">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        ) : null}
        {create.isError ? <ErrorAlert error={create.error} title="Could not create the user" /> : null}
        <FormActions onCancel={close} submitLabel="Create user" pendingLabel="Creating…" pending={create.isPending} />
      </form>
    </ModalDialog>
  );
}
