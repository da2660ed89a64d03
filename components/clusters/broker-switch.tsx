/**
 * @module The header's broker switch: the embedded Switchboard broker or one of the attached RabbitMQ clusters. Picking a
 * cluster opens its page; picking the embedded broker goes back to the Overview. Hidden while no cluster is attached.
 */
'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useId } from 'react';
import { useOptionalViewer } from '@/components/viewer/viewer-provider';
import { clusterHref, clusterIdOfPath } from './cluster-href';
import { useClusters } from './use-cluster-queries';

const EMBEDDED = '';
/** The list page refreshes it every 5 s; elsewhere a new cluster only needs to show up in the switch eventually. */
const SWITCH_REFRESH_MS = 60_000;

export function BrokerSwitch() {
  const viewer = useOptionalViewer();
  const pathname = usePathname();
  const router = useRouter();
  const id = useId();
  const clusters = useClusters({ enabled: viewer !== undefined, refetchInterval: SWITCH_REFRESH_MS });
  const list = clusters.data ?? [];
  if (!viewer || list.length === 0) return null;
  const current = clusterIdOfPath(pathname);
  const value = current !== undefined && list.some((cluster) => cluster.id === current) ? current : EMBEDDED;
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-sm text-ink-muted">
        Broker
      </label>
      <select
        id={id}
        value={value}
        onChange={(event) => router.push(event.target.value === EMBEDDED ? '/' : clusterHref(event.target.value))}
        className="max-w-60 rounded-md border border-line bg-surface px-2 py-1 text-sm text-ink focus-visible:border-focus focus-visible:outline-2 focus-visible:outline-focus"
      >
        <option value={EMBEDDED}>Switchboard (embedded)</option>
        {[...list]
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
