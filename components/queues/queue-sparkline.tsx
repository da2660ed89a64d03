/** @module A row's sparkline: the queue's ready depth over the last minute, fetched only for rows on screen. */
'use client';

import { useQuery } from '@tanstack/react-query';
import { Sparkline } from '@/components/charts/sparkline';
import { browserClient } from '@/lib/client/browser-client';
import { queueKeys } from './queue-keys';

const SPARKLINE_WINDOW_MS = 60_000;
const SPARKLINE_REFRESH_MS = 5000;

export function QueueSparkline({ name }: { name: string }) {
  const metrics = useQuery({
    queryKey: queueKeys.metrics(name, SPARKLINE_WINDOW_MS),
    queryFn: ({ signal }) => browserClient.queueMetrics(name, { windowMs: SPARKLINE_WINDOW_MS }, { signal }),
    refetchInterval: SPARKLINE_REFRESH_MS,
    staleTime: SPARKLINE_REFRESH_MS - 500,
  });
  if (metrics.isError) return <span className="text-xs text-ink-muted">n/a</span>;
  return <Sparkline values={metrics.data?.ready ?? []} label={`Ready messages of ${name} over the last minute`} />;
}
