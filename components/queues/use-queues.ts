/** @module The queue list, refreshed every second (the dashboard's promise: true within one refresh). */
'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { browserClient } from '@/lib/client/browser-client';
import { queueKeys } from './queue-keys';

const QUEUES_REFRESH_MS = 1000;

export function useQueues(search: string) {
  return useQuery({
    queryKey: queueKeys.list(search),
    queryFn: ({ signal }) => browserClient.listQueues({ search: search || undefined }, { signal }),
    refetchInterval: QUEUES_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}
