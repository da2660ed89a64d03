/** @module One page of the queue list (server-side search, sort and paging), refreshed every two seconds. */
'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { browserClient } from '@/lib/client/browser-client';
import type { QueueSort } from '@/lib/client/types';
import { queueKeys } from './queue-keys';

export const QUEUE_PAGE_SIZE = 25;
const QUEUES_REFRESH_MS = 2000;

export function useQueues(search: string, sort: QueueSort, cursor: string | undefined) {
  return useQuery({
    queryKey: queueKeys.page(search, sort, cursor),
    queryFn: ({ signal }) =>
      browserClient.listQueues({ search: search || undefined, sort, cursor, limit: QUEUE_PAGE_SIZE }, { signal }),
    refetchInterval: QUEUES_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}
