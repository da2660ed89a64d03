/** @module The replay form's fields: which messages (all, or a filter by reason, source, headers and age), where to, and how fast. */
'use client';

import { useId, type ReactNode } from 'react';
import { TextField } from '@/components/ui/text-field';
import { DEATH_REASONS, type ReplayForm } from '@/lib/console/replay-form';

const fieldClass =
  'rounded-md border border-line bg-surface px-2.5 py-1.5 text-sm text-ink focus-visible:border-focus focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-focus';

function RadioGroup<T extends string>({
  legend,
  name,
  value,
  options,
  onChange,
}: {
  legend: string;
  name: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
}) {
  return (
    <fieldset className="flex flex-col gap-1">
      <legend className="text-sm font-medium text-ink">{legend}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {options.map((option) => (
          <label key={option.value} className="flex items-center gap-1.5 text-sm">
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
              className="size-4 accent-accent focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
            />
            {option.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function LabelledControl({ label, hint, children }: { label: string; hint?: string; children: (id: string, hintId?: string) => ReactNode }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-ink">
        {label}
      </label>
      {children(id, hintId)}
      {hint ? (
        <p id={hintId} className="text-xs text-ink-muted">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function ReplayFormFields({ form, set, sources }: { form: ReplayForm; set: (patch: Partial<ReplayForm>) => void; sources: string[] }) {
  const listId = useId();
  return (
    <div className="flex flex-col gap-4">
      <RadioGroup
        legend="Messages"
        name="scope"
        value={form.scope}
        onChange={(scope) => set({ scope })}
        options={[
          { value: 'all', label: 'All messages' },
          { value: 'filtered', label: 'Only matching a filter' },
        ]}
      />
      {form.scope === 'filtered' ? (
        <div className="grid gap-3 rounded-md border border-line p-3 sm:grid-cols-2">
          <LabelledControl label="Reason">
            {(id) => (
              <select id={id} value={form.reason} onChange={(e) => set({ reason: e.target.value as ReplayForm['reason'] })} className={fieldClass}>
                <option value="">Any reason</option>
                {DEATH_REASONS.map((reason) => (
                  <option key={reason} value={reason}>
                    {reason}
                  </option>
                ))}
              </select>
            )}
          </LabelledControl>
          <TextField label="Source queue" list={listId} value={form.sourceQueue} onChange={(e) => set({ sourceQueue: e.target.value })} autoComplete="off" spellCheck={false} />
          <datalist id={listId}>
            {sources.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
          <LabelledControl label="Headers" hint="One key=value a line; every one must match.">
            {(id, hintId) => (
              <textarea
                id={id}
                aria-describedby={hintId}
                rows={2}
                value={form.headers}
                onChange={(e) => set({ headers: e.target.value })}
                spellCheck={false}
                className={`${fieldClass} font-mono`}
              />
            )}
          </LabelledControl>
          <div className="grid grid-cols-2 gap-3">
            <TextField label="Older than (s)" hint="Waited at least" inputMode="decimal" value={form.olderThanSec} onChange={(e) => set({ olderThanSec: e.target.value })} />
            <TextField label="Newer than (s)" hint="Waited at most" inputMode="decimal" value={form.newerThanSec} onChange={(e) => set({ newerThanSec: e.target.value })} />
          </div>
        </div>
      ) : null}
      <RadioGroup
        legend="Destination"
        name="destination"
        value={form.destination}
        onChange={(destination) => set({ destination })}
        options={[
          { value: 'source', label: 'Back to their source (x-death)' },
          { value: 'queue', label: 'A queue' },
          { value: 'exchange', label: 'An exchange' },
        ]}
      />
      {form.destination === 'queue' ? (
        <TextField label="Destination queue" value={form.queue} onChange={(e) => set({ queue: e.target.value })} autoComplete="off" spellCheck={false} />
      ) : null}
      {form.destination === 'exchange' ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField label="Destination exchange" hint="amq.default for the default exchange" value={form.exchange} onChange={(e) => set({ exchange: e.target.value })} autoComplete="off" spellCheck={false} />
          <TextField label="Routing key" value={form.routingKey} onChange={(e) => set({ routingKey: e.target.value })} autoComplete="off" spellCheck={false} />
        </div>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label="Rate (messages/s)" hint="Empty for as fast as possible" inputMode="decimal" value={form.ratePerSec} onChange={(e) => set({ ratePerSec: e.target.value })} />
        <TextField label="Max redrives" hint="A message replayed more often than this stays (skipped)" inputMode="numeric" value={form.maxRedrives} onChange={(e) => set({ maxRedrives: e.target.value })} />
      </div>
    </div>
  );
}
