/** @module One page of audit events: who, how, from where, which vhost and resource, the outcome and its detail, all as text. */
import type { AuditEvent } from '@/lib/client/types';
import { detailText } from '@/lib/console/audit-filters';

const outcomeClass = { ok: 'text-success', denied: 'text-danger', error: 'text-danger' } as const;
const cell = 'px-2 py-1.5 align-top';

export function AuditTable({ events }: { events: AuditEvent[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-xs">
        <caption className="sr-only">Audit events, newest first</caption>
        <thead className="bg-surface-muted text-left uppercase tracking-wide text-ink-muted">
          <tr>
            {['Time', 'User', 'Key', 'Protocol', 'Peer', 'Vhost', 'Action', 'Resource', 'Outcome', 'Affected', 'Detail'].map((label) => (
              <th key={label} scope="col" className="px-2 py-2 font-semibold whitespace-nowrap">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {events.map((event) => (
            <tr key={event.id} data-audit-event={event.id} data-action={event.action} data-user={event.user}>
              <th scope="row" className={`${cell} text-left font-normal whitespace-nowrap tabular-nums`}>
                <time dateTime={new Date(event.at).toISOString()}>{new Date(event.at).toLocaleString()}</time>
              </th>
              <td className={`${cell} font-mono`}>{event.user}</td>
              <td className={`${cell} font-mono`}>{event.apiKey ?? ''}</td>
              <td className={cell}>{event.protocol}</td>
              <td className={`${cell} font-mono whitespace-nowrap`}>{event.peer}</td>
              <td className={`${cell} font-mono`}>{event.vhost ?? ''}</td>
              <td className={`${cell} font-mono whitespace-nowrap`}>{event.action}</td>
              <td className={`${cell} font-mono break-all`}>{event.resource ?? ''}</td>
              <td className={`${cell} font-medium ${outcomeClass[event.outcome] ?? ''}`}>{event.outcome}</td>
              <td className={`${cell} text-right tabular-nums`}>{event.affected ?? ''}</td>
              <td className={`${cell} max-w-80 font-mono break-all whitespace-pre-wrap text-ink-muted`}>{detailText(event)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
