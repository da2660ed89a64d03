/** @module The open AMQP connections, refreshed every second like the rest of the live console. */
'use client';

import { useQuery } from '@tanstack/react-query';
import { browserClient } from '@/lib/client/browser-client';
import { connectionKeys } from './connection-keys';

const CONNECTIONS_REFRESH_MS = 1000;

export function useConnections() {
  return useQuery({
    queryKey: connectionKeys.list(),
    queryFn: ({ signal }) => browserClient.listConnections({ signal }),
    refetchInterval: CONNECTIONS_REFRESH_MS,
  });
}
