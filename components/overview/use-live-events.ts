/**
 * @module The /events stream for the Overview, scoped to what the page shows: the totals, the rankings and the
 * figures of the dead-letter queues (the only queues it lists by name). Its charts open with the last 15
 * minutes from GET /overview/metrics and go on with a point per `overview` event; it also keeps the
 * dead-letter queues' ready counts of about a minute ago (to tell which are growing).
 */
'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { browserClient } from '@/lib/client/browser-client';
import type { LiveQueue, LiveRankings, Overview } from '@/lib/client/types';
import { overviewHistoryPoints, overviewPoint, type OverviewPoint } from '@/lib/console/overview-point';
import { appendPoint, withHistory } from '@/lib/console/rolling-series';

const SERIES_WINDOW_MS = 15 * 60_000;
const SAMPLE_EVERY_MS = 5000;
const GROWTH_WINDOW_MS = 60_000;

interface ReadySample {
  t: number;
  ready: Map<string, number>;
}

export interface LiveEvents {
  connected: boolean;
  overview?: Overview;
  rankings?: LiveRankings;
  /** Figures of the queues asked for (the dead-letter queues), by name. */
  queues: LiveQueue[];
  series: OverviewPoint[];
  /** How often the figures change: each second on the embedded broker, each sample (5 s) of a cluster. */
  stepMs: number;
  /** Ready counts from about a minute ago (the oldest sample kept). */
  earlierReady: Map<string, number>;
}

const parse = <T>(event: Event) => JSON.parse((event as MessageEvent<string>).data) as T;

/** `watched`: the queues whose figures the page shows by name (undefined until known). */
export function useLiveEvents(watched: readonly string[] | undefined): LiveEvents {
  const [connected, setConnected] = useState(false);
  const [overview, setOverview] = useState<Overview>();
  const [rankings, setRankings] = useState<LiveRankings>();
  const [figures, setFigures] = useState<ReadonlyMap<string, LiveQueue>>(new Map());
  const [live, setLive] = useState<OverviewPoint[]>([]);
  const [samples, setSamples] = useState<ReadySample[]>([]);
  const history = useQuery({
    queryKey: ['overview', 'history'],
    queryFn: ({ signal }) => browserClient.overviewMetrics({ windowMs: SERIES_WINDOW_MS }, { signal }),
    staleTime: Infinity,
    gcTime: 0,
  });
  const watchKey = watched ? [...watched].sort().join('\n') : '';

  useEffect(() => {
    // The selected vhost's stream; a new vhost remounts the page, so this effect runs again for it.
    const names = watchKey ? watchKey.split('\n') : [];
    const source = new EventSource(browserClient.eventsPath({ scope: 'overview', queues: names }));
    const shown = new Set(names);
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener('overview', (event) => {
      const data = parse<Overview>(event);
      setConnected(true);
      setOverview(data);
      setLive((s) => appendPoint(s, overviewPoint(data, Date.now()), SERIES_WINDOW_MS, 1000));
    });
    source.addEventListener('rankings', (event) => setRankings(parse<LiveRankings>(event)));
    source.addEventListener('queues', (event) => {
      const changed = parse<LiveQueue[]>(event);
      setFigures((current) => {
        const next = new Map([...current].filter(([name]) => shown.has(name)));
        for (const queue of changed) next.set(queue.name, queue);
        return next;
      });
    });
    source.addEventListener('queues-removed', (event) => {
      const removed = parse<string[]>(event);
      setFigures((current) => new Map([...current].filter(([name]) => !removed.includes(name))));
    });
    return () => source.close();
  }, [watchKey]);

  useEffect(() => {
    // Sampled as frames come (once a second), not as figures change: a still queue keeps its count.
    if (!overview) return;
    const now = Date.now();
    setSamples((s) => {
      const last = s[s.length - 1];
      if (last && now - last.t < SAMPLE_EVERY_MS) return s;
      return appendPoint(s, { t: now, ready: new Map([...figures.values()].map((q) => [q.name, q.messagesReady])) }, GROWTH_WINDOW_MS);
    });
  }, [overview, figures]);

  const series = useMemo(
    () => withHistory(history.data ? overviewHistoryPoints(history.data) : [], live, SERIES_WINDOW_MS),
    [history.data, live],
  );
  const queues = useMemo(() => [...figures.values()], [figures]);
  return { connected, overview, rankings, queues, series, stepMs: history.data?.stepMs ?? 1000, earlierReady: samples[0]?.ready ?? new Map() };
}
