/**
 * @module The overview's rankings: the queues with the biggest ready backlog and with the oldest ready message.
 * Their order and filters are defined here once: for an array of queues, and for the live feed's one-pass reader
 * (lib/api/live-rankings.ts), which picks the same queues from one figure per queue.
 */

export interface RankableQueue {
  name: string;
  messagesReady: number;
  oldestReadyAgeMs: number | null;
}

/** How many queues each ranking lists. */
export const RANKED_QUEUES = 5;

const byName = (a: RankableQueue, b: RankableQueue) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Most ready messages first, ties by name. */
export const backlogOrder = (a: RankableQueue, b: RankableQueue) => b.messagesReady - a.messagesReady || byName(a, b);

/** Oldest ready message first, ties by name (only for queues with an age). */
export const ageOrder = (a: RankableQueue, b: RankableQueue) => b.oldestReadyAgeMs! - a.oldestReadyAgeMs! || byName(a, b);

/** Non-empty queues, most ready messages first (ties by name). */
export function biggestBacklog<Q extends RankableQueue>(queues: readonly Q[], count = RANKED_QUEUES): Q[] {
  return queues
    .filter((q) => q.messagesReady > 0)
    .sort(backlogOrder)
    .slice(0, count);
}

/** Queues with a ready message, the oldest one first (ties by name). */
export function oldestMessages<Q extends RankableQueue>(queues: readonly Q[], count = RANKED_QUEUES): Q[] {
  return queues
    .filter((q) => q.oldestReadyAgeMs !== null && q.messagesReady > 0)
    .sort(ageOrder)
    .slice(0, count);
}
