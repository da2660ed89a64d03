/** @module One point of the overview's rolling chart: rates and total depth from an /overview answer. */
import type { Overview, OverviewMetrics } from '@/lib/client/types';

export interface OverviewPoint {
  t: number;
  publish: number;
  deliver: number;
  ack: number;
  /** Ready plus unacked, across every queue. */
  depth: number;
}

export function overviewPoint(overview: Overview, t: number): OverviewPoint {
  return {
    t,
    publish: overview.rates.publish,
    deliver: overview.rates.deliver,
    ack: overview.rates.ack,
    depth: overview.messagesReady + overview.messagesUnacked,
  };
}

/** The points of GET /overview/metrics (parallel arrays), as chart points. */
export function overviewHistoryPoints(history: OverviewMetrics): OverviewPoint[] {
  return history.t.map((t, i) => ({
    t,
    publish: history.publish[i] ?? 0,
    deliver: history.deliver[i] ?? 0,
    ack: history.ack[i] ?? 0,
    depth: history.depth[i] ?? 0,
  }));
}
