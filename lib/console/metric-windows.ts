/** @module The queue page's chart windows (1 min to 30 days): URL value ↔ API params, and how often each refreshes. */

export interface MetricWindow {
  /** The value kept in the URL (`?window=5m`). */
  id: string;
  label: string;
  windowMs: number;
  /** How often a live chart of this window is refetched. */
  refreshMs: number;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export const METRIC_WINDOWS: readonly MetricWindow[] = [
  { id: '1m', label: '1 min', windowMs: MIN, refreshMs: 1000 },
  { id: '5m', label: '5 min', windowMs: 5 * MIN, refreshMs: 1000 },
  { id: '15m', label: '15 min', windowMs: 15 * MIN, refreshMs: 5000 },
  { id: '1h', label: '1 h', windowMs: HOUR, refreshMs: 10_000 },
  { id: '24h', label: '24 h', windowMs: DAY, refreshMs: 60_000 },
  { id: '7d', label: '7 d', windowMs: 7 * DAY, refreshMs: 60_000 },
  { id: '30d', label: '30 d', windowMs: 30 * DAY, refreshMs: 60_000 },
];

export const DEFAULT_METRIC_WINDOW = METRIC_WINDOWS[1]!;

/** The window a URL value names; anything unknown (or missing) is the default, 5 minutes. */
export function metricWindow(id: string | null | undefined): MetricWindow {
  return METRIC_WINDOWS.find((window) => window.id === id) ?? DEFAULT_METRIC_WINDOW;
}

/** The query of GET /queues/{name}/metrics for a window; the broker picks the step (at most ~360 points). */
export function metricsParams(window: MetricWindow): { windowMs: number } {
  return { windowMs: window.windowMs };
}
