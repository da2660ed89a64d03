/** @module A labelled <textarea> with an optional hint and problem, wired together for screen readers like TextField. */
'use client';

import { useId, type TextareaHTMLAttributes } from 'react';

export interface TextAreaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> {
  label: string;
  hint?: string;
  /** What is wrong with the value: shown under it, and marks the field invalid. */
  problem?: string;
  /** Extra classes for the <textarea> itself (className styles the wrapper). */
  inputClassName?: string;
}

export function TextAreaField({ label, hint, problem, className = '', inputClassName = '', ...props }: TextAreaFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const problemId = `${id}-problem`;
  const describedBy = [hint ? hintId : undefined, problem ? problemId : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <label htmlFor={id} className="text-sm font-medium text-ink">
        {label}
      </label>
      <textarea
        id={id}
        aria-describedby={describedBy}
        aria-invalid={problem ? true : undefined}
        className={`rounded-md border bg-surface px-2.5 py-1.5 text-sm text-ink placeholder:text-ink-muted focus-visible:border-focus focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-focus ${problem ? 'border-danger' : 'border-line'} ${inputClassName}`}
        {...props}
      />
      {hint ? (
        <p id={hintId} className="text-xs text-ink-muted">
          {hint}
        </p>
      ) : null}
      {problem ? (
        <p id={problemId} className="text-xs text-danger">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
