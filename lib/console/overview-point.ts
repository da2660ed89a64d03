/** @module One point of the overview's rolling chart: rates and total depth from an /overview answer. */
import type { Overview } from '@/lib/client/types';

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
