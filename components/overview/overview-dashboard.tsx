/** @module The Overview page's body: totals, rates and depth over time, rankings and growing dead-letter queues. */
'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo } from 'react';
import { chartColors } from '@/components/charts/chart-colors';
import { TimeSeriesChart } from '@/components/charts/time-series-chart';
import { formatCount } from '@/components/queues/format-count';
import { formatDuration } from '@/components/queues/format-duration';
import { queueHref } from '@/components/queues/queue-href';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Panel } from '@/components/ui/panel';
import { useViewer } from '@/components/viewer/viewer-provider';
import { useBrokerAbilities } from '@/components/clusters/broker-scope-provider';
import { browserClient } from '@/lib/client/browser-client';
import { deadLetterQueueNames, growingDeadLetterQueues } from '@/lib/console/dead-letter-queues';
import { formatRate } from '@/lib/console/format-rate';
import { formatTick } from '@/lib/console/queue-chart-rows';
import { DemoToggle } from './demo-toggle';
import { useLiveEvents } from './use-live-events';

const TOPOLOGY_REFRESH_MS = 15_000;

function QueueRanking({ title, rows, empty, refusal }: { title: string; rows: { name: string; value: string }[]; empty: string; refusal?: string }) {
  return (
    <Panel title={title}>
      {refusal !== undefined ? (
        <p className="text-sm text-ink-muted" data-refusal>
          {refusal}.
        </p>
      ) : rows.length === 0 ? (
        <p className="text-sm text-ink-muted">{empty}</p>
      ) : (
        <ol className="flex flex-col divide-y divide-line text-sm">
          {rows.map((row) => (
            <li key={row.name} className="flex items-center justify-between gap-3 py-1.5">
              <Link href={queueHref(row.name)} className="rounded font-mono break-all text-accent hover:underline focus-visible:outline-2 focus-visible:outline-focus">
                {row.name}
              </Link>
              <span className="tabular-nums whitespace-nowrap">{row.value}</span>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}

export function OverviewDashboard() {
  const viewer = useViewer();
  const broker = useBrokerAbilities();
  // The demo shop lives in the embedded broker's vhost `/`; offered there only, to those who may run it.
  const mayRunDemo = viewer.pages.demo.allowed && viewer.vhost === '/' && broker.operation('controlDemo').allowed;
  const ages = broker.capability('oldestReadyAge');
  // Polled as well: it surfaces errors (and a 401 sends the browser to the login page), and fills in before the stream.
  const polled = useQuery({
    queryKey: ['overview'],
    queryFn: ({ signal }) => browserClient.overview({ signal }),
    refetchInterval: 5000,
  });
  const topology = useQuery({
    queryKey: ['overview', 'topology'],
    queryFn: async ({ signal }) => {
      const [queues, bindings] = await Promise.all([
        browserClient.listQueues({ limit: 1000 }, { signal }),
        browserClient.listBindings({}, { signal }),
      ]);
      return { names: queues.items.map((q) => q.name), deadLetterQueues: deadLetterQueueNames(queues.items, bindings) };
    },
    refetchInterval: TOPOLOGY_REFRESH_MS,
  });
  const watched = useMemo(() => (topology.data ? [...topology.data.deadLetterQueues] : undefined), [topology.data]);
  // The stream carries what this page shows: totals, rankings and the dead-letter queues' figures.
  const live = useLiveEvents(watched);

  const overview = live.overview ?? polled.data;
  const growing = topology.data ? growingDeadLetterQueues(topology.data.deadLetterQueues, live.queues, live.earlierReady) : [];
  const totals: [string, string][] = overview
    ? [
        ['Queues', formatCount(overview.queues)],
        ['Ready', formatCount(overview.messagesReady)],
        ['Unacked', formatCount(overview.messagesUnacked)],
        ['Consumers', formatCount(overview.consumers)],
        ['Exchanges', formatCount(overview.exchanges)],
      ]
    : [];

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <p className="text-sm text-ink-muted" aria-live="polite">
          {live.connected ? `Live: ${live.stepMs > 1000 ? `sampled every ${live.stepMs / 1000} seconds` : 'updated every second'}.` : 'Connecting to the live feed…'}
        </p>
        {mayRunDemo ? <DemoToggle queueNames={topology.data?.names} /> : null}
      </div>
      {polled.isError ? <ErrorAlert error={polled.error} title="Could not load the overview" /> : null}
      <section aria-label="Totals">
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
          {totals.map(([label, value]) => (
            <div key={label} className="rounded-lg border border-line bg-surface px-4 py-3 shadow-sm">
              <dt className="text-sm text-ink-muted">{label}</dt>
              <dd className="text-2xl font-semibold tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <div className="grid gap-4 lg:grid-cols-2">
        <TimeSeriesChart
          title="Message rates (per second)"
          rows={live.series}
          formatTick={(t) => formatTick(t, 15 * 60_000)}
          formatValue={formatRate}
          series={[
            { key: 'publish', label: 'Publish', color: chartColors.blue },
            { key: 'deliver', label: 'Deliver', color: chartColors.violet },
            { key: 'ack', label: 'Ack', color: chartColors.green },
          ]}
        />
        <TimeSeriesChart
          title="Total depth (ready + unacked)"
          rows={live.series}
          formatTick={(t) => formatTick(t, 15 * 60_000)}
          formatValue={(v) => formatCount(Math.round(v))}
          integer
          series={[{ key: 'depth', label: 'Depth', color: chartColors.amber }]}
        />
      </div>
      <div className="grid items-start gap-4 lg:grid-cols-3">
        <QueueRanking
          title="Biggest backlog"
          empty="No queue has ready messages."
          rows={(live.rankings?.biggestBacklog ?? []).map((q) => ({ name: q.name, value: `${formatCount(q.messagesReady)} ready` }))}
        />
        <QueueRanking
          title="Oldest messages"
          empty="No message is waiting."
          refusal={ages.allowed ? undefined : ages.reason}
          rows={(live.rankings?.oldestMessages ?? []).map((q) => ({ name: q.name, value: formatDuration(q.oldestReadyAgeMs ?? 0) }))}
        />
        <Panel title="Growing dead-letter queues" description="Targets of a dead-letter exchange, or named like one (dlq, dead).">
          {topology.isError ? <ErrorAlert error={topology.error} title="Could not read the topology" /> : null}
          {growing.length === 0 ? (
            <p className="text-sm text-ink-muted">No dead-letter queue is growing.</p>
          ) : (
            <ul className="flex flex-col divide-y divide-line text-sm">
              {growing.map((q) => (
                <li key={q.name} className="flex items-center justify-between gap-3 py-1.5">
                  <Link href={queueHref(q.name)} className="rounded font-mono break-all text-accent hover:underline focus-visible:outline-2 focus-visible:outline-focus">
                    {q.name}
                  </Link>
                  <span className="tabular-nums whitespace-nowrap">
                    {formatCount(q.messagesReady)} ready{q.growth > 0 ? `, +${formatCount(q.growth)}/min` : ''}
                    {q.inflowPerSec > 0 ? `, ${formatRate(q.inflowPerSec)} in` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Panel>
      </div>
    </div>
  );
}
