/**
 * @module The whole topology for the routing graph: exchanges, bindings and every queue (all pages), refreshed every
 * two seconds so depths and rates stay live and changes made elsewhere show up.
 */
'use client';

import { useQuery } from '@tanstack/react-query';
import { browserClient } from '@/lib/client/browser-client';
import type { CallOptions } from '@/lib/client/switchboard-client';
import type { Queue } from '@/lib/client/types';
import type { TopologyData } from '@/lib/console/routing-graph';
import { routingKeys } from './routing-keys';

const REFRESH_MS = 2000;
const QUEUE_PAGE = 1000;

async function allQueues(call: CallOptions): Promise<Queue[]> {
  const queues: Queue[] = [];
  let cursor: string | undefined;
  do {
    const page = await browserClient.listQueues({ limit: QUEUE_PAGE, cursor, sort: 'name' }, call);
    queues.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return queues;
}

export async function fetchTopology(call: CallOptions): Promise<TopologyData> {
  const [exchanges, bindings, queues] = await Promise.all([browserClient.listExchanges(call), browserClient.listBindings({}, call), allQueues(call)]);
  return { exchanges, bindings, queues };
}

export function useTopology() {
  return useQuery({ queryKey: routingKeys.topology, queryFn: ({ signal }) => fetchTopology({ signal }), refetchInterval: REFRESH_MS });
}
