/**
 * @module Switching the broker the console acts on: the scope changes, and the page follows — the same section when
 * the new broker can show it (Queues stays Queues), else the new broker's own page (the Overview, or the cluster's).
 */
'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useCallback } from 'react';
import { brokerAbilities } from '@/lib/console/broker-abilities';
import { pathAfterSwitch } from '@/lib/console/broker-pages';
import { type BrokerScope } from '@/lib/console/broker-scope';
import { useBrokerScope } from './broker-scope-provider';

export function useSwitchBroker(): (next: BrokerScope) => void {
  const router = useRouter();
  const pathname = usePathname();
  const { clusters, setScope } = useBrokerScope();
  return useCallback(
    (next: BrokerScope) => {
      const cluster = next.kind === 'cluster' ? clusters.find((entry) => entry.id === next.id) : undefined;
      setScope(next);
      const target = pathAfterSwitch(pathname, next, brokerAbilities(cluster));
      if (target !== pathname) router.push(target);
    },
    [clusters, pathname, router, setScope],
  );
}
