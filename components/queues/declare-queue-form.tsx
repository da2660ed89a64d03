/** @module Declares a queue: name, durable, and the optional TTL, max length and dead-letter exchange. */
'use client';

import { useState, type FormEvent } from 'react';
import { nameFieldHint } from '@/lib/console/name-field';
import { ErrorAlert } from '@/components/ui/error-alert';
import { GatedButton } from '@/components/ui/gated-button';
import { Panel } from '@/components/ui/panel';
import { TextField } from '@/components/ui/text-field';
import { toDeclareQueueBody } from './declare-queue-body';
import { emptyQueueValues, QueueSettingFields } from './queue-setting-fields';
import { useDeclareDecision } from './use-declare-decision';
import { useDeclareQueue } from './use-declare-queue';

export function DeclareQueueForm() {
  const [name, setName] = useState('');
  // The engine's name rule, so the form refuses what the server would.
  const nameField = nameFieldHint('queue', name.trim());
  const [values, setValues] = useState(emptyQueueValues);
  const declare = useDeclareQueue();
  const mayDeclare = useDeclareDecision(name, values);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!mayDeclare.allowed || nameField.problem) return;
    declare.mutate(
      { name: name.trim(), body: toDeclareQueueBody(values) },
      {
        onSuccess: () => {
          setName('');
          setValues(emptyQueueValues);
        },
      },
    );
  }

  return (
    <Panel title="Declare a queue" description="Declaring an existing queue with the same settings changes nothing.">
      <form onSubmit={submit} className="flex flex-col gap-4">
        <TextField
          label="Queue name"
          hint={nameField.hint}
          aria-invalid={nameField.problem}
          name="name"
          required
          maxLength={255}
          autoComplete="off"
          spellCheck={false}
          inputClassName="font-mono"
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <QueueSettingFields values={values} onChange={setValues} />
        {declare.isError ? <ErrorAlert error={declare.error} title="Could not declare the queue" /> : null}
        <div role="status">
          {declare.isSuccess ? (
            <p className="rounded-md border border-success-line bg-success-surface px-3 py-2 text-sm text-success">
              {declare.data.created ? 'Declared queue ' : 'Queue already exists with these settings: '}
              <span className="font-mono font-semibold">{declare.variables.name}</span>
            </p>
          ) : null}
        </div>
        <GatedButton decision={mayDeclare} type="submit" variant="primary" disabled={declare.isPending} className="self-start">
          {declare.isPending ? 'Declaring…' : 'Declare queue'}
        </GatedButton>
      </form>
    </Panel>
  );
}
