/** @module An attached cluster's state and how Switchboard reaches it: URLs, CA, who attached it and when. */
import { Panel } from '@/components/ui/panel';
import type { Cluster } from '@/lib/client/cluster-types';
import { formatTime, statusSentence } from '@/lib/console/cluster-status';
import { ClusterStatusBadge } from './cluster-status-badge';

function UrlList({ urls, inUse }: { urls: readonly string[]; inUse?: string | null }) {
  return (
    <ul className="flex flex-col gap-0.5">
      {urls.map((url) => (
        <li key={url} className="font-mono text-xs break-all">
          {url}
          {url === inUse ? <span className="ml-2 font-sans text-ink-muted">(in use)</span> : null}
        </li>
      ))}
    </ul>
  );
}

export function ClusterStatusPanel({ cluster, now }: { cluster: Cluster; now: number }) {
  const { status } = cluster;
  return (
    <Panel title="Status">
      <div className="flex flex-col gap-4 text-sm">
        <div className="flex flex-wrap items-center gap-2" data-testid="cluster-status">
          <ClusterStatusBadge state={status.state} />
          <span>{statusSentence(status, now)}</span>
        </div>
        {status.message ? (
          <p className={`rounded-md border px-3 py-2 ${status.state === 'unreachable' ? 'border-danger-line bg-danger-surface text-danger' : 'border-line bg-surface-muted text-ink-muted'}`}>
            {status.message}
          </p>
        ) : null}
        <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-[max-content_1fr]">
          <dt className="text-ink-muted">Management URLs</dt>
          <dd>
            <UrlList urls={cluster.managementUrls} inUse={status.managementUrl} />
          </dd>
          <dt className="text-ink-muted">AMQP URLs</dt>
          <dd>
            <UrlList urls={cluster.amqpUrls} />
          </dd>
          <dt className="text-ink-muted">CA certificate</dt>
          <dd>{cluster.hasCa ? 'its own CA' : 'the system’s CAs'}</dd>
          <dt className="text-ink-muted">Attached</dt>
          <dd>
            by <span className="font-mono">{cluster.createdBy}</span>, <time dateTime={new Date(cluster.createdAt).toISOString()}>{formatTime(cluster.createdAt)}</time>
          </dd>
        </dl>
      </div>
    </Panel>
  );
}
