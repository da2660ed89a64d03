/** @module The queue's consumers: kind, prefetch, priority, unacked, rates and when each was last active. */
'use client';

import { useQuery } from '@tanstack/react-query';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Panel } from '@/components/ui/panel';
import { browserClient } from '@/lib/client/browser-client';
import { formatRate } from '@/lib/console/format-rate';
import { formatCount } from './format-count';
import { queueKeys } from './queue-keys';

const numeric = 'px-3 py-2 text-right tabular-nums whitespace-nowrap';

export function QueueConsumers({ name, live }: { name: string; live: boolean }) {
  const consumers = useQuery({
    queryKey: queueKeys.consumers(name),
    queryFn: ({ signal }) => browserClient.listConsumers({ queue: name }, { signal }),
    refetchInterval: live ? 2000 : false,
  });
  const items = consumers.data;
  return (
    <Panel title="Consumers">
      {consumers.isError ? <ErrorAlert error={consumers.error} title="Could not load consumers" /> : null}
      {items === undefined ? (
        consumers.isPending ? <p className="text-sm text-ink-muted">Loading consumers…</p> : null
      ) : items.length === 0 ? (
        <p className="text-sm text-ink-muted">No consumers.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="bg-surface-muted text-left text-xs uppercase tracking-wide text-ink-muted">
              <tr>
                <th scope="col" className="px-3 py-2">Consumer</th>
                <th scope="col" className="px-3 py-2">Kind</th>
                <th scope="col" className="px-3 py-2 text-right">Prefetch</th>
                <th scope="col" className="px-3 py-2 text-right">Priority</th>
                <th scope="col" className="px-3 py-2 text-right">Unacked</th>
                <th scope="col" className="px-3 py-2 text-right">Deliver</th>
                <th scope="col" className="px-3 py-2 text-right">Ack</th>
                <th scope="col" className="px-3 py-2">Last active</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {items.map((c) => (
                <tr key={c.id}>
                  <th scope="row" className="px-3 py-2 text-left font-mono text-xs break-all">{c.id}</th>
                  <td className="px-3 py-2">{c.kind}</td>
                  <td className={numeric}>{c.prefetch === 0 ? 'unlimited' : formatCount(c.prefetch)}</td>
                  <td className={numeric}>{c.priority}</td>
                  <td className={numeric}>{formatCount(c.unacked)}</td>
                  <td className={numeric}>{formatRate(c.deliverRate)}</td>
                  <td className={numeric}>{formatRate(c.ackRate)}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{new Date(c.lastActiveAt).toLocaleTimeString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
