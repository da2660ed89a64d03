/** @module Creates a queue from the canvas, with the same fields and rules as the Queues page's form. */
'use client';

import { useMutation } from '@tanstack/react-query';
import { nameFieldHint } from '@/lib/console/name-field';
import { useState, type FormEvent } from 'react';
import { toDeclareQueueBody } from '@/components/queues/declare-queue-body';
import { emptyQueueValues, QueueSettingFields } from '@/components/queues/queue-setting-fields';
import { ErrorAlert } from '@/components/ui/error-alert';
import { FormActions } from '@/components/ui/form-actions';
import { ModalDialog } from '@/components/ui/modal-dialog';
import { TextField } from '@/components/ui/text-field';
import { useDeclareDecision } from '@/components/queues/use-declare-decision';
import type { DeclareQueueBody } from '@/lib/client/types';
import { createQueue } from '@/lib/console/topology-undo';
import type { TopologyChanges } from './use-topology-changes';

export interface QueueDialogProps {
  open: boolean;
  changes: TopologyChanges;
  onClose: () => void;
}

export function QueueDialog({ open, changes, onClose }: QueueDialogProps) {
  const [name, setName] = useState('');
  // The engine's name rule, so the form refuses what the server would.
  const nameField = nameFieldHint('queue', name.trim());
  const [values, setValues] = useState(emptyQueueValues);
  const mayCreate = useDeclareDecision(name, values);
  const create = useMutation({
    mutationFn: (input: { name: string; body: DeclareQueueBody }) =>
      changes.run((client) => createQueue(client, input.name, input.body), `Queue ${input.name} already exists with these settings.`),
    onSuccess: () => {
      setName('');
      setValues(emptyQueueValues);
      onClose();
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!mayCreate.allowed || nameField.problem) return;
    create.mutate({ name: name.trim(), body: toDeclareQueueBody(values) });
  }

  const close = () => {
    create.reset();
    onClose();
  };
  return (
    <ModalDialog open={open} title="New queue" onClose={close}>
      <form onSubmit={submit} className="flex flex-col gap-4">
        <TextField
          label="Queue name"
          hint={nameField.hint}
          aria-invalid={nameField.problem}
          required
          maxLength={255}
          autoComplete="off"
          spellCheck={false}
          inputClassName="font-mono"
          value={name}
          onChange={(event) => setName(event.target.value)}
          autoFocus
        />
        <QueueSettingFields values={values} onChange={setValues} />
        {create.isError ? <ErrorAlert error={create.error} title="Could not create the queue" /> : null}
        <FormActions onCancel={close} submitLabel="Create queue" pendingLabel="Creating…" pending={create.isPending} decision={mayCreate} />
      </form>
    </ModalDialog>
  );
}
