/**
 * @module The message browser: peek at a queue's ready messages 50 at a time, search, select one to inspect and act on.
 * Where the broker can only get and requeue (a classic or quorum queue on RabbitMQ), it says so and reads the head of
 * the queue only when asked, with no pages.
 */
'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useRef, useState } from 'react';
import { queueHref } from '@/components/queues/queue-href';
import { Button } from '@/components/ui/button';
import { ErrorAlert } from '@/components/ui/error-alert';
import { RefusalNote } from '@/components/ui/gated-button';
import { Panel } from '@/components/ui/panel';
import { useCan } from '@/components/viewer/viewer-provider';
import { browserClient } from '@/lib/client/browser-client';
import { emptySelection, setPageSelected, toggleSelected, type Selection } from '@/lib/console/message-selection';
import { fillPage, type FillProgress } from '@/lib/console/fill-page';
import { currentCursor, nextPage, pageNumber, placeQuery, previousPage, readPlace, searchFor, select, type BrowserPlace } from '@/lib/console/cursor-stack';
import { MessageDetail } from './message-detail';
import { messageKeys } from './message-keys';
import { MessageTable, pickableIds } from './message-table';
import { useBrokerAbilities } from '@/components/clusters/broker-scope-provider';
import type { Message } from '@/lib/client/types';
import { ReplaySelected } from './replay-selected';
import { GetAndRequeueBar, useBrowseMode, useGetAndRequeueRead } from './get-and-requeue';
import { BrowserSearch } from './browser-search';

export const PAGE_SIZE = 50;

export function MessageBrowser({ name }: { name: string }) {
  const router = useRouter();
  // The page's own address from the name (encoded once), not from the router's idea of the path.
  const pathname = `${queueHref(name)}/messages`;
  const params = useSearchParams();
  const place = readPlace(new URLSearchParams(params.toString()));
  const cursor = currentCursor(place);
  const [note, setNote] = useState<string>();
  // Picked messages stay picked across pages and searches, until replayed or cleared.
  const [picked, setPicked] = useState<Selection>(emptySelection);
  const mayBrowse = useCan().browseMessages(name);
  const mode = useBrowseMode(name, mayBrowse.allowed);
  const byGet = mode.kind === 'get-and-requeue';
  const read = useGetAndRequeueRead(name);
  // Where a message without an id of its own is named by its place, a replay of picked messages could not find it.
  const ownIds = useBrokerAbilities().capability('everyMessageHasId');
  const unpickable = ownIds.allowed ? undefined : (message: Message) => (message.properties.messageId === undefined ? `Cannot be picked: ${ownIds.reason}` : undefined);

  // A search reads the queue a bounded part per request: the page is filled over several, with progress and Stop.
  const [progress, setProgress] = useState<FillProgress>();
  const stopSearch = useRef<AbortController>(undefined);
  const page = useQuery({
    queryKey: messageKeys.page(name, place.search, place.since, cursor),
    queryFn: async ({ signal }) => {
      const stop = new AbortController();
      stopSearch.current = stop;
      try {
        return await fillPage((from, limit) => browserClient.peekMessages(name, { cursor: from, limit, search: place.search || undefined, since: place.since }, { signal }), {
          cursor,
          size: PAGE_SIZE,
          stop: stop.signal,
          onProgress: (now) => !signal.aborted && setProgress(now),
        });
      } finally {
        if (stopSearch.current === stop) setProgress(undefined);
      }
    },
    placeholderData: keepPreviousData,
    // Never where reading takes the messages: that read is made only when asked (useGetAndRequeueRead).
    enabled: mayBrowse.allowed && mode.kind === 'peek',
  });

  const go = (next: BrowserPlace, mode: 'push' | 'replace' = 'push') => {
    setNote(undefined);
    router[mode](`${pathname}${placeQuery(next)}`, { scroll: false });
  };

  const shown = byGet ? read.data : page.data;
  const items = shown?.items ?? [];
  const selected = place.message ? items.find((m) => m.messageId === place.message) : undefined;
  const first = (pageNumber(place) - 1) * PAGE_SIZE;
  const heading = (
    <div className="flex flex-col gap-1">
      <Link href={queueHref(name)} className="self-start rounded text-sm text-accent hover:underline focus-visible:outline-2 focus-visible:outline-focus">
        ← Queue {name}
      </Link>
      <h1 className="text-2xl font-semibold tracking-tight break-all">
        Messages in <span className="font-mono">{name}</span>
      </h1>
      <p className="text-sm text-ink-muted">
        {byGet ? 'Ready messages from the head of the queue, read by get-and-requeue.' : 'Ready messages in delivery order. Browsing peeks: nothing is consumed.'}
      </p>
    </div>
  );
  if (!mayBrowse.allowed) {
    return (
      <div className="flex flex-col gap-6">
        {heading}
        <RefusalNote decision={mayBrowse} />
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-6">
      {heading}

      <BrowserSearch place={place} withSince={!byGet} onSearch={(search, since) => go(searchFor(search, since))} />

      {byGet ? (
        <GetAndRequeueBar
          reason={mode.reason}
          search={place.search}
          readWith={read.variables}
          pending={read.isPending}
          onRead={() => read.mutate(place.search)}
          decision={mayBrowse}
        />
      ) : null}
      {progress && !byGet ? (
        <div className="flex flex-wrap items-center gap-3 text-sm text-ink-muted" data-testid="search-progress">
          <span>
            Searching… read {progress.scanned.toLocaleString()} of {progress.ready.toLocaleString()} ready messages
          </span>
          <Button onClick={() => stopSearch.current?.abort()}>Stop</Button>
        </div>
      ) : null}
      <div role="status" aria-live="polite">
        {note ? <p className="rounded-md border border-success-line bg-success-surface px-3 py-2 text-sm text-success">{note}</p> : null}
      </div>
      {page.isError && !byGet ? <ErrorAlert error={page.error} title="Could not load messages" /> : null}
      {read.isError && byGet ? <ErrorAlert error={read.error} title="Could not read the messages" /> : null}
      <ReplaySelected queue={name} picked={picked} onClear={() => setPicked(emptySelection)} />

      <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Panel
          title={byGet ? (read.variables ? `Read from the head, matching “${read.variables}”` : 'Read from the head') : peekTitle(place)}
          description={
            byGet ? (
              read.data ? (
                <span data-testid="page-range">
                  Read {read.data.scanned.toLocaleString()} of {read.data.ready.toLocaleString()} ready messages from the head
                  {read.variables ? `; ${items.length.toLocaleString()} matching` : ''}. Each was put back, marked redelivered.
                </span>
              ) : undefined
            ) : page.data ? (
              <span data-testid="page-range">
                {items.length === 0 ? 'No messages on this page.' : `Page ${pageNumber(place)}: messages ${first + 1}–${first + items.length}`}
              </span>
            ) : undefined
          }
          actions={
            byGet ? undefined : (
              <nav aria-label="Pages" className="flex gap-2">
                <Button onClick={() => go(previousPage(place))} disabled={place.trail.length === 0}>
                  ← Previous
                </Button>
                <Button onClick={() => page.data?.nextCursor && go(nextPage(place, page.data.nextCursor))} disabled={!page.data?.nextCursor || page.isPlaceholderData}>
                  Next →
                </Button>
              </nav>
            )
          }
        >
          {byGet && read.isPending ? (
            <p className="text-sm text-ink-muted">Reading messages…</p>
          ) : byGet && !read.data ? (
            <p className="text-sm text-ink-muted">Nothing read yet.</p>
          ) : byGet && items.length === 0 ? (
            <p className="text-sm text-ink-muted">{read.variables ? 'No message read matches.' : 'No ready messages at the head.'}</p>
          ) : !byGet && page.isPending ? (
            <p className="text-sm text-ink-muted">Loading messages…</p>
          ) : items.length === 0 ? (
            <p className="text-sm text-ink-muted">
              {page.data?.stopped ? 'Search stopped: Next → goes on from where it stopped.' : place.search || place.since ? 'No ready message matches.' : 'No ready messages.'}
            </p>
          ) : (
            <MessageTable
              messages={items}
              selected={place.message}
              hrefFor={(id) => `${pathname}${placeQuery(select(place, id))}`}
              picked={picked}
              onPick={(id, on) => setPicked((current) => toggleSelected(current, id, on))}
              onPickPage={(on) => setPicked((current) => setPageSelected(current, pickableIds(items, unpickable), on))}
              unpickable={unpickable}
            />
          )}
        </Panel>

        <div className="xl:sticky xl:top-4">
          {place.message ? (
            <Panel
              title="Message"
              actions={
                <Button variant="ghost" onClick={() => go(select(place, undefined), 'replace')} aria-label="Close message">
                  ✕
                </Button>
              }
            >
              {selected ? (
                <MessageDetail
                  key={selected.messageId}
                  queue={name}
                  message={selected}
                  onDone={(text) => {
                    router.replace(`${pathname}${placeQuery(select(place, undefined))}`, { scroll: false });
                    setNote(text);
                  }}
                />
              ) : byGet ? (
                <p className="text-sm text-ink-muted">This message is not among those read.</p>
              ) : page.isPending ? (
                <p className="text-sm text-ink-muted">Loading…</p>
              ) : (
                <p className="text-sm text-ink-muted">This message is not on this page any more.</p>
              )}
            </Panel>
          ) : (
            <p className="rounded-lg border border-dashed border-line p-4 text-sm text-ink-muted">Select a message to see its payload, properties, headers and x-death.</p>
          )}
        </div>
      </div>
    </div>
  );
}

/** What the page shows: every ready message, or those matching the search and published since the time asked. */
function peekTitle(place: BrowserPlace): string {
  const since = place.since ? `published since ${new Date(place.since).toLocaleString()}` : '';
  if (place.search) return `Matching “${place.search}”${since ? `, ${since}` : ''}`;
  return since ? `Ready messages ${since}` : 'Ready messages';
}
