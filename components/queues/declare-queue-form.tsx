/** @module Declares a queue: name, durable, and the optional TTL, max length and dead-letter exchange. */
'use client';

import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { CheckboxField } from '@/components/ui/checkbox-field';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Panel } from '@/components/ui/panel';
import { TextField } from '@/components/ui/text-field';
import { toDeclareQueueBody, type DeclareQueueValues } from './declare-queue-body';
import { useDeclareQueue } from './use-declare-queue';

const emptyValues: DeclareQueueValues = { durable: true, messageTtlMs: '', maxLength: '', deadLetterExchange: '' };

export function DeclareQueueForm() {
  const [name, setName] = useState('');
  const [values, setValues] = useState(emptyValues);
  const declare = useDeclareQueue();
  const set = (field: keyof DeclareQueueValues) => (value: string | boolean) => setValues((v) => ({ ...v, [field]: value }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    declare.mutate(
      { name: name.trim(), body: toDeclareQueueBody(values) },
      {
        onSuccess: () => {
          setName('');
          setValues(emptyValues);
        },
      },
    );
  }

  return (
    <Panel title="Declare a queue" description="Declaring an existing queue with the same settings changes nothing.">
      <form onSubmit={submit} className="flex flex-col gap-4">
        <TextField
          label="Queue name"
          hint="Letters, digits and . _ : - (up to 255)."
          name="name"
          required
          maxLength={255}
          autoComplete="off"
          spellCheck={false}
          inputClassName="font-mono"
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <CheckboxField
          label="Durable"
          hint="The queue and its persistent messages survive a restart."
          name="durable"
          checked={values.durable}
          onChange={(event) => set('durable')(event.target.checked)}
        />
        <fieldset className="flex flex-col gap-3 rounded-md border border-line p-3">
          <legend className="px-1 text-sm font-medium text-ink-muted">Optional arguments</legend>
          <TextField
            label="Message TTL (ms)"
            hint="Messages older than this expire (and are dead-lettered when a DLX is set)."
            name="messageTtlMs"
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            value={values.messageTtlMs}
            onChange={(event) => set('messageTtlMs')(event.target.value)}
          />
          <TextField
            label="Max length"
            hint="Most ready messages kept; the oldest are dropped beyond it."
            name="maxLength"
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            value={values.maxLength}
            onChange={(event) => set('maxLength')(event.target.value)}
          />
          <TextField
            label="Dead-letter exchange"
            hint="Where rejected, expired or overflowing messages go. amq.default is the default exchange."
            name="deadLetterExchange"
            autoComplete="off"
            spellCheck={false}
            value={values.deadLetterExchange}
            onChange={(event) => set('deadLetterExchange')(event.target.value)}
          />
        </fieldset>
        {declare.isError ? <ErrorAlert error={declare.error} title="Could not declare the queue" /> : null}
        <div role="status">
          {declare.isSuccess ? (
            <p className="rounded-md border border-success-line bg-success-surface px-3 py-2 text-sm text-success">
              {declare.data.created ? 'Declared queue ' : 'Queue already exists with these settings: '}
              <span className="font-mono font-semibold">{declare.variables.name}</span>
            </p>
          ) : null}
        </div>
        <Button type="submit" variant="primary" disabled={declare.isPending} className="self-start">
          {declare.isPending ? 'Declaring…' : 'Declare queue'}
        </Button>
      </form>
    </Panel>
  );
}
