/**
 * @module The Audit page's body (everyone's events with monitoring, one's own otherwise): filters and paging in the URL, a live tail that polls the newest
 * page every two seconds until paused, and downloads of everything the filters match as NDJSON or CSV.
 */
'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Panel } from '@/components/ui/panel';
import { useViewer } from '@/components/viewer/viewer-provider';
import { browserClient } from '@/lib/client/browser-client';
import { AUDIT_PAGE_SIZE, auditPlaceQuery, auditQuery, readAuditPlace, type AuditPlace } from '@/lib/console/audit-filters';
import { AuditFilterForm } from './audit-filter-form';
import { AuditTable } from './audit-table';

const TAIL_MS = 2000;
const linkClass = 'rounded text-sm text-accent hover:underline focus-visible:outline-2 focus-visible:outline-focus';

export function AuditConsole() {
  const { pages, whoami } = useViewer();
  const onlyUser = pages.auditOfOthers.allowed ? undefined : whoami.name;
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const place = readAuditPlace(new URLSearchParams(params.toString()));
  const cursor = place.trail.at(-1);
  const [live, setLive] = useState(false);
  // The server narrows to one's own events anyway; asking for another user's would be refused.
  const query = auditQuery(onlyUser === undefined ? place.filters : { ...place.filters, user: '' });
  // The tail follows the newest events: only on the first page.
  const tailing = live && cursor === undefined;
  const page = useQuery({
    queryKey: ['audit', query, cursor],
    queryFn: ({ signal }) => browserClient.listAudit({ ...query, cursor, limit: AUDIT_PAGE_SIZE }, { signal }),
    refetchInterval: tailing ? TAIL_MS : false,
    placeholderData: keepPreviousData,
  });

  const go = (next: AuditPlace) => router.push(`${pathname}${auditPlaceQuery(next)}`, { scroll: false });
  const events = page.data?.events ?? [];
  const nextCursor = page.data?.nextCursor;

  return (
    <div className="flex flex-col gap-6">
      <Panel title="Filters">
        <AuditFilterForm
          key={auditPlaceQuery({ filters: place.filters, trail: [] })}
          filters={place.filters}
          onlyUser={onlyUser}
          vhosts={whoami.vhosts}
          onApply={(filters) => go({ filters, trail: [] })}
        />
      </Panel>
      <Panel
        title="Events"
        description={tailing ? 'Live: the newest events, refreshed every two seconds.' : 'Newest first.'}
        actions={
          <div className="flex flex-wrap items-center gap-3">
            <Button aria-pressed={live} onClick={() => setLive((on) => !on)} disabled={cursor !== undefined} title={cursor !== undefined ? 'The live tail shows the first page' : undefined}>
              {live ? 'Pause live tail' : 'Live tail'}
            </Button>
            <a href={browserClient.auditDownloadPath(query, 'ndjson')} download="switchboard-audit.ndjson" className={linkClass}>
              Download NDJSON
            </a>
            <a href={browserClient.auditDownloadPath(query, 'csv')} download="switchboard-audit.csv" className={linkClass}>
              Download CSV
            </a>
          </div>
        }
      >
        <div className="flex flex-col gap-3">
          {page.isError ? <ErrorAlert error={page.error} title="Could not load the audit log" /> : null}
          {page.isPending ? <p className="text-sm text-ink-muted">Loading events…</p> : null}
          {page.data && events.length === 0 ? <p className="text-sm text-ink-muted">No event matches.</p> : null}
          {events.length > 0 ? <AuditTable events={events} /> : null}
          <nav aria-label="Pages of events" className="flex items-center gap-3">
            <Button onClick={() => go({ filters: place.filters, trail: place.trail.slice(0, -1) })} disabled={place.trail.length === 0}>
              ← Newer
            </Button>
            <span className="text-sm text-ink-muted" aria-live="polite">
              Page {place.trail.length + 1}
            </span>
            <Button
              onClick={() => {
                if (!nextCursor) return;
                setLive(false);
                go({ filters: place.filters, trail: [...place.trail, nextCursor] });
              }}
              disabled={!nextCursor || page.isPlaceholderData}
            >
              Older →
            </Button>
          </nav>
        </div>
      </Panel>
    </div>
  );
}
