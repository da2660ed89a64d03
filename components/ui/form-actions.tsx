/** @module The Cancel and submit buttons that end a dialog's form; the submit button says when it is working, and why it is refused. */
'use client';

import type { Decision } from '@/lib/console/viewer-permissions';
import { Button } from './button';
import { GatedButton } from './gated-button';

export interface FormActionsProps {
  onCancel: () => void;
  submitLabel: string;
  pendingLabel: string;
  pending: boolean;
  disabled?: boolean;
  /** Whether the viewer may submit what the form now says; allowed when left out. */
  decision?: Decision;
}

export function FormActions({ onCancel, submitLabel, pendingLabel, pending, disabled, decision = { allowed: true } }: FormActionsProps) {
  return (
    <div className="flex items-start justify-end gap-2">
      <Button onClick={onCancel}>Cancel</Button>
      <GatedButton decision={decision} type="submit" variant="primary" disabled={pending || disabled}>
        {pending ? pendingLabel : submitLabel}
      </GatedButton>
    </div>
  );
}
