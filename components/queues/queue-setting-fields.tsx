/** @module The settings a queue is declared with (durable, TTL, max length, dead-letter exchange), shared by every declare form. */
'use client';

import { SelectField } from '@/components/routing/select-field';
import { CheckboxField } from '@/components/ui/checkbox-field';
import { QUEUE_TYPES } from '@/lib/engine/queue-arguments';
import { TextField } from '@/components/ui/text-field';
import type { DeclareQueueValues } from './declare-queue-body';

export const emptyQueueValues: DeclareQueueValues = { type: 'classic', durable: true, messageTtlMs: '', maxLength: '', deadLetterExchange: '' };

export function QueueSettingFields({ values, onChange }: { values: DeclareQueueValues; onChange: (values: DeclareQueueValues) => void }) {
  const set = (field: keyof DeclareQueueValues) => (value: string | boolean) => onChange({ ...values, [field]: value });
  return (
    <>
      <SelectField
        label="Type"
        value={values.type ?? 'classic'}
        onChange={(event) => onChange({ ...values, type: event.target.value as DeclareQueueValues['type'] })}
        options={QUEUE_TYPES.map((type) => ({ value: type, label: type }))}
        hint="classic, or quorum: durable only, at-least-once, dead-lettered after 20 deliveries unless a limit is set."
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
    </>
  );
}
