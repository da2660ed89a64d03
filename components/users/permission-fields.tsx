/** @module The three permission patterns of one vhost as text fields, with the first one that does not compile named. */
'use client';

import { TextField } from '@/components/ui/text-field';
import type { PermissionPatterns } from '@/lib/client/types';
import { patternProblems } from '@/lib/console/user-form';

const hints: Record<keyof PermissionPatterns, string> = {
  configure: 'Declare and delete queues and exchanges',
  write: 'Publish to exchanges, bind into queues and exchanges',
  read: 'Consume, get, purge, browse; bind from exchanges',
};

export function PermissionFields({ patterns, onChange, label }: { patterns: PermissionPatterns; onChange: (patterns: PermissionPatterns) => void; label: string }) {
  const problem = patternProblems(patterns);
  return (
    <div className="flex flex-col gap-2">
      <div className="grid gap-3 sm:grid-cols-3">
        {(['configure', 'write', 'read'] as const).map((kind) => (
          <TextField
            key={kind}
            label={`${kind[0]!.toUpperCase()}${kind.slice(1)}`}
            aria-label={`${label}: ${kind}`}
            hint={hints[kind]}
            autoComplete="off"
            spellCheck={false}
            inputClassName="font-mono"
            value={patterns[kind]}
            aria-invalid={problem?.startsWith(kind) ? true : undefined}
            onChange={(event) => onChange({ ...patterns, [kind]: event.target.value })}
          />
        ))}
      </div>
      <p aria-live="polite" className={`text-xs ${problem ? 'text-danger' : 'text-ink-muted'}`}>
        {problem ?? 'Regular expressions searched in the name, as RabbitMQ does: ^orders matches names starting with orders; empty grants nothing.'}
      </p>
    </div>
  );
}
