/**
 * @module The part of the binding dialog that depends on the source exchange's type: a routing key (a topic key is
 * checked as it is typed, with routing keys it would and would not match), header arguments, or fanout's note.
 */
'use client';

import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import type { ExchangeType } from '@/lib/client/types';
import { describeTopicBindingKey, X_MATCH_VALUES, type HeaderRow, type XMatch } from '@/lib/console/topic-key';
import { SelectField } from './select-field';

export interface KeyValues {
  routingKey: string;
  xMatch: XMatch;
  rows: HeaderRow[];
}

const shown = (key: string) => (key === '' ? '(empty)' : key);

function Examples({ title, keys }: { title: string; keys: string[] }) {
  if (keys.length === 0) return null;
  return (
    <div>
      <p className="text-xs font-medium text-ink-muted">{title}</p>
      <ul className="flex flex-wrap gap-1">
        {keys.map((key) => (
          <li key={key} className="rounded bg-surface-muted px-1.5 py-0.5 font-mono text-xs break-all">
            {shown(key)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function TopicCheck({ routingKey }: { routingKey: string }) {
  const described = describeTopicBindingKey(routingKey);
  return (
    <div className="flex flex-col gap-2" aria-live="polite">
      {!described.valid ? <p className="text-sm text-danger">{described.error}</p> : null}
      {described.warnings.map((warning) => (
        <p key={warning} className="text-sm text-ink-muted">
          ⚠ {warning}
        </p>
      ))}
      <Examples title="Routing keys it matches" keys={described.matching} />
      <Examples title="Routing keys it does not match" keys={described.nonMatching} />
    </div>
  );
}

export interface BindingKeyFieldsProps {
  exchangeType: ExchangeType | undefined;
  values: KeyValues;
  onChange: (values: KeyValues) => void;
}

export function BindingKeyFields({ exchangeType, values, onChange }: BindingKeyFieldsProps) {
  if (exchangeType === 'fanout') {
    return <p className="text-sm text-ink-muted">A fanout exchange sends every message to all its bindings: the routing key is ignored.</p>;
  }
  if (exchangeType === 'headers') {
    const setRow = (index: number, row: Partial<HeaderRow>) => onChange({ ...values, rows: values.rows.map((r, i) => (i === index ? { ...r, ...row } : r)) });
    return (
      <fieldset className="flex flex-col gap-3 rounded-md border border-line p-3">
        <legend className="px-1 text-sm font-medium text-ink-muted">Header arguments (the routing key is ignored)</legend>
        <SelectField
          label="x-match"
          value={values.xMatch}
          onChange={(event) => onChange({ ...values, xMatch: event.target.value as XMatch })}
          options={X_MATCH_VALUES.map((v) => ({ value: v, label: v }))}
          hint="all: every header below must match; any: at least one. *-with-x also compares headers starting with x-."
        />
        <p className="text-xs text-ink-muted">A value is JSON when it reads as JSON (1, true, &quot;1&quot;; null: the header need only be present), else text.</p>
        {values.rows.map((row, index) => (
          <div key={index} className="grid grid-cols-[1fr_1fr_auto] items-end gap-2">
            <TextField label={`Header ${index + 1} name`} value={row.key} spellCheck={false} inputClassName="font-mono" onChange={(event) => setRow(index, { key: event.target.value })} />
            <TextField
              label={`Header ${index + 1} value`}
              value={row.value}
              spellCheck={false}
              inputClassName="font-mono"
              onChange={(event) => setRow(index, { value: event.target.value })}
            />
            <Button variant="ghost" aria-label={`Remove header ${index + 1}`} onClick={() => onChange({ ...values, rows: values.rows.filter((_, i) => i !== index) })}>
              Remove
            </Button>
          </div>
        ))}
        <Button className="self-start" onClick={() => onChange({ ...values, rows: [...values.rows, { key: '', value: '' }] })}>
          Add header
        </Button>
      </fieldset>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      <TextField
        label={exchangeType === 'topic' ? 'Binding key' : 'Routing key'}
        hint={exchangeType === 'topic' ? 'Words separated by dots; * is exactly one word, # is zero or more.' : 'Messages with exactly this routing key are routed.'}
        value={values.routingKey}
        maxLength={255}
        spellCheck={false}
        autoComplete="off"
        inputClassName="font-mono"
        onChange={(event) => onChange({ ...values, routingKey: event.target.value })}
      />
      {exchangeType === 'topic' ? <TopicCheck routingKey={values.routingKey} /> : null}
    </div>
  );
}
