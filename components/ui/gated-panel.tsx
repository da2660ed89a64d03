/**
 * @module A panel the broker in scope (or the viewer) may not be able to show: when refused, its title stays with the
 * reason as text in place of its content, and nothing inside it runs, so no request is made only to fail.
 */
import type { ReactNode } from 'react';
import type { Decision } from '@/lib/console/viewer-permissions';
import { RefusalNote } from './gated-button';
import { Panel } from './panel';

export function GatedPanel({ title, decision, children }: { title: string; decision: Decision; children: ReactNode }) {
  if (decision.allowed) return children;
  return (
    <Panel title={title}>
      <RefusalNote decision={decision} />
    </Panel>
  );
}
