/**
 * @module Creates a binding (after a drag on the canvas, or from the New binding button with source and destination
 * chosen in selects), or opens an existing one to change or delete it. Nothing reaches the API before the button.
 */
'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { ErrorAlert } from '@/components/ui/error-alert';
import { GatedButton } from '@/components/ui/gated-button';
import { ModalDialog } from '@/components/ui/modal-dialog';
import { useCan } from '@/components/viewer/viewer-provider';
import type { Binding, Exchange, Queue } from '@/lib/client/types';
import { bindingSpecFrom } from '@/lib/console/binding-form';
import { DEFAULT_EXCHANGE_NAME, exchangeNodeId, parseNodeId, queueNodeId } from '@/lib/console/routing-graph';
import { headerArgumentRows } from '@/lib/console/topic-key';
import { createBinding, deleteBinding, describeBinding, replaceBinding, type TopologyClient } from '@/lib/console/topology-undo';
import { BindingKeyFields, type KeyValues } from './binding-key-fields';
import { SelectField } from './select-field';
import type { TopologyChanges } from './use-topology-changes';

export type BindingDialogMode = { kind: 'create'; source?: string; destination?: string } | { kind: 'edit'; binding: Binding };

export interface BindingDialogProps {
  mode: BindingDialogMode | undefined;
  exchanges: readonly Exchange[];
  queues: readonly Queue[];
  changes: TopologyChanges;
  onClose: () => void;
}

function initialKeys(mode: BindingDialogMode): KeyValues {
  if (mode.kind === 'create') return { routingKey: '', xMatch: 'all', rows: [{ key: '', value: '' }] };
  const { rows, xMatch } = headerArgumentRows(mode.binding.arguments);
  return { routingKey: mode.binding.routingKey, xMatch, rows: rows.length ? rows : [{ key: '', value: '' }] };
}

function BindingForm({ mode, exchanges, queues, changes, onClose }: BindingDialogProps & { mode: BindingDialogMode }) {
  const editing = mode.kind === 'edit' ? mode.binding : undefined;
  const [source, setSource] = useState(editing?.source ?? (mode.kind === 'create' ? (mode.source ?? '') : ''));
  const [destination, setDestination] = useState(
    editing ? (editing.destinationType === 'queue' ? queueNodeId(editing.destination) : exchangeNodeId(editing.destination)) : mode.kind === 'create' ? (mode.destination ?? '') : '',
  );
  const [keys, setKeys] = useState(() => initialKeys(mode));
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const sourceType = exchanges.find((e) => e.name === source)?.type;
  const { spec, error: invalid } = bindingSpecFrom({ source, sourceType, destination, ...keys });
  const can = useCan();
  const target = parseNodeId(destination);
  // Write on the destination and read on the source, for creating, changing and deleting alike.
  const mayBind = source !== '' && target ? can.bind(source, target.kind, target.name) : can.bindSome();

  const save = useMutation({
    mutationFn: () => {
      if (!spec) throw new Error(invalid);
      if (!editing) return changes.run((client) => createBinding(client, spec), 'That binding already exists.');
      return changes.run((client: TopologyClient) => replaceBinding(client, editing, spec), 'Nothing changed: the binding is as it was.');
    },
    onSuccess: onClose,
  });
  const remove = useMutation({
    mutationFn: () => changes.run((client) => deleteBinding(client, editing!), 'Nothing to delete.'),
    onSuccess: onClose,
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (mayBind.allowed) save.mutate();
  }

  const sources = exchanges.filter((e) => e.name !== DEFAULT_EXCHANGE_NAME);
  const destinations = [
    ...queues.map((q) => ({ value: queueNodeId(q.name), label: `queue ${q.name}` })),
    ...sources.map((e) => ({ value: exchangeNodeId(e.name), label: `exchange ${e.name}` })),
  ];
  if (confirmingDelete && editing) {
    return (
      <div className="flex flex-col gap-4">
        <p className="text-sm">
          Delete the binding of <span className="font-mono break-all">{describeBinding(editing)}</span>? Messages stop flowing along it at once.
        </p>
        {remove.isError ? <ErrorAlert error={remove.error} title="Could not delete the binding" /> : null}
        <div className="flex justify-end gap-2">
          <Button onClick={() => setConfirmingDelete(false)} autoFocus>
            Keep it
          </Button>
          <GatedButton
            decision={mayBind}
            onClick={() => remove.mutate()}
            disabled={remove.isPending}
            className="border-transparent bg-danger text-white hover:opacity-90 dark:text-canvas"
          >
            {remove.isPending ? 'Deleting…' : 'Delete binding'}
          </GatedButton>
        </div>
      </div>
    );
  }
  return (
    <form onSubmit={submit} className="flex flex-col gap-4">
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          label="Source exchange"
          value={source}
          disabled={editing !== undefined}
          onChange={(event) => setSource(event.target.value)}
          options={[{ value: '', label: '(choose)' }, ...sources.map((e) => ({ value: e.name, label: `${e.name} (${e.type})` }))]}
        />
        <SelectField
          label="Destination"
          value={destination}
          disabled={editing !== undefined}
          onChange={(event) => setDestination(event.target.value)}
          options={[{ value: '', label: '(choose)' }, ...destinations]}
        />
      </div>
      {sourceType ? <BindingKeyFields exchangeType={sourceType} values={keys} onChange={setKeys} /> : null}
      <div role="status" className="rounded-md border border-line bg-surface-muted px-3 py-2 text-sm">
        {spec ? (
          <>
            {editing ? 'Will change it to: bind ' : 'Will bind '}
            <span className="font-mono break-all">{describeBinding(spec)}</span>.
          </>
        ) : (
          <span className="text-danger">{invalid}</span>
        )}
      </div>
      {save.isError ? <ErrorAlert error={save.error} title="Could not save the binding" /> : null}
      <div className="flex flex-wrap items-start justify-end gap-2">
        {editing ? (
          <GatedButton decision={mayBind} className="mr-auto text-danger" onClick={() => setConfirmingDelete(true)}>
            Delete…
          </GatedButton>
        ) : null}
        <Button onClick={onClose}>Cancel</Button>
        <GatedButton decision={mayBind} type="submit" variant="primary" disabled={!spec || save.isPending}>
          {save.isPending ? 'Saving…' : editing ? 'Save binding' : 'Create binding'}
        </GatedButton>
      </div>
    </form>
  );
}

export function BindingDialog(props: BindingDialogProps) {
  const { mode, onClose } = props;
  const title = mode?.kind === 'edit' ? 'Binding' : 'New binding';
  return (
    <ModalDialog open={mode !== undefined} title={title} onClose={onClose} wide>
      {mode ? <BindingForm key={JSON.stringify(mode)} {...props} mode={mode} /> : null}
    </ModalDialog>
  );
}
