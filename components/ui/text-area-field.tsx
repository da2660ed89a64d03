/** @module A labelled <textarea> with an optional hint and problem, wired together for screen readers like TextField. */
'use client';

import type { TextareaHTMLAttributes } from 'react';
import { FieldFrame, fieldControlClass, useFieldIds } from './field-frame';

export interface TextAreaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> {
  label: string;
  hint?: string;
  /** What is wrong with the value: shown under it, and marks the field invalid. */
  problem?: string;
  /** Extra classes for the <textarea> itself (className styles the wrapper). */
  inputClassName?: string;
}

export function TextAreaField({ label, hint, problem, className = '', inputClassName = '', ...props }: TextAreaFieldProps) {
  const ids = useFieldIds(hint, problem);
  return (
    <FieldFrame ids={ids} label={label} hint={hint} problem={problem} className={className}>
      <textarea id={ids.id} aria-describedby={ids.describedBy} aria-invalid={problem ? true : undefined} className={fieldControlClass(problem, inputClassName)} {...props} />
    </FieldFrame>
  );
}
