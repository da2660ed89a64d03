/**
 * @module The broker the console's pages act on (the embedded one, or an attached cluster), kept in localStorage like
 * the vhost choice, with what that broker can do and, on a cluster, its vhosts. Sets the browser client's cluster while
 * rendering, before any page below asks for data, so no page ever chooses the API prefix itself.
 */
'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { usePathname } from 'next/navigation';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { LOGIN_PATH } from '@/components/auth/redirect-to-login';
import { browserClient, setBrowserCluster } from '@/lib/client/browser-client';
import type { Cluster } from '@/lib/client/cluster-types';
import { brokerAbilities, EVERYTHING, type BrokerAbilities } from '@/lib/console/broker-abilities';
import { chooseScope, EMBEDDED_SCOPE, scopeCluster, scopeKey, type BrokerScope } from '@/lib/console/broker-scope';
import { clusterKeys } from './cluster-keys';
import { useClusters } from './use-cluster-queries';

const STORAGE_KEY = 'switchboard.broker';
/** The clusters page refreshes the list every 5 s; here a new cluster only needs to show up in the switch eventually. */
const CLUSTERS_REFRESH_MS = 60_000;
/** Like whoami's: a vhost added on the cluster (or a permission granted) shows within seconds. */
const VHOSTS_REFRESH_MS = 15_000;
/** Queries of Switchboard itself, the same whichever broker is in scope: kept when the scope changes. */
const BROKER_FREE_KEYS = new Set(['whoami', clusterKeys.all[0]]);

export interface BrokerScopeState {
  /** Undefined while the stored cluster is being looked up: pages wait rather than ask the wrong broker. */
  scope: BrokerScope | undefined;
  /** The attached cluster in scope, with its operations and capabilities. */
  cluster: Cluster | undefined;
  /** Every attached cluster, for the switch (empty until read, or when there is none). */
  clusters: Cluster[];
  abilities: BrokerAbilities;
  /** On a cluster: the names of its vhosts the viewer may see (undefined while read) or why they could not be read. */
  clusterVhosts: { names: string[] | undefined; error: Error | null } | undefined;
  setScope: (next: BrokerScope) => void;
}

const OUTSIDE: BrokerScopeState = {
  scope: EMBEDDED_SCOPE,
  cluster: undefined,
  clusters: [],
  abilities: EVERYTHING,
  clusterVhosts: undefined,
  setScope: () => undefined,
};

const BrokerScopeContext = createContext<BrokerScopeState>(OUTSIDE);

function readStored(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function BrokerScopeProvider({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const queryClient = useQueryClient();
  const loggedIn = pathname !== LOGIN_PATH;
  const clusters = useClusters({ enabled: loggedIn, refetchInterval: CLUSTERS_REFRESH_MS });
  // Read once the page runs in the browser (the server render has no storage); null: nothing stored.
  const [stored, setStored] = useState<string | null>();
  useEffect(() => setStored(readStored()), []);

  const list = clusters.data;
  const scope =
    stored === undefined ? undefined : chooseScope({ stored, attached: list?.map((cluster) => cluster.id), failed: clusters.isError || !loggedIn });
  const clusterId = scope === undefined ? undefined : scopeCluster(scope);
  const cluster = clusterId === undefined ? undefined : list?.find((entry) => entry.id === clusterId);
  // Set while rendering, before any page below asks the client for data (children's effects run before this one's).
  if (scope !== undefined) setBrowserCluster(clusterId);

  const vhosts = useQuery({
    queryKey: clusterKeys.vhosts(clusterId ?? ''),
    queryFn: ({ signal }) => browserClient.listClusterVhosts(clusterId!, { signal }),
    enabled: clusterId !== undefined && loggedIn,
    refetchInterval: VHOSTS_REFRESH_MS,
  });

  const setScope = useCallback(
    (next: BrokerScope) => {
      try {
        window.localStorage.setItem(STORAGE_KEY, scopeKey(next));
      } catch {
        // Private windows may refuse storage; the choice then lasts for this page only.
      }
      setBrowserCluster(scopeCluster(next));
      // Every cached answer about a vhost belongs to the old broker; the pages remount (ViewerGate) and ask again.
      queryClient.removeQueries({ predicate: (cached) => !BROKER_FREE_KEYS.has(String(cached.queryKey[0])) });
      setStored(scopeKey(next));
    },
    [queryClient],
  );

  const names = vhosts.data?.map((vhost) => vhost.name);
  const value = useMemo<BrokerScopeState>(
    () => ({
      scope,
      cluster,
      clusters: list ?? [],
      abilities: cluster ? brokerAbilities(cluster) : EVERYTHING,
      clusterVhosts: clusterId === undefined ? undefined : { names, error: vhosts.error },
      setScope,
    }),
    // The scope is rebuilt each render: its key stands for it, so a refetch with the same answers re-renders nothing.
    [scope && scopeKey(scope), cluster, list, clusterId, names?.join('\n'), vhosts.error, setScope],
  );
  return <BrokerScopeContext.Provider value={value}>{children}</BrokerScopeContext.Provider>;
}

/** The broker in scope; outside the provider, the embedded broker that can do everything. */
export function useBrokerScope(): BrokerScopeState {
  return useContext(BrokerScopeContext);
}

/** What the broker in scope can do, for pages that hide what it cannot. */
export function useBrokerAbilities(): BrokerAbilities {
  return useBrokerScope().abilities;
}
