/**
 * @module What a page shows instead of itself when the broker in scope cannot serve it (the dead letters of a RabbitMQ
 * cluster, say): the reason, as the broker gave it, and a way back to the embedded broker, where every page works.
 */
'use client';

import { Button } from '@/components/ui/button';
import { EMBEDDED_SCOPE } from '@/lib/console/broker-scope';
import { useBrokerScope } from './broker-scope-provider';
import { useSwitchBroker } from './use-switch-broker';

export function BrokerUnavailable({ reason }: { reason: string }) {
  const { cluster } = useBrokerScope();
  const switchBroker = useSwitchBroker();
  return (
    <div className="mx-auto mt-10 max-w-lg rounded-lg border border-line bg-surface p-6 text-sm shadow-sm" data-broker-unavailable>
      <h1 className="mb-2 text-xl font-semibold tracking-tight break-words">Not available on {cluster ? cluster.name : 'this broker'}</h1>
      <p className="mb-4 text-ink-muted">{reason}.</p>
      <Button onClick={() => switchBroker(EMBEDDED_SCOPE)}>Switch to the embedded broker</Button>
    </div>
  );
}

/** Why a cluster's vhosts could not be read (it is unreachable, say), where its pages would be. */
export function ClusterVhostsFailed({ error }: { error: Error }) {
  const { cluster } = useBrokerScope();
  const switchBroker = useSwitchBroker();
  return (
    <div role="alert" className="mx-auto mt-10 max-w-lg rounded-lg border border-danger-line bg-danger-surface p-6 text-sm text-danger shadow-sm">
      <h1 className="mb-2 text-xl font-semibold tracking-tight">Could not read the cluster’s vhosts</h1>
      <p className="mb-4">
        {cluster ? <span className="font-semibold">{cluster.name}: </span> : null}
        {error.message}
      </p>
      <Button onClick={() => switchBroker(EMBEDDED_SCOPE)}>Switch to the embedded broker</Button>
    </div>
  );
}
