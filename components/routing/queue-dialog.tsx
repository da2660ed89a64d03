/** @module Creates a queue from the canvas, with the same fields and rules as the Queues page's form. */
'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { toDeclareQueueBody, type DeclareQueueValues } from '@/components/queues/declare-queue-body';
import { Button } from '@/components/ui/button';
import { CheckboxField } from '@/components/ui/checkbox-field';
import { ErrorAlert } from '@/components/ui/error-alert';
import { TextField } from '@/components/ui/text-field';
import type { DeclareQueueBody } from '@/lib/client/types';
import { createQueue } from '@/lib/console/topology-undo';
import { FormDialog } from './form-dialog';
import type { TopologyChanges } from './use-topology-changes';

export interface QueueDialogProps {
  open: boolean;
  changes: TopologyChanges;
  onClose: () => void;
}

const emptyValues: DeclareQueueValues = { durable: true, messageTtlMs: '', maxLength: '', deadLetterExchange: '' };

export function QueueDialog({ open, changes, onClose }: QueueDialogProps) {
  const [name, setName] = useState('');
  const [values, setValues] = useState(emptyValues);
  const create = useMutation({
    mutationFn: (input: { name: string; body: DeclareQueueBody }) =>
      changes.run((client) => createQueue(client, input.name, input.body), `Queue ${input.name} already exists with these settings.`),
    onSuccess: () => {
      setName('');
      setValues(emptyValues);
      onClose();
    },
  });
  const set = (field: keyof DeclareQueueValues) => (value: string | boolean) => setValues((v) => ({ ...v, [field]: value }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ name: name.trim(), body: toDeclareQueueBody(values) });
  }

  const close = () => {
    create.reset();
    onClose();
  };
  return (
    <FormDialog open={open} title="New queue" onClose={close}>
      <form onSubmit={submit} className="flex flex-col gap-4">
        <TextField
          label="Queue name"
          hint="Letters, digits and . _ : - (up to 255)."
          required
          maxLength={255}
          autoComplete="off"
          spellCheck={false}
          inputClassName="font-mono"
          value={name}
          onChange={(event) => setName(event.target.value)}
          autoFocus
        />
        <CheckboxField
          label="Durable"
          hint="The queue and its persistent messages survive a restart."
          checked={values.durable}
          onChange={(event) => set('durable')(event.target.checked)}
        />
        <TextField
          label="Message TTL (ms)"
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          value={values.messageTtlMs}
          onChange={(event) => set('messageTtlMs')(event.target.value)}
        />
        <TextField
          label="Max length"
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          value={values.maxLength}
          onChange={(event) => set('maxLength')(event.target.value)}
        />
        <TextField
          label="Dead-letter exchange"
          autoComplete="off"
          spellCheck={false}
          value={values.deadLetterExchange}
          onChange={(event) => set('deadLetterExchange')(event.target.value)}
        />
        {create.isError ? <ErrorAlert error={create.error} title="Could not create the queue" /> : null}
        <div className="flex justify-end gap-2">
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create queue'}
          </Button>
        </div>
      </form>
    </FormDialog>
  );
}
