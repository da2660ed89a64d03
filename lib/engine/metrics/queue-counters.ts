/** @module A queue's exact counters, and how counters add up (across queues, and over deleted ones). */
import type { DeathReason } from '../types';

export interface QueueCounters {
  /** Copies that entered the queue (a publish routed here, or a dead-lettered copy arriving). */
  published: number;
  delivered: number;
  redelivered: number;
  acked: number;
  /** Explicit nacks and rejects, with or without requeue. */
  nacked: number;
  deadLettered: Record<DeathReason, number>;
  /** Messages whose TTL ran out (dead-lettered or dropped). */
  expired: number;
  /** Messages that died with no dead-letter exchange configured. */
  dropped: number;
  purged: number;
}

export const emptyCounters = (): QueueCounters => ({
  published: 0,
  delivered: 0,
  redelivered: 0,
  acked: 0,
  nacked: 0,
  deadLettered: { rejected: 0, expired: 0, maxlen: 0, delivery_limit: 0 },
  expired: 0,
  dropped: 0,
  purged: 0,
});

export function addCounters(into: QueueCounters, from: QueueCounters): void {
  into.published += from.published;
  into.delivered += from.delivered;
  into.redelivered += from.redelivered;
  into.acked += from.acked;
  into.nacked += from.nacked;
  for (const reason of Object.keys(into.deadLettered) as DeathReason[]) into.deadLettered[reason] += from.deadLettered[reason];
  into.expired += from.expired;
  into.dropped += from.dropped;
  into.purged += from.purged;
}
