/** @module The cluster page's data: the cluster, its nodes every 5 s, and the last hour of node figures for the charts. */
'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { browserClient } from '@/lib/client/browser-client';
import { clusterKeys } from './cluster-keys';
import { withDeadline } from './deadline';

/** As often as the server samples the cluster: faster would only show the same figures again. */
export const NODES_REFRESH_MS = 5000;
/** The whole hour is a large answer and a chart moves little in 15 s. */
const HISTORY_REFRESH_MS = 15_000;
const DEADLINE_MS = 8000;

export function useCluster(id: string) {
  return useQuery({
    queryKey: clusterKeys.detail(id),
    queryFn: ({ signal }) => withDeadline(signal, DEADLINE_MS, 'The cluster’s status', (s) => browserClient.getCluster(id, { signal: s })),
    refetchInterval: NODES_REFRESH_MS,
  });
}

export function useClusterNodes(id: string, enabled: boolean) {
  return useQuery({
    queryKey: clusterKeys.nodes(id),
    queryFn: ({ signal }) => withDeadline(signal, DEADLINE_MS, 'The nodes’ figures', (s) => browserClient.listClusterNodes(id, { signal: s })),
    enabled,
    refetchInterval: NODES_REFRESH_MS,
    // Retries would hold the next refresh back; the interval asks again soon enough.
    retry: false,
  });
}

export function useClusterNodeHistory(id: string, enabled: boolean) {
  return useQuery({
    queryKey: clusterKeys.history(id),
    queryFn: ({ signal }) => withDeadline(signal, DEADLINE_MS, 'The nodes’ history', (s) => browserClient.clusterNodeHistory(id, { signal: s })),
    enabled,
    refetchInterval: HISTORY_REFRESH_MS,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** The attached clusters, for the list page and the header's broker switch (one query for both). */
export function useClusters(options: { enabled?: boolean; refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: clusterKeys.list,
    queryFn: ({ signal }) => browserClient.listClusters({ signal }),
    enabled: options.enabled ?? true,
    refetchInterval: options.refetchInterval ?? NODES_REFRESH_MS,
  });
}
