/** @module Bindings in (exchanges that route to this queue) and out (where its dead letters are routed). */
'use client';

import { useQuery } from '@tanstack/react-query';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Panel } from '@/components/ui/panel';
import { browserClient } from '@/lib/client/browser-client';
import type { Binding, Queue } from '@/lib/client/types';
import { queueKeys } from './queue-keys';

function BindingList({ bindings, side }: { bindings: Binding[]; side: 'source' | 'destination' }) {
  if (bindings.length === 0) return <p className="text-sm text-ink-muted">None.</p>;
  return (
    <ul className="flex flex-col gap-1 text-sm">
      {bindings.map((b) => (
        <li key={b.id} className="font-mono break-all">
          {b[side]} <span className="text-ink-muted">key</span> {b.routingKey === '' ? '""' : b.routingKey}
          {Object.keys(b.arguments).length > 0 ? <span className="text-ink-muted"> {JSON.stringify(b.arguments)}</span> : null}
        </li>
      ))}
    </ul>
  );
}

export function QueueBindings({ queue }: { queue: Queue }) {
  const dlx = queue.arguments.deadLetterExchange;
  const dlxName = dlx === '' ? 'amq.default' : dlx;
  const incoming = useQuery({
    queryKey: queueKeys.bindings(queue.name),
    queryFn: ({ signal }) => browserClient.listBindings({ destination: queue.name }, { signal }),
  });
  const outgoing = useQuery({
    queryKey: ['bindings', 'source', dlxName ?? ''],
    queryFn: ({ signal }) => browserClient.listBindings({ source: dlxName }, { signal }),
    enabled: dlxName !== undefined && dlxName !== 'amq.default',
  });
  return (
    <Panel title="Bindings">
      <div className="flex flex-col gap-4">
        <section>
          <h3 className="mb-1 text-sm font-semibold">In (exchange and routing key)</h3>
          {incoming.isError ? <ErrorAlert error={incoming.error} title="Could not load bindings" /> : null}
          {incoming.data ? <BindingList bindings={incoming.data} side="source" /> : null}
        </section>
        <section>
          <h3 className="mb-1 text-sm font-semibold">Out (dead letters)</h3>
          {dlxName === undefined ? (
            <p className="text-sm text-ink-muted">No dead-letter exchange.</p>
          ) : dlxName === 'amq.default' ? (
            <p className="font-mono text-sm break-all">
              amq.default → {queue.arguments.deadLetterRoutingKey || '(the message’s own routing key)'}
            </p>
          ) : (
            <>
              <p className="mb-1 text-sm">
                Via exchange <span className="font-mono">{dlxName}</span> to:
              </p>
              {outgoing.isError ? <ErrorAlert error={outgoing.error} title="Could not load bindings" /> : null}
              {outgoing.data ? <BindingList bindings={outgoing.data} side="destination" /> : null}
            </>
          )}
        </section>
      </div>
    </Panel>
  );
}
