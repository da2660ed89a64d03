/**
 * @module A dead-letter queue's figures, refreshed every two seconds: its counts by reason and source where the broker
 * keeps them, else only how many are ready (from the queue itself), with the broker's reason for the rest.
 */
'use client';

import { useQuery } from '@tanstack/react-query';
import { useBrokerAbilities } from '@/components/clusters/broker-scope-provider';
import { browserClient } from '@/lib/client/browser-client';
import { deadLetterKeys } from './dead-letter-keys';

const COUNTS_REFRESH_MS = 2000;

export function useDeadLetterFigures(queue: string, exists = true) {
  const counted = useBrokerAbilities().capability('deadLetterCounts');
  const counts = useQuery({
    queryKey: deadLetterKeys.counts(queue),
    queryFn: ({ signal }) => browserClient.deadLetterCounts(queue, { signal }),
    refetchInterval: COUNTS_REFRESH_MS,
    enabled: exists && counted.allowed,
  });
  const depth = useQuery({
    queryKey: deadLetterKeys.queue(queue),
    queryFn: ({ signal }) => browserClient.getQueue(queue, { signal }),
    refetchInterval: COUNTS_REFRESH_MS,
    enabled: exists && !counted.allowed,
  });
  const ready = counted.allowed ? counts.data?.total : depth.data?.messagesReady;
  return { counts, ready, counted, error: counted.allowed ? counts.error : depth.error };
}
