'use client';
/**
 * @module Which process serves this console, on PostgreSQL (where a standby may take over): its id, since when it is
 * active, and whom it took over from. The same health poll as the alarm banner (one request for both).
 */
import { useHealth } from '@/components/layout/use-health';

export function ActiveProcess() {
  const { viewer, health } = useHealth();
  const process = health?.process;
  // On SQLite there is one process and no standby: nothing to tell.
  if (!viewer || health?.storage !== 'postgres' || !process) return null;
  const since = new Date(process.activeSince);
  return (
    <p aria-label="Active process" className="mx-auto max-w-7xl px-4 pt-2 text-xs text-ink-muted" data-testid="active-process">
      Active process <span className="font-mono">{process.id}</span> since{' '}
      <time dateTime={since.toISOString()}>{since.toLocaleString()}</time>
      {process.tookOverFrom ? (
        <>
          {' '}
          (took over from <span className="font-mono">{process.tookOverFrom}</span>; see the audit log)
        </>
      ) : null}
    </p>
  );
}
