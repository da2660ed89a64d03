/** @module The Connections table: one row per AMQP client, opened in place to show its properties and channels. */
'use client';

import { Fragment, useState } from 'react';
import { Button } from '@/components/ui/button';
import { formatCount } from '@/components/queues/format-count';
import { formatDuration } from '@/components/queues/format-duration';
import type { Connection } from '@/lib/client/types';
import { clientIdentity, connectedFor, sortConnections } from '@/lib/console/connection-rows';
import { formatRate } from '@/lib/console/format-rate';
import { CloseConnectionButton } from './close-connection-button';
import { ConnectionDetail } from './connection-detail';

const numeric = 'px-2 py-2 text-right whitespace-nowrap tabular-nums';
const COLUMNS = 12;

export interface ConnectionTableProps {
  connections: Connection[];
  /** When the list was fetched, so "connected for" moves with each refresh. */
  now: number;
}

export function ConnectionTable({ connections, now }: ConnectionTableProps) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">Open AMQP connections with their client, channels, consumers, unacked messages and rates</caption>
        <thead className="bg-surface-muted text-left text-xs uppercase tracking-wide text-ink-muted">
          <tr>
            <th scope="col" className="px-3 py-2 font-semibold">Connection</th>
            <th scope="col" className="px-2 py-2 font-semibold">User</th>
            <th scope="col" className="px-2 py-2 font-semibold">Client</th>
            <th scope="col" className="px-2 py-2 text-right font-semibold">Channels</th>
            <th scope="col" className="px-2 py-2 text-right font-semibold">Consumers</th>
            <th scope="col" className="px-2 py-2 text-right font-semibold">Unacked</th>
            <th scope="col" className="px-2 py-2 text-right font-semibold">Publish</th>
            <th scope="col" className="px-2 py-2 text-right font-semibold">Deliver</th>
            <th scope="col" className="px-2 py-2 text-right font-semibold">Ack</th>
            <th scope="col" className="px-2 py-2 text-right font-semibold">Connected</th>
            <th scope="col" className="px-2 py-2 font-semibold">State</th>
            <th scope="col" className="px-2 py-2 font-semibold"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {sortConnections(connections).map((connection) => {
            const identity = clientIdentity(connection);
            const expanded = open.has(connection.id);
            const detailId = `connection-detail-${connection.id}`;
            return (
              <Fragment key={connection.id}>
                <tr className="hover:bg-surface-muted/60" data-testid="connection-row" data-connection-id={connection.id}>
                  <th scope="row" className="min-w-40 px-3 py-2 text-left font-normal">
                    <span className="block font-mono font-medium break-all">{identity.name}</span>
                    {identity.name !== connection.peer ? (
                      <span className="block font-mono text-xs text-ink-muted">{connection.peer}</span>
                    ) : null}
                  </th>
                  <td className="px-2 py-2 font-mono whitespace-nowrap">{connection.user}</td>
                  <td className="min-w-36 px-2 py-2 break-words">
                    <span className="block">
                      {identity.product || '—'}
                      {identity.version ? <span className="text-ink-muted"> {identity.version}</span> : null}
                    </span>
                    {identity.platform ? <span className="block text-xs text-ink-muted">{identity.platform}</span> : null}
                  </td>
                  <td className={numeric}>{formatCount(connection.channels)}</td>
                  <td className={numeric}>{formatCount(connection.consumers)}</td>
                  <td className={numeric}>{formatCount(connection.unacked)}</td>
                  <td className={numeric}>{formatRate(connection.rates.publish)}</td>
                  <td className={numeric}>{formatRate(connection.rates.deliver)}</td>
                  <td className={numeric}>{formatRate(connection.rates.ack)}</td>
                  <td className={numeric} title={new Date(connection.connectedAt).toLocaleString()}>
                    {formatDuration(connectedFor(connection.connectedAt, now))}
                  </td>
                  <td className="px-2 py-2 whitespace-nowrap">
                    {connection.blocked ? (
                      <span className="rounded border border-danger-line bg-danger-surface px-1.5 py-0.5 text-xs font-medium text-danger">
                        blocked
                      </span>
                    ) : (
                      <span className="text-ink-muted">running</span>
                    )}
                  </td>
                  <td className="px-2 py-2">
                    <div className="flex items-start justify-end gap-2">
                      <Button
                        variant="ghost"
                        aria-expanded={expanded}
                        aria-controls={detailId}
                        aria-label={`${expanded ? 'Hide' : 'Show'} details of ${identity.name}`}
                        onClick={() => toggle(connection.id)}
                      >
                        {expanded ? 'Hide' : 'Details'}
                      </Button>
                      <CloseConnectionButton id={connection.id} name={identity.name} unacked={connection.unacked} owner={connection.user} />
                    </div>
                  </td>
                </tr>
                {expanded ? (
                  <tr id={detailId} className="bg-canvas/50">
                    <td colSpan={COLUMNS} className="px-4 py-4">
                      <ConnectionDetail connection={connection} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
