/** @module What every labelled form control shares: its label, hint and problem, wired together for screen readers. */
'use client';

import { useId, type ReactNode } from 'react';

export interface FieldIds {
  id: string;
  hintId: string;
  problemId: string;
  /** For the control's aria-describedby: the hint and the problem when there are some. */
  describedBy: string | undefined;
}

export function useFieldIds(hint?: string, problem?: string): FieldIds {
  const id = useId();
  const hintId = `${id}-hint`;
  const problemId = `${id}-problem`;
  const describedBy = [hint ? hintId : undefined, problem ? problemId : undefined].filter(Boolean).join(' ') || undefined;
  return { id, hintId, problemId, describedBy };
}

/** The control's own classes: the frame's look, red while it has a problem. */
export const fieldControlClass = (problem: string | undefined, extra: string) =>
  `rounded-md border bg-surface px-2.5 py-1.5 text-sm text-ink placeholder:text-ink-muted focus-visible:border-focus focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-focus ${problem ? 'border-danger' : 'border-line'} ${extra}`;

export function FieldFrame({ ids, label, hint, problem, className, children }: { ids: FieldIds; label: string; hint?: string; problem?: string; className: string; children: ReactNode }) {
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={ids.id} className="text-sm font-medium text-ink">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={ids.hintId} className="text-xs text-ink-muted">
          {hint}
        </p>
      ) : null}
      {problem ? (
        <p id={ids.problemId} className="text-xs text-danger">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
