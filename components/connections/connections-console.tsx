/** @module The Connections page's live part: how to connect, then every open AMQP connection, refreshed each second. */
'use client';

import { ErrorAlert } from '@/components/ui/error-alert';
import { Panel } from '@/components/ui/panel';
import { ConnectHint } from './connect-hint';
import { ConnectionTable } from './connection-table';
import { useConnections } from './use-connections';

export function ConnectionsConsole() {
  const connections = useConnections();
  const items = connections.data;
  const count = items?.length;
  return (
    <div className="flex flex-col gap-4">
      <ConnectHint />
      {connections.isError ? <ErrorAlert error={connections.error} title="Could not load connections" /> : null}
      <Panel
        title="AMQP connections"
        description={count === undefined ? undefined : `${count} open`}
      >
        {items === undefined ? (
          connections.isPending ? <p className="text-sm text-ink-muted">Loading connections…</p> : null
        ) : items.length === 0 ? (
          <p className="text-sm text-ink-muted">No AMQP client is connected.</p>
        ) : (
          <ConnectionTable connections={items} now={connections.dataUpdatedAt} />
        )}
      </Panel>
    </div>
  );
}
