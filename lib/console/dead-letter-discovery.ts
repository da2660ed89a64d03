/**
 * @module The Dead letters page's list of dead-letter queues: which queues receive dead letters (the Overview's rule,
 * from `dead-letter-queues.ts`), which queues feed each one, and the page's selection in the URL.
 */
import type { Binding } from '@/lib/client/types';
import { deadLetterQueueNames, looksLikeDeadLetterQueue, type QueueWithArguments } from './dead-letter-queues';

export interface DeadLetterQueueInfo {
  name: string;
  /** False when a queue's arguments name it but no such queue has been declared (dead letters to it are dropped). */
  exists: boolean;
  /** Queues whose dead-letter exchange routes to this one, by name. */
  feeders: string[];
  /** True when it was found only by its name, not by any queue's arguments. */
  byNameOnly: boolean;
}

const DEFAULT_EXCHANGE = 'amq.default';

/** The queues whose dead letters would land in `target`, by their `deadLetterExchange` and the bindings. */
function feedersOf(target: string, queues: readonly QueueWithArguments[], bindings: readonly Binding[]): string[] {
  const feeders: string[] = [];
  for (const queue of queues) {
    const dlx = queue.arguments.deadLetterExchange;
    if (dlx === undefined) continue;
    const exchange = dlx === '' ? DEFAULT_EXCHANGE : dlx;
    const routes =
      exchange === DEFAULT_EXCHANGE
        ? queue.arguments.deadLetterRoutingKey === target
        : bindings.some((b) => b.source === exchange && b.destinationType === 'queue' && b.destination === target);
    if (routes && queue.name !== target) feeders.push(queue.name);
  }
  return feeders.sort();
}

/** Every dead-letter queue, declared ones first, then by name. */
export function discoverDeadLetterQueues(
  queues: readonly QueueWithArguments[],
  bindings: readonly Binding[],
): DeadLetterQueueInfo[] {
  const existing = new Set(queues.map((q) => q.name));
  return [...deadLetterQueueNames(queues, bindings)]
    .map((name) => {
      const feeders = feedersOf(name, queues, bindings);
      return { name, exists: existing.has(name), feeders, byNameOnly: feeders.length === 0 && looksLikeDeadLetterQueue(name) };
    })
    .sort((a, b) => Number(b.exists) - Number(a.exists) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The selected queue from the page's query string, if any. */
export function readSelectedQueue(params: URLSearchParams): string | undefined {
  const value = params.get('queue');
  return value ? value : undefined;
}

/** The page's address with `queue` selected (or none). */
export function deadLettersHref(queue: string | undefined): string {
  return queue ? `/dead-letters?${new URLSearchParams({ queue }).toString()}` : '/dead-letters';
}

/** Count entries, biggest first then by key: for the "by reason" and "by source queue" lists. */
export function sortedCounts(record: Readonly<Record<string, number>>): [string, number][] {
  return Object.entries(record)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
