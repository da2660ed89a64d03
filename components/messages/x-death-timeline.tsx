/** @module The x-death timeline: each time the message was dead-lettered, newest first. */
import type { FieldTable } from '@/lib/client/types';
import { exchangeLabel, formatEpochSeconds, xDeathEntries } from '@/lib/console/x-death';

export function XDeathTimeline({ headers }: { headers: FieldTable | undefined }) {
  const entries = xDeathEntries(headers);
  if (entries.length === 0) return <p className="text-sm text-ink-muted">Never dead-lettered.</p>;
  return (
    <ol aria-label="x-death timeline" className="flex flex-col gap-3 border-l-2 border-line pl-4">
      {entries.map((entry, index) => (
        <li key={index} className="relative text-sm">
          <span aria-hidden className="absolute top-1.5 -left-[1.4rem] size-2.5 rounded-full bg-danger" />
          <p className="font-medium">
            <time dateTime={entry.time === null ? undefined : new Date(entry.time * 1000).toISOString()}>{formatEpochSeconds(entry.time)}</time>
            {' — '}
            <span className="font-mono">{entry.reason}</span> from <span className="font-mono break-all">{entry.queue}</span>
          </p>
          <dl className="mt-0.5 grid grid-cols-[auto_1fr] gap-x-3 text-xs text-ink-muted">
            <dt>Count</dt>
            <dd className="tabular-nums">{entry.count}</dd>
            <dt>Exchange</dt>
            <dd className="font-mono break-all">{exchangeLabel(entry.exchange)}</dd>
            <dt>Routing keys</dt>
            <dd className="font-mono break-all">{entry.routingKeys.length > 0 ? entry.routingKeys.join(', ') : '—'}</dd>
          </dl>
        </li>
      ))}
    </ol>
  );
}
