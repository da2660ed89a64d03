/** @module Follows one replay job: polls it twice a second while it runs, and stops once it has ended. */
'use client';

import { useQuery } from '@tanstack/react-query';
import { browserClient } from '@/lib/client/browser-client';
import { isJobActive } from '@/lib/console/replay-job';
import { deadLetterKeys } from './dead-letter-keys';

const JOB_POLL_MS = 500;

export function useJobProgress(jobId: string) {
  return useQuery({
    queryKey: deadLetterKeys.job(jobId),
    queryFn: ({ signal }) => browserClient.getJob(jobId, { signal }),
    refetchInterval: (query) => (query.state.data && !isJobActive(query.state.data) ? false : JOB_POLL_MS),
  });
}
