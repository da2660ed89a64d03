/** @module One connection opened up: its negotiated limits, every client property (as text) and its channels. */
import type { Connection } from '@/lib/client/types';
import { clientPropertyLines } from '@/lib/console/connection-rows';
import { formatCount } from '@/components/queues/format-count';

const numeric = 'px-3 py-1.5 text-right tabular-nums whitespace-nowrap';
const heading = 'text-xs font-semibold uppercase tracking-wide text-ink-muted';

const prefetchText = (count: number) => (count === 0 ? 'unlimited' : formatCount(count));

export function ConnectionDetail({ connection }: { connection: Connection }) {
  const properties = clientPropertyLines(connection.clientProperties);
  const channels = [...connection.channelDetails].sort((a, b) => a.number - b.number);
  return (
    <div className="grid gap-5 2xl:grid-cols-2" data-testid="connection-detail">
      <section className="flex flex-col gap-2">
        <h3 className={heading}>Client properties</h3>
        {properties.length === 0 ? (
          <p className="text-sm text-ink-muted">The client sent none.</p>
        ) : (
          <dl className="grid grid-cols-[minmax(8rem,auto)_1fr] gap-x-4 gap-y-1 text-sm">
            {properties.map(({ key, value }) => (
              <div key={key} className="contents">
                <dt className="font-mono text-xs text-ink-muted break-all">{key}</dt>
                <dd className="font-mono text-xs break-all whitespace-pre-wrap">{value}</dd>
              </div>
            ))}
          </dl>
        )}
        <p className="text-xs text-ink-muted">
          Heartbeat {connection.heartbeatSeconds === 0 ? 'off' : `${connection.heartbeatSeconds} s`} · frame max{' '}
          {formatCount(connection.frameMax)} bytes · channel max {formatCount(connection.channelMax)} · id{' '}
          <span className="font-mono">{connection.id}</span>
        </p>
      </section>
      <section className="flex flex-col gap-2">
        <h3 className={heading}>Channels</h3>
        {channels.length === 0 ? (
          <p className="text-sm text-ink-muted">No open channels.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <caption className="sr-only">Channels of this connection</caption>
              <thead className="text-left text-xs uppercase tracking-wide text-ink-muted">
                <tr>
                  <th scope="col" className="px-3 py-1.5">Channel</th>
                  <th scope="col" className="px-3 py-1.5 text-right">Consumers</th>
                  <th scope="col" className="px-3 py-1.5 text-right">Unacked</th>
                  <th scope="col" className="px-3 py-1.5 text-right">Prefetch</th>
                  <th scope="col" className="px-3 py-1.5 text-right">Global prefetch</th>
                  <th scope="col" className="px-3 py-1.5">Confirm</th>
                  <th scope="col" className="px-3 py-1.5 text-right">Unconfirmed</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-line">
                {channels.map((channel) => (
                  <tr key={channel.number}>
                    <th scope="row" className="px-3 py-1.5 text-left font-mono">{channel.number}</th>
                    <td className={numeric}>{formatCount(channel.consumers)}</td>
                    <td className={numeric}>{formatCount(channel.unacked)}</td>
                    <td className={numeric}>{prefetchText(channel.prefetch)}</td>
                    <td className={numeric}>{prefetchText(channel.globalPrefetch)}</td>
                    <td className="px-3 py-1.5">{channel.confirm ? 'on' : 'off'}</td>
                    <td className={numeric}>{channel.confirm ? formatCount(channel.unconfirmed) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
