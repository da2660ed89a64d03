/**
 * @module Renders a page only once the viewer is known, so no page offers a button before it knows whether it may,
 * only when the broker in scope can serve it (else why not), and again from scratch when the broker or the vhost
 * changes, so nothing of the old one stays on screen.
 */
'use client';

import { usePathname } from 'next/navigation';
import { Fragment, type ReactNode } from 'react';
import { LOGIN_PATH } from '@/components/auth/redirect-to-login';
import { BrokerUnavailable, ClusterVhostsFailed } from '@/components/clusters/broker-unavailable';
import { useBrokerScope } from '@/components/clusters/broker-scope-provider';
import { ErrorAlert } from '@/components/ui/error-alert';
import { pageAvailability } from '@/lib/console/broker-pages';
import { scopeKey } from '@/lib/console/broker-scope';
import { useOptionalViewer, useWhoamiError } from './viewer-provider';

/** Pages about the viewer or the whole broker, not about one vhost's resources. */
const VHOST_FREE = ['/api-keys', '/users', '/audit', '/clusters'];

export function ViewerGate({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const error = useWhoamiError();
  const viewer = useOptionalViewer();
  const broker = useBrokerScope();
  if (pathname === LOGIN_PATH) return children;
  if (!viewer || !broker.scope) {
    return error ? (
      <ErrorAlert error={error} title="Could not tell who you are" />
    ) : (
      <p className="text-sm text-ink-muted">Loading…</p>
    );
  }
  const available = pageAvailability(pathname, broker.abilities);
  if (!available.allowed) return <BrokerUnavailable reason={available.reason} />;
  if (viewer.vhost === undefined && !VHOST_FREE.some((path) => pathname.startsWith(path))) {
    const vhostsError = broker.clusterVhosts?.error;
    if (vhostsError) return <ClusterVhostsFailed error={vhostsError} />;
    if (viewer.vhostsPending) return <p className="text-sm text-ink-muted">Loading the vhosts…</p>;
    return (
      <div className="mx-auto mt-10 max-w-lg rounded-lg border border-line bg-surface p-6 text-sm shadow-sm">
        <h1 className="mb-2 text-xl font-semibold tracking-tight">No vhost to show</h1>
        <p className="text-ink-muted">
          User <span className="font-mono">{viewer.whoami.name}</span> has no permissions in any vhost
          {broker.cluster ? (
            <>
              {' '}
              of cluster <span className="font-semibold">{broker.cluster.name}</span>
            </>
          ) : null}
          . An administrator can grant some on the Users page.
        </p>
      </div>
    );
  }
  return <Fragment key={`${scopeKey(broker.scope)}|${viewer.vhost ?? ''}`}>{children}</Fragment>;
}
