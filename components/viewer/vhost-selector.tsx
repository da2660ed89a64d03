/**
 * @module The header's vhost selector: the vhosts the viewer may see on the broker in scope (the embedded one's, or the
 * attached cluster's); every page shows the chosen one's resources.
 */
'use client';

import { useId } from 'react';
import { useOptionalViewer } from './viewer-provider';

export function VhostSelector() {
  const viewer = useOptionalViewer();
  const id = useId();
  if (!viewer || viewer.vhosts.length === 0) return null;
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-sm text-ink-muted">
        Vhost
      </label>
      <select
        id={id}
        value={viewer.vhost}
        onChange={(event) => viewer.setVhost(event.target.value)}
        className="max-w-48 rounded-md border border-line bg-surface px-2 py-1 font-mono text-sm text-ink focus-visible:border-focus focus-visible:outline-2 focus-visible:outline-focus"
      >
        {viewer.vhosts.map((vhost) => (
          <option key={vhost} value={vhost}>
            {vhost}
          </option>
        ))}
      </select>
    </div>
  );
}
