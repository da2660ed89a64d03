/** @module A titled section on a surface card. */
import { useId, type ReactNode } from 'react';

export interface PanelProps {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}

export function Panel({ title, description, actions, children, className = '' }: PanelProps) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className={`rounded-lg border border-line bg-surface shadow-sm ${className}`}>
      <div className="flex flex-wrap items-start justify-between gap-3 border-b border-line px-4 py-3">
        <div>
          <h2 id={headingId} className="text-base font-semibold text-ink">
            {title}
          </h2>
          {description ? <div className="text-sm text-ink-muted">{description}</div> : null}
        </div>
        {actions}
      </div>
      <div className="p-4">{children}</div>
    </section>
  );
}
