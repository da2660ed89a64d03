/** @module The dry run of a definitions import, shown: added, changed and removed, by vhosts, users, permissions, exchanges, queues and bindings. */
import { useId } from 'react';
import type { DiffSection, DiffSummary } from '@/lib/console/definitions-diff';

function Count({ section, kind, value, blocking }: { section: DiffSection['key']; kind: 'added' | 'changed' | 'removed'; value: number; blocking: boolean }) {
  return (
    <span className={value > 0 && kind === 'changed' && blocking ? 'text-danger' : value > 0 && kind !== 'removed' ? 'text-success' : 'text-ink-muted'}>
      <span className="tabular-nums font-semibold" data-testid={`definitions-${kind}-${section}`}>
        {value}
      </span>{' '}
      {kind}
    </span>
  );
}

function Names({ label, names }: { label: string; names: string[] }) {
  if (names.length === 0) return null;
  return (
    <div>
      <h5 className="text-xs font-semibold tracking-wide text-ink-muted uppercase">{label}</h5>
      <ul className="mt-1 flex flex-col gap-0.5 font-mono text-xs [overflow-wrap:anywhere]" aria-label={label}>
        {names.map((name, index) => (
          <li key={`${index}-${name}`}>{name}</li>
        ))}
      </ul>
    </div>
  );
}

function Section({ section }: { section: DiffSection }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-2 rounded-md border border-line p-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h4 id={headingId} className="text-sm font-semibold">
          {section.title}
        </h4>
        <p className="flex flex-wrap gap-x-3 text-sm">
          <Count section={section.key} kind="added" value={section.added.length} blocking={section.blocking} />
          {section.key !== 'bindings' ? <Count section={section.key} kind="changed" value={section.changed.length} blocking={section.blocking} /> : null}
          <Count section={section.key} kind="removed" value={section.removed.length} blocking={section.blocking} />
        </p>
      </div>
      <Names label={`Added ${section.title.toLowerCase()}`} names={section.added} />
      {section.changed.length > 0 ? (
        <div>
          <h5 className={`text-xs font-semibold tracking-wide uppercase ${section.blocking ? 'text-danger' : 'text-ink-muted'}`}>
            {section.blocking ? 'Exist with other settings' : 'Updated by the import'}
          </h5>
          <ul className="mt-1 flex flex-col gap-1 text-xs" aria-label={`Changed ${section.title.toLowerCase()}`}>
            {section.changed.map((entry) => (
              <li key={entry.name}>
                <span className="font-mono font-semibold break-all">{entry.name}</span>
                <ul className="ml-4 list-disc">
                  {entry.changes.map((change) => (
                    <li key={change.field} className="font-mono break-all">
                      {change.field}: {change.current} → {change.desired}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {section.removed.length > 0 ? (
        <details className="text-xs">
          <summary className="cursor-pointer rounded text-ink-muted focus-visible:outline-2 focus-visible:outline-focus">
            {section.removed.length} in Switchboard but not in the file (an import never deletes them)
          </summary>
          <ul className="mt-1 flex flex-col gap-0.5 font-mono break-all">
            {section.removed.map((name, index) => (
              <li key={`${index}-${name}`}>{name}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

export function DefinitionsDiffView({ summary }: { summary: DiffSummary }) {
  return (
    <div className="@container flex flex-col gap-3" data-testid="definitions-diff">
      {summary.upToDate ? (
        <p role="status" className="rounded-md border border-line bg-surface-muted px-3 py-2 text-sm">
          Nothing to import: everything in the file already exists with the same settings.
        </p>
      ) : null}
      {summary.blocked ? (
        <p role="alert" className="rounded-md border border-danger-line bg-danger-surface px-3 py-2 text-sm text-danger">
          {summary.counts.changed} {summary.counts.changed === 1 ? 'entry exists' : 'entries exist'} with other settings. The import is refused as a
          whole until they match: change or delete them first, or edit the file.
        </p>
      ) : null}
      <div className="grid gap-3 @3xl:grid-cols-3">
        {summary.sections.map((section) => (
          <Section key={section.key} section={section} />
        ))}
      </div>
      {summary.warnings.length > 0 ? (
        <div className="rounded-md border border-line px-3 py-2 text-sm">
          <h4 className="font-semibold">Left out</h4>
          <ul className="mt-1 list-disc pl-5 text-ink-muted" aria-label="Import warnings">
            {summary.warnings.map((warning, index) => (
              <li key={index} className="break-words">
                {warning}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
