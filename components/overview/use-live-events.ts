/**
 * @module The /events stream for the Overview: the latest overview and per-queue figures, a rolling minute of
 * rates and depth, and the ready counts of about a minute ago (to tell which dead-letter queues are growing).
 */
'use client';

import { useEffect, useState } from 'react';
import { browserClient } from '@/lib/client/browser-client';
import type { LiveQueue, Overview } from '@/lib/client/types';
import { overviewPoint, type OverviewPoint } from '@/lib/console/overview-point';
import { appendPoint } from '@/lib/console/rolling-series';

const SERIES_WINDOW_MS = 5 * 60_000;
const SAMPLE_EVERY_MS = 5000;
const GROWTH_WINDOW_MS = 60_000;

interface ReadySample {
  t: number;
  ready: Map<string, number>;
}

export interface LiveEvents {
  connected: boolean;
  overview?: Overview;
  queues?: LiveQueue[];
  series: OverviewPoint[];
  /** Ready counts from about a minute ago (the oldest sample kept). */
  earlierReady: Map<string, number>;
}

export function useLiveEvents(): LiveEvents {
  const [connected, setConnected] = useState(false);
  const [overview, setOverview] = useState<Overview>();
  const [queues, setQueues] = useState<LiveQueue[]>();
  const [series, setSeries] = useState<OverviewPoint[]>([]);
  const [samples, setSamples] = useState<ReadySample[]>([]);

  useEffect(() => {
    // The selected vhost's stream; a new vhost remounts the page, so this effect runs again for it.
    const source = new EventSource(browserClient.eventsPath());
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener('overview', (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as Overview;
      setConnected(true);
      setOverview(data);
      setSeries((s) => appendPoint(s, overviewPoint(data, Date.now()), SERIES_WINDOW_MS));
    });
    source.addEventListener('queues', (event) => {
      const data = JSON.parse((event as MessageEvent<string>).data) as LiveQueue[];
      setQueues(data);
      const now = Date.now();
      setSamples((s) => {
        const last = s[s.length - 1];
        if (last && now - last.t < SAMPLE_EVERY_MS) return s;
        return appendPoint(s, { t: now, ready: new Map(data.map((q) => [q.name, q.messagesReady])) }, GROWTH_WINDOW_MS);
      });
    });
    return () => source.close();
  }, []);

  return { connected, overview, queues, series, earlierReady: samples[0]?.ready ?? new Map() };
}
