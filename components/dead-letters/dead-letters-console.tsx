/** @module The Dead letters page's body: the dead-letter queues (selection in the URL) and the selected one's replay tools. */
'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { formatCount } from '@/components/queues/format-count';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Panel } from '@/components/ui/panel';
import { browserClient } from '@/lib/client/browser-client';
import type { CallOptions } from '@/lib/client/switchboard-client';
import type { Queue } from '@/lib/client/types';
import {
  deadLettersHref,
  discoverDeadLetterQueues,
  readSelectedQueue,
  sortedCounts,
  type DeadLetterQueueInfo,
} from '@/lib/console/dead-letter-discovery';
import { deadLetterKeys } from './dead-letter-keys';
import { useDeadLetterFigures } from './use-dead-letter-figures';
import { ReplayPanel } from './replay-panel';

const TOPOLOGY_REFRESH_MS = 5000;
/** Pages of 1,000 queues read to find the dead-letter queues. */
const MAX_QUEUE_PAGES = 20;

async function allQueues(call: CallOptions): Promise<Queue[]> {
  const queues: Queue[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_QUEUE_PAGES; page++) {
    const result = await browserClient.listQueues({ limit: 1000, cursor }, call);
    queues.push(...result.items);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return queues;
}

function CountList({ heading, label, counts }: { heading: string; label: string; counts: [string, number][] }) {
  return (
    <div>
      <h4 className="text-xs font-semibold tracking-wide text-ink-muted uppercase">{heading}</h4>
      {counts.length === 0 ? (
        <p className="text-sm text-ink-muted">None</p>
      ) : (
        <ul className="text-sm" aria-label={label}>
          {counts.map(([key, n]) => (
            <li key={key} className="flex justify-between gap-3">
              <span className="font-mono break-all">{key}</span>
              <span className="tabular-nums">{formatCount(n)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function DeadLetterQueueCard({ info, selected }: { info: DeadLetterQueueInfo; selected: boolean }) {
  const { counts, ready, counted, error } = useDeadLetterFigures(info.name, info.exists);
  return (
    <li
      data-dlq={info.name}
      className={`rounded-lg border bg-surface p-4 shadow-sm ${selected ? 'border-accent ring-1 ring-accent' : 'border-line'}`}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="text-base font-semibold">
          <Link
            href={deadLettersHref(info.name)}
            scroll={false}
            aria-current={selected ? 'true' : undefined}
            className="rounded font-mono break-all text-accent hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
          >
            {info.name}
          </Link>
        </h3>
        <p className="text-sm text-ink-muted">
          {info.exists ? (
            <>
              <span className="text-2xl font-semibold text-ink tabular-nums" data-figure="dead letters">
                {ready === undefined ? '…' : formatCount(ready)}
              </span>{' '}
              ready
            </>
          ) : (
            'Not declared: dead letters sent here are dropped.'
          )}
        </p>
      </div>
      <p className="mt-1 text-xs text-ink-muted">
        {info.feeders.length > 0 ? `Receives dead letters from ${info.feeders.join(', ')}` : 'Found by its name'}
      </p>
      {error ? (
        <div className="mt-2">
          <ErrorAlert error={error} title="Could not load the counts" />
        </div>
      ) : null}
      {info.exists && !counted.allowed ? (
        <p className="mt-2 text-xs text-ink-muted" data-refusal>
          Not counted by reason or source: {counted.reason}.
        </p>
      ) : null}
      {counts.data ? (
        <div className="mt-3 grid gap-3 sm:grid-cols-2">
          <CountList heading="By reason" label={`By reason in ${info.name}`} counts={sortedCounts(counts.data.byReason)} />
          <CountList heading="By source queue" label={`By source queue in ${info.name}`} counts={sortedCounts(counts.data.bySourceQueue)} />
        </div>
      ) : null}
    </li>
  );
}

export function DeadLettersConsole() {
  const params = useSearchParams();
  const selected = readSelectedQueue(new URLSearchParams(params.toString()));
  const topology = useQuery({
    queryKey: deadLetterKeys.topology,
    queryFn: async ({ signal }) => {
      const [queues, bindings] = await Promise.all([allQueues({ signal }), browserClient.listBindings({}, { signal })]);
      return discoverDeadLetterQueues(queues, bindings);
    },
    refetchInterval: TOPOLOGY_REFRESH_MS,
  });
  const list = topology.data ?? [];
  const selectedInfo = selected ? list.find((q) => q.name === selected) : undefined;

  return (
    <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
      <Panel
        title="Dead-letter queues"
        description="Queues some queue dead-letters into, or named like one. Counts refresh every two seconds; pick one to replay."
      >
        {topology.error ? <ErrorAlert error={topology.error} title="Could not load the queues" /> : null}
        {topology.isPending ? <p className="text-sm text-ink-muted">Loading…</p> : null}
        {topology.data && list.length === 0 ? (
          <p className="text-sm text-ink-muted">
            No dead-letter queues yet. Give a queue a <code>deadLetterExchange</code> to route its rejected and expired messages to one.
          </p>
        ) : null}
        {list.length > 0 ? (
          <ul className="flex flex-col gap-3" aria-label="Dead-letter queues">
            {list.map((info) => (
              <DeadLetterQueueCard key={info.name} info={info} selected={info.name === selected} />
            ))}
          </ul>
        ) : null}
      </Panel>
      {selected ? (
        <ReplayPanel key={selected} queue={selected} info={selectedInfo} />
      ) : (
        <Panel title="Replay">
          <p className="text-sm text-ink-muted">Choose a dead-letter queue to see its sources and replay its messages.</p>
        </Panel>
      )}
    </div>
  );
}
