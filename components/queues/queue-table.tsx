/**
 * @module The queue table: one page of queues, names as links (text only), sortable count, rate and age columns, a
 * sparkline each; without the columns the broker in scope cannot fill (the browser says why).
 */
'use client';

import Link from 'next/link';
import type { Queue } from '@/lib/client/types';
import type { QueueColumn } from '@/lib/console/queue-columns';
import { ariaSort, type QueueListState, type QueueSortField } from '@/lib/console/queue-list-url';
import { formatRate } from '@/lib/console/format-rate';
import { formatCount } from './format-count';
import { formatDuration } from './format-duration';
import { queueHref } from './queue-href';
import { QueueSparkline } from './queue-sparkline';
import { SortHeader } from './sort-header';

const numeric = 'px-3 py-2 text-right whitespace-nowrap tabular-nums';

export interface QueueTableProps {
  queues: Queue[];
  state: QueueListState;
  onSort: (field: QueueSortField) => void;
  /** Columns the broker cannot fill. */
  hidden?: ReadonlySet<QueueColumn>;
}

export function QueueTable({ queues, state, onSort, hidden = new Set() }: QueueTableProps) {
  const oldest = !hidden.has('oldest');
  const lastMinute = !hidden.has('lastMinute');
  const header = (field: QueueSortField, label: string, align?: 'left' | 'right') => (
    <SortHeader label={label} sort={ariaSort(state, field)} onSort={() => onSort(field)} align={align} />
  );
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">Queues with their depth, consumers and rates{lastMinute ? ' and the last minute of ready messages' : ''}</caption>
        <thead className="bg-surface-muted text-left text-xs uppercase tracking-wide text-ink-muted">
          <tr>
            {header('name', 'Name', 'left')}
            {header('messagesReady', 'Ready')}
            {header('messagesUnacked', 'Unacked')}
            {header('consumers', 'Consumers')}
            {header('publishRate', 'Publish')}
            {header('deliverRate', 'Deliver')}
            {header('ackRate', 'Ack')}
            {oldest ? header('oldestReadyAgeMs', 'Oldest') : null}
            {lastMinute ? (
              <th scope="col" className="px-3 py-2 font-semibold">
                Last minute
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {queues.map((queue) => (
            <tr key={queue.name} className="hover:bg-surface-muted/60">
              <th scope="row" className="min-w-32 px-3 py-2 text-left font-mono font-medium break-all">
                <Link
                  href={queueHref(queue.name)}
                  className="rounded text-accent underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-focus"
                >
                  {queue.name}
                </Link>
                {queue.type === 'quorum' ? (
                  <span className="ml-2 rounded border border-line px-1 text-xs font-normal text-ink-muted" data-queue-type="quorum">
                    quorum
                  </span>
                ) : null}
              </th>
              <td className={numeric}>{formatCount(queue.messagesReady)}</td>
              <td className={numeric}>{formatCount(queue.messagesUnacked)}</td>
              <td className={numeric}>{formatCount(queue.consumers)}</td>
              <td className={numeric}>{formatRate(queue.rates.publish)}</td>
              <td className={numeric}>{formatRate(queue.rates.deliver)}</td>
              <td className={numeric}>{formatRate(queue.rates.ack)}</td>
              {oldest ? <td className={numeric}>{queue.oldestReadyAgeMs === null ? '—' : formatDuration(queue.oldestReadyAgeMs)}</td> : null}
              {lastMinute ? (
                <td className="px-3 py-1">
                  <QueueSparkline name={queue.name} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
