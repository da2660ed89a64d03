/** @module The overview's rankings: the queues with the biggest ready backlog and with the oldest ready message. */

export interface RankableQueue {
  name: string;
  messagesReady: number;
  oldestReadyAgeMs: number | null;
}

const byName = (a: RankableQueue, b: RankableQueue) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Non-empty queues, most ready messages first (ties by name). */
export function biggestBacklog<Q extends RankableQueue>(queues: readonly Q[], count = 5): Q[] {
  return queues
    .filter((q) => q.messagesReady > 0)
    .sort((a, b) => b.messagesReady - a.messagesReady || byName(a, b))
    .slice(0, count);
}

/** Queues with a ready message, the oldest one first (ties by name). */
export function oldestMessages<Q extends RankableQueue>(queues: readonly Q[], count = 5): Q[] {
  return queues
    .filter((q): q is Q & { oldestReadyAgeMs: number } => q.oldestReadyAgeMs !== null && q.messagesReady > 0)
    .sort((a, b) => b.oldestReadyAgeMs - a.oldestReadyAgeMs || byName(a, b))
    .slice(0, count);
}
