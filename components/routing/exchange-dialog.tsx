/** @module Creates an exchange from the canvas: name, type, durability, and an optional alternate exchange. */
'use client';

import { useMutation } from '@tanstack/react-query';
import { nameFieldHint } from '@/lib/console/name-field';
import { useState, type FormEvent } from 'react';
import { CheckboxField } from '@/components/ui/checkbox-field';
import { ErrorAlert } from '@/components/ui/error-alert';
import { FormActions } from '@/components/ui/form-actions';
import { ModalDialog } from '@/components/ui/modal-dialog';
import { TextField } from '@/components/ui/text-field';
import { useCan } from '@/components/viewer/viewer-provider';
import type { DeclareExchangeBody, ExchangeType } from '@/lib/client/types';
import { ALL_EXCHANGE_TYPES } from '@/lib/console/routing-filter';
import { createExchange } from '@/lib/console/topology-undo';
import { SelectField } from './select-field';
import type { TopologyChanges } from './use-topology-changes';

export interface ExchangeDialogProps {
  open: boolean;
  exchangeNames: readonly string[];
  changes: TopologyChanges;
  onClose: () => void;
}

export function ExchangeDialog({ open, exchangeNames, changes, onClose }: ExchangeDialogProps) {
  const [name, setName] = useState('');
  // The engine's name rule, so the form refuses what the server would.
  const nameField = nameFieldHint('exchange', name.trim());
  const [type, setType] = useState<ExchangeType>('direct');
  const [durable, setDurable] = useState(true);
  const [internal, setInternal] = useState(false);
  const [alternate, setAlternate] = useState('');
  const can = useCan();
  // Until a name is typed, whether some name may be configured; then that name (and the alternate's write).
  const mayCreate = name.trim() === '' ? can.configureSome() : can.declareExchange(name.trim(), alternate || undefined);
  const create = useMutation({
    mutationFn: (input: { name: string; body: DeclareExchangeBody }) =>
      changes.run((client) => createExchange(client, input.name, input.body), `Exchange ${input.name} already exists with these settings.`),
    onSuccess: () => {
      setName('');
      onClose();
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!mayCreate.allowed || nameField.problem) return;
    const body: DeclareExchangeBody = { type, durable, internal, ...(alternate ? { alternateExchange: alternate } : {}) };
    create.mutate({ name: name.trim(), body });
  }

  const close = () => {
    create.reset();
    onClose();
  };
  return (
    <ModalDialog open={open} title="New exchange" onClose={close}>
      <form onSubmit={submit} className="flex flex-col gap-4">
        <TextField
          label="Exchange name"
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
        <SelectField
          label="Type"
          value={type}
          onChange={(event) => setType(event.target.value as ExchangeType)}
          options={ALL_EXCHANGE_TYPES.map((t) => ({ value: t, label: t }))}
          hint="direct: key equals; topic: key patterns with * and #; fanout: every binding; headers: header values."
        />
        <CheckboxField label="Durable" hint="Survives a restart." checked={durable} onChange={(event) => setDurable(event.target.checked)} />
        <CheckboxField
          label="Internal"
          hint="Only other exchanges route into it; clients cannot publish to it."
          checked={internal}
          onChange={(event) => setInternal(event.target.checked)}
        />
        <SelectField
          label="Alternate exchange"
          value={alternate}
          onChange={(event) => setAlternate(event.target.value)}
          options={[{ value: '', label: '(none)' }, ...exchangeNames.filter((n) => n !== 'amq.default').map((n) => ({ value: n, label: n }))]}
          hint="Where messages go that match no binding of this exchange."
        />
        {create.isError ? <ErrorAlert error={create.error} title="Could not create the exchange" /> : null}
        <FormActions onCancel={close} submitLabel="Create exchange" pendingLabel="Creating…" pending={create.isPending} decision={mayCreate} />
      </form>
    </ModalDialog>
  );
}
