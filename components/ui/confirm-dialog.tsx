/** @module A modal confirmation: focus is trapped, Escape cancels, the question is text only. */
'use client';

import type { ReactNode } from 'react';
import type { Decision } from '@/lib/console/viewer-permissions';
import { Button } from './button';
import { GatedButton } from './gated-button';
import { ModalDialog } from './modal-dialog';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  pending?: boolean;
  /** Whether the viewer may confirm what the dialog's fields now say (a destination typed, say); allowed when left out. */
  confirmDecision?: Decision;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ open, title, children, confirmLabel, pending, confirmDecision = { allowed: true }, onConfirm, onCancel }: ConfirmDialogProps) {
  return (
    <ModalDialog open={open} title={title} onClose={onCancel}>
      {children ? <div className="text-sm text-ink-muted">{children}</div> : null}
      <div className="mt-5 flex items-start justify-end gap-2">
        <Button onClick={onCancel} autoFocus>
          Cancel
        </Button>
        <GatedButton
          decision={confirmDecision}
          onClick={onConfirm}
          disabled={pending}
          className="border-transparent bg-danger text-white hover:opacity-90 dark:text-canvas"
        >
          {pending ? 'Working…' : confirmLabel}
        </GatedButton>
      </div>
    </ModalDialog>
  );
}
