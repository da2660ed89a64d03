/**
 * @module The Queues page's table with search, sort and paging, all held in the URL and done by the server, on the
 * broker in scope; the columns it cannot fill are left out, and said why below the table.
 */
'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { useBrokerAbilities } from '@/components/clusters/broker-scope-provider';
import { Button } from '@/components/ui/button';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Panel } from '@/components/ui/panel';
import { TextField } from '@/components/ui/text-field';
import {
  nextPage,
  pageNumber,
  previousPage,
  readQueueListState,
  toggleSort,
  withSearch,
  writeQueueListState,
  type QueueListState,
} from '@/lib/console/queue-list-url';
import { hiddenQueueColumns, withAvailableSort } from '@/lib/console/queue-columns';
import { QueueTable } from './queue-table';
import { useQueues } from './use-queues';

const SEARCH_DELAY_MS = 250;

export function QueuesBrowser() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const abilities = useBrokerAbilities();
  const hidden = useMemo(() => hiddenQueueColumns(abilities), [abilities]);
  const hiddenSet = useMemo(() => new Set(hidden.map((entry) => entry.column)), [hidden]);
  const state = withAvailableSort(readQueueListState(new URLSearchParams(params.toString())), hidden);
  const [search, setSearch] = useState(state.search);
  const queues = useQueues(state.search, state.sort, state.cursors[state.cursors.length - 1]);
  const items = queues.data?.items;
  const nextCursor = queues.data?.nextCursor;

  const go = (next: QueueListState, replace = false) => {
    const query = writeQueueListState(next);
    const href = query ? `${pathname}?${query}` : pathname;
    if (replace) router.replace(href, { scroll: false });
    else router.push(href, { scroll: false });
  };

  // Typing updates the URL once the person pauses; Back then returns to the previous search, not each keystroke.
  useEffect(() => {
    const trimmed = search.trim();
    if (trimmed === state.search) return;
    const timer = setTimeout(() => go(withSearch(state, trimmed), true), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, state.search]);

  return (
    <Panel title="All queues" description="Live: refreshed every two seconds. Sort by a column header; names open the queue.">
      <div className="flex flex-col gap-4">
        <form role="search" onSubmit={(event) => event.preventDefault()} className="max-w-sm">
          <TextField
            label="Search queues by name"
            type="search"
            name="q"
            autoComplete="off"
            spellCheck={false}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        </form>
        {queues.isError ? (
          <ErrorAlert error={queues.error} title={items ? 'Could not refresh; showing the last answer' : 'Could not load queues'} />
        ) : null}
        {items === undefined ? (
          queues.isPending ? <p className="text-sm text-ink-muted">Loading queues…</p> : null
        ) : items.length === 0 ? (
          <p className="text-sm text-ink-muted">
            {state.search ? 'No queue matches this search.' : 'No queues yet. Declare one with the form.'}
          </p>
        ) : (
          <QueueTable queues={items} state={state} onSort={(field) => go(toggleSort(state, field))} hidden={hiddenSet} />
        )}
        {hidden.length > 0 ? (
          <ul className="flex flex-col gap-0.5 text-xs text-ink-muted" aria-label="Columns not shown on this broker" data-hidden-columns>
            {hidden.map(({ column, label, reason }) => (
              <li key={column}>
                No “{label}” column: {reason}.
              </li>
            ))}
          </ul>
        ) : null}
        <nav aria-label="Pages of queues" className="flex items-center gap-3">
          <Button onClick={() => go(previousPage(state))} disabled={state.cursors.length === 0}>
            Previous page
          </Button>
          <span className="text-sm text-ink-muted" aria-live="polite">
            Page {pageNumber(state)}
          </span>
          <Button onClick={() => nextCursor && go(nextPage(state, nextCursor))} disabled={!nextCursor}>
            Next page
          </Button>
        </nav>
      </div>
    </Panel>
  );
}
