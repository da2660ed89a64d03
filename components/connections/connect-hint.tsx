/**
 * @module Where an AMQP client connects: the listener's URL on this host, or a note that AMQP is off; on an attached
 * cluster, its nodes' AMQP URLs (the connections listed are those its nodes hold in the chosen vhost).
 */
'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useBrokerScope } from '@/components/clusters/broker-scope-provider';
import { useViewer } from '@/components/viewer/viewer-provider';
import { browserClient } from '@/lib/client/browser-client';
import { amqpConnectUrl } from '@/lib/console/connection-rows';
import { connectionKeys } from './connection-keys';

export function ConnectHint() {
  const { whoami, vhost } = useViewer();
  const { cluster } = useBrokerScope();
  const health = useQuery({
    queryKey: connectionKeys.health,
    queryFn: ({ signal }) => browserClient.health({ signal }),
    staleTime: 60_000,
  });
  // the page is rendered on the server first, where the browser's host name is unknown
  const [hostname, setHostname] = useState('');
  useEffect(() => setHostname(window.location.hostname), []);

  const port = health.data?.amqpPort;
  if (cluster) {
    return (
      <p className="text-sm text-ink-muted" data-testid="amqp-connect-hint">
        The connections of vhost <span className="font-mono">{vhost}</span> on cluster {cluster.name}. Its applications connect to{' '}
        {cluster.amqpUrls.map((url, index) => (
          <span key={url}>
            {index > 0 ? ', ' : null}
            <code className="rounded bg-surface-muted px-1.5 py-0.5 font-mono text-ink select-all">{url}</code>
          </span>
        ))}
        .
      </p>
    );
  }
  if (!health.data || !hostname) return null;
  return (
    <p className="text-sm text-ink-muted" data-testid="amqp-connect-hint">
      {port == null ? (
        'AMQP is off (AMQP_PORT=0) or its port was taken; see the server log.'
      ) : (
        <>
          Connect with{' '}
          <code className="rounded bg-surface-muted px-1.5 py-0.5 font-mono text-ink select-all">{amqpConnectUrl(hostname, port, whoami.name, vhost)}</code>{' '}
          — with your password, or one of your API keys as the password (PLAIN or AMQPLAIN).
        </>
      )}
    </p>
  );
}
