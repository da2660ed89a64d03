/** @module The Cancel and submit buttons that end a dialog's form; the submit button says when it is working. */
'use client';

import { Button } from './button';

export interface FormActionsProps {
  onCancel: () => void;
  submitLabel: string;
  pendingLabel: string;
  pending: boolean;
  disabled?: boolean;
}

export function FormActions({ onCancel, submitLabel, pendingLabel, pending, disabled }: FormActionsProps) {
  return (
    <div className="flex justify-end gap-2">
      <Button onClick={onCancel}>Cancel</Button>
      <Button type="submit" variant="primary" disabled={pending || disabled}>
        {pending ? pendingLabel : submitLabel}
      </Button>
    </div>
  );
}
