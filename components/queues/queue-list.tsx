/** @module The live queue list: a name filter over the table, with loading, empty and error states. */
'use client';

import { useDeferredValue, useState } from 'react';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Panel } from '@/components/ui/panel';
import { TextField } from '@/components/ui/text-field';
import { QueueTable } from './queue-table';
import { useQueues } from './use-queues';

export function QueueList() {
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search.trim());
  const queues = useQueues(deferredSearch);
  const items = queues.data?.items;

  return (
    <Panel title="All queues" description="Refreshed every second.">
      <div className="flex flex-col gap-4">
        <TextField
          label="Filter by name"
          type="search"
          name="search"
          autoComplete="off"
          spellCheck={false}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          className="max-w-sm"
        />
        {queues.isError ? (
          <ErrorAlert error={queues.error} title={items ? 'Could not refresh; showing the last answer' : 'Could not load queues'} />
        ) : null}
        {items === undefined ? (
          queues.isPending ? <p className="text-sm text-ink-muted">Loading queues…</p> : null
        ) : items.length === 0 ? (
          <p className="text-sm text-ink-muted">
            {deferredSearch ? 'No queue matches this filter.' : 'No queues yet. Declare one with the form.'}
          </p>
        ) : (
          <>
            <QueueTable queues={items} />
            {queues.data?.nextCursor ? (
              <p className="text-sm text-ink-muted">More queues exist than are shown: narrow them with the filter.</p>
            ) : null}
          </>
        )}
      </div>
    </Panel>
  );
}
