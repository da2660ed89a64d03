/**
 * @module A button for an action the viewer may not be allowed to take: when refused, it stays in its place, focusable
 * but inert (aria-disabled), with the reason beside it as text, so nobody clicks into an error to learn why.
 */
'use client';

import { useId } from 'react';
import type { Decision } from '@/lib/console/viewer-permissions';
import { Button, type ButtonProps } from './button';

export interface GatedButtonProps extends ButtonProps {
  decision: Decision;
}

export function GatedButton({ decision, onClick, className = '', ...props }: GatedButtonProps) {
  const reasonId = useId();
  if (decision.allowed) return <Button onClick={onClick} className={className} {...props} />;
  return (
    <span className="inline-flex flex-col items-start gap-0.5">
      <Button
        {...props}
        type="button"
        aria-disabled="true"
        aria-describedby={reasonId}
        title={decision.reason}
        className={`cursor-not-allowed opacity-60 ${className}`}
        onClick={(event) => event.preventDefault()}
      />
      <span id={reasonId} className="text-xs text-ink-muted" data-refusal>
        {decision.reason}
      </span>
    </span>
  );
}

/** The reason an action is refused, as a note where its form or link would be. */
export function RefusalNote({ decision, className = '' }: { decision: Decision; className?: string }) {
  if (decision.allowed) return null;
  return (
    <p className={`rounded-md border border-line bg-surface-muted px-3 py-2 text-sm text-ink-muted ${className}`} data-refusal>
      {decision.reason}
    </p>
  );
}
