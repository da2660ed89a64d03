/**
 * @module The header's broker switch: which broker the pages act on, the embedded Switchboard broker or one of the
 * attached RabbitMQ clusters, and so also the header's sign of where one is (the selected cluster's name, marked).
 * Hidden while no cluster is attached.
 */
'use client';

import { useId } from 'react';
import { useOptionalViewer } from '@/components/viewer/viewer-provider';
import { clusterScope, scopeKey } from '@/lib/console/broker-scope';
import { useBrokerScope } from './broker-scope-provider';
import { useSwitchBroker } from './use-switch-broker';

export function BrokerSwitch() {
  const viewer = useOptionalViewer();
  const { scope, clusters } = useBrokerScope();
  const switchBroker = useSwitchBroker();
  const id = useId();
  if (!viewer || !scope || clusters.length === 0) return null;
  const onCluster = scope.kind === 'cluster';
  return (
    <div className="flex items-center gap-2" data-broker={onCluster ? 'cluster' : 'embedded'}>
      <label htmlFor={id} className="text-sm text-ink-muted">
        Broker
      </label>
      <select
        id={id}
        value={scopeKey(scope)}
        onChange={(event) => switchBroker(clusterScope(event.target.value))}
        // On a cluster the switch stands out, so nobody purges a cluster's queue thinking it is the embedded one.
        className={`max-w-60 rounded-md border px-2 py-1 text-sm text-ink focus-visible:border-focus focus-visible:outline-2 focus-visible:outline-focus ${
          onCluster ? 'border-accent bg-surface-muted font-semibold' : 'border-line bg-surface'
        }`}
      >
        <option value="">Switchboard (embedded)</option>
        {[...clusters]
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((cluster) => (
            <option key={cluster.id} value={cluster.id}>
              {cluster.name}
            </option>
          ))}
      </select>
    </div>
  );
}
