/**
 * @module Which queues are dead-letter queues, and which of those are growing.
 *
 * A queue is a dead-letter queue when (1) some queue's `deadLetterExchange` routes to it: a binding from that
 * exchange to the queue, or, for the default exchange, the queue named by `deadLetterRoutingKey`; or (2) its name
 * says so: it contains `dlq`, `dlx`, `dead` or `deadletter`, or ends in `.dl`/`-dl`/`_dl`, case-insensitive.
 */
import type { Binding, QueueArguments } from '@/lib/client/types';

export interface QueueWithArguments {
  name: string;
  arguments: QueueArguments;
}

const NAME_RULE = /dlq|dlx|dead|[._-]dl$/i;
const DEFAULT_EXCHANGE = 'amq.default';

export function looksLikeDeadLetterQueue(name: string): boolean {
  return NAME_RULE.test(name);
}

export function deadLetterQueueNames(queues: readonly QueueWithArguments[], bindings: readonly Binding[]): Set<string> {
  const names = new Set<string>();
  const dlxs = new Set<string>();
  for (const queue of queues) {
    if (looksLikeDeadLetterQueue(queue.name)) names.add(queue.name);
    const dlx = queue.arguments.deadLetterExchange;
    if (dlx === undefined) continue;
    const exchange = dlx === '' ? DEFAULT_EXCHANGE : dlx;
    if (exchange === DEFAULT_EXCHANGE) {
      const key = queue.arguments.deadLetterRoutingKey;
      if (key) names.add(key);
    } else {
      dlxs.add(exchange);
    }
  }
  for (const binding of bindings) {
    if (binding.destinationType === 'queue' && dlxs.has(binding.source)) names.add(binding.destination);
  }
  return names;
}

export interface DepthSample {
  name: string;
  messagesReady: number;
  rates: { publish: number };
}

export interface GrowingQueue {
  name: string;
  messagesReady: number;
  /** Ready messages gained since the earlier sample. */
  growth: number;
  /** Messages arriving per second now. */
  inflowPerSec: number;
}

/**
 * The dead-letter queues whose ready count went up since `earlier` (a sample a while ago), or that are receiving
 * messages right now; biggest growth first.
 */
export function growingDeadLetterQueues(
  deadLetterQueues: ReadonlySet<string>,
  now: readonly DepthSample[],
  earlier: ReadonlyMap<string, number>,
): GrowingQueue[] {
  return now
    .filter((queue) => deadLetterQueues.has(queue.name))
    .map((queue) => ({
      name: queue.name,
      messagesReady: queue.messagesReady,
      growth: queue.messagesReady - (earlier.get(queue.name) ?? queue.messagesReady),
      inflowPerSec: queue.rates.publish,
    }))
    .filter((queue) => queue.growth > 0 || queue.inflowPerSec > 0)
    .sort((a, b) => b.growth - a.growth || b.inflowPerSec - a.inflowPerSec || (a.name < b.name ? -1 : 1));
}
