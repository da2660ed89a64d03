/** @module The Audit page's filters: user, action, resource, vhost, outcome and a time range; applied on submit, cleared at once. */
'use client';

import { useState, type FormEvent } from 'react';
import { SelectField } from '@/components/routing/select-field';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/text-field';
import { AUDIT_OUTCOMES, emptyAuditFilters, localTimeValue, timeRangeProblem, type AuditFilters } from '@/lib/console/audit-filters';

const HOUR_MS = 60 * 60 * 1000;

export interface AuditFilterFormProps {
  filters: AuditFilters;
  onApply: (filters: AuditFilters) => void;
  /** Without monitoring, the viewer reads only its own events: the user filter is fixed to it. */
  onlyUser?: string;
  /** The vhosts to filter by (those the viewer may see). */
  vhosts: readonly string[];
}

export function AuditFilterForm({ filters, onApply, onlyUser, vhosts }: AuditFilterFormProps) {
  const [draft, setDraft] = useState(filters);
  const [problem, setProblem] = useState<string>();
  const set = (field: keyof AuditFilters) => (value: string) => setDraft((current) => ({ ...current, [field]: value }));
  const apply = (next: AuditFilters) => {
    const found = timeRangeProblem(next);
    setProblem(found);
    if (!found) onApply(next);
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    apply(draft);
  };
  const lastHours = (hours: number) => {
    const next = { ...draft, since: localTimeValue(Date.now() - hours * HOUR_MS), until: '' };
    setDraft(next);
    apply(next);
  };

  return (
    <form role="search" aria-label="Filter the audit log" onSubmit={submit} className="flex flex-col gap-3">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {onlyUser === undefined ? (
          <TextField label="User" autoComplete="off" spellCheck={false} value={draft.user} onChange={(e) => set('user')(e.target.value)} />
        ) : (
          <TextField label="User" hint="Your own events: reading others' needs the monitoring tag." readOnly value={onlyUser} />
        )}
        <TextField label="Action" hint="queue.purge, login, user.put…" autoComplete="off" spellCheck={false} value={draft.action} onChange={(e) => set('action')(e.target.value)} />
        <TextField label="Resource" hint="Part of its name" autoComplete="off" spellCheck={false} value={draft.resource} onChange={(e) => set('resource')(e.target.value)} />
        <SelectField
          label="In vhost"
          value={draft.vhost}
          onChange={(e) => set('vhost')(e.target.value)}
          options={[{ value: '', label: 'Any' }, ...vhosts.map((vhost) => ({ value: vhost, label: vhost }))]}
        />
        <SelectField
          label="Outcome"
          value={draft.outcome}
          onChange={(e) => set('outcome')(e.target.value)}
          options={[{ value: '', label: 'Any' }, ...AUDIT_OUTCOMES.map((outcome) => ({ value: outcome, label: outcome }))]}
        />
        <TextField label="From" type="datetime-local" value={draft.since} onChange={(e) => set('since')(e.target.value)} />
        <TextField label="To" type="datetime-local" value={draft.until} onChange={(e) => set('until')(e.target.value)} />
      </div>
      {problem ? (
        <p role="alert" className="text-sm text-danger">
          {problem}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="primary">
          Apply filters
        </Button>
        <Button onClick={() => lastHours(1)}>Last hour</Button>
        <Button onClick={() => lastHours(24)}>Last 24 hours</Button>
        <Button
          variant="ghost"
          onClick={() => {
            setDraft(emptyAuditFilters);
            apply(emptyAuditFilters);
          }}
        >
          Clear
        </Button>
      </div>
    </form>
  );
}
