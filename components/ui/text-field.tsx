/** @module A labelled text input with an optional hint and problem, wired together for screen readers. */
'use client';

import type { InputHTMLAttributes } from 'react';
import { FieldFrame, fieldControlClass, useFieldIds } from './field-frame';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  hint?: string;
  /** What is wrong with the value: shown under it, and marks the field invalid. */
  problem?: string;
  /** Extra classes for the <input> itself (className styles the wrapper). */
  inputClassName?: string;
}

export function TextField({ label, hint, problem, className = '', inputClassName = '', ...props }: TextFieldProps) {
  const ids = useFieldIds(hint, problem);
  return (
    <FieldFrame ids={ids} label={label} hint={hint} problem={problem} className={className}>
      <input id={ids.id} aria-describedby={ids.describedBy} aria-invalid={problem ? true : undefined} className={fieldControlClass(problem, inputClassName)} {...props} />
    </FieldFrame>
  );
}
