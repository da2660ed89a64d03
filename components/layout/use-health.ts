'use client';
/** @module The console's health poll: one query (one request) for every part of the frame that reads /health. */
import { useQuery } from '@tanstack/react-query';
import { useOptionalViewer } from '@/components/viewer/viewer-provider';
import { browserClient } from '@/lib/client/browser-client';

/** As often as the overview polls: an alarm shows within a few seconds of being raised, and goes as soon. */
export const HEALTH_POLL_MS = 5000;

/** /health while someone is logged in (the login page calls nothing before its form is sent), and the viewer. */
export function useHealth() {
  const viewer = useOptionalViewer();
  const health = useQuery({
    queryKey: ['health'],
    enabled: viewer !== undefined,
    queryFn: ({ signal }) => browserClient.health({ signal }),
    refetchInterval: HEALTH_POLL_MS,
    // Not a page's data: a failed poll is not an alarm, and the next one tries again.
    retry: false,
  });
  return { viewer, health: health.data };
}
