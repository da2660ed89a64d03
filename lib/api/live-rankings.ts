/**
 * @module The overview's rankings read from a broker: one pass over each queue's ready count, one over its oldest
 * ready age, each keeping its top few in a bounded heap. No queue's stats are built and only the ranked queues are
 * read further, so a tick of the overview costs two numbers per queue. Order and filters: lib/console/queue-rankings.
 */
import { ageOrder, backlogOrder, RANKED_QUEUES, type RankableQueue } from '@/lib/console/queue-rankings';
import type { QueueReads } from '@/lib/engine';
import { BoundedSelection } from './bounded-selection';
import type { LiveRankings } from './schemas/metrics';

export type RankingReads = Pick<QueueReads, 'eachFigure' | 'gauges'>;

export function liveRankings(reads: RankingReads): LiveRankings {
  return { biggestBacklog: biggestBacklog(reads), oldestMessages: oldestMessages(reads) };
}

function biggestBacklog(reads: RankingReads): RankableQueue[] {
  const top = new BoundedSelection<RankableQueue>(RANKED_QUEUES, backlogOrder);
  const probe: RankableQueue = { name: '', messagesReady: 0, oldestReadyAgeMs: null };
  reads.eachFigure('messagesReady', (name, ready) => {
    if (!ready) return;
    probe.name = name;
    probe.messagesReady = ready;
    const worst = top.worst;
    if (worst === undefined || backlogOrder(probe, worst) < 0) top.offer({ name, messagesReady: ready, oldestReadyAgeMs: null });
  });
  // The age of only the ranked queues, read now (in the same synchronous turn, the counts have not moved).
  return top.sorted().map((q) => ({ ...q, oldestReadyAgeMs: reads.gauges(q.name)?.oldestReadyAgeMs ?? null }));
}

function oldestMessages(reads: RankingReads): RankableQueue[] {
  const top = new BoundedSelection<RankableQueue>(RANKED_QUEUES, ageOrder);
  const probe: RankableQueue = { name: '', messagesReady: 0, oldestReadyAgeMs: 0 };
  reads.eachFigure('oldestReadyAgeMs', (name, age) => {
    if (age === null) return;
    probe.name = name;
    probe.oldestReadyAgeMs = age;
    const worst = top.worst;
    if (worst !== undefined && ageOrder(probe, worst) >= 0) return;
    // Only a queue that would get in is read further: it must also have a ready message.
    const ready = reads.gauges(name)?.ready ?? 0;
    if (ready > 0) top.offer({ name, messagesReady: ready, oldestReadyAgeMs: age });
  });
  return top.sorted();
}
