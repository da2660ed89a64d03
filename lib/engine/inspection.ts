/** @module Read-only views for the console: queue stats, the overview, consumers, peeked messages. */
import type { ConsumerInfo, Overview, PeekedMessage } from './broker-types';
import { normalizeExchangeName } from './built-in-exchanges';
import { noRates, type EngineState } from './engine-state';
import { toDelivery, type Queue } from './queue/queue';
import type { ScanOptions } from './queue/ready-scan';
import { DEFAULT_EXCHANGE, defaultBinding } from './routing/topology';
import type { BindingInfo, QueuedMessage, QueueStats } from './types';

export function queueStats(queue: Queue, now: number): QueueStats {
  return { ...queue.stats(), rates: queue.metrics?.rates(now) ?? noRates() };
}

/** Bindings with the default exchange's implicit ones first, filtered by source and destination when given. */
export function listBindings(state: EngineState, filter: { source?: string; destination?: string }): BindingInfo[] {
  const source = filter.source === undefined ? undefined : normalizeExchangeName(filter.source);
  const defaults = [...state.queues.keys()].map(defaultBinding);
  return [...defaults, ...state.topology.allBindings()].filter(
    (b) => (source === undefined || b.source === source) && (filter.destination === undefined || b.destination === filter.destination),
  );
}

export function outgoingBindings(state: EngineState, exchange: string): BindingInfo[] {
  const name = normalizeExchangeName(exchange);
  return name === DEFAULT_EXCHANGE ? [...state.queues.keys()].map(defaultBinding) : state.topology.outgoing(name);
}

export function incomingBindings(state: EngineState, destinationType: 'queue' | 'exchange', name: string): BindingInfo[] {
  const bindings = state.topology.incoming(destinationType, name);
  return destinationType === 'queue' && state.queues.has(name) ? [defaultBinding(name), ...bindings] : bindings;
}

export function overview(state: EngineState): Overview {
  const { queues, topology } = state;
  let consumers = 0;
  let messagesReady = 0;
  let messagesUnacked = 0;
  const now = state.clock.now();
  const rates = noRates();
  // One pass: the live feed asks this every second, whatever the number of queues.
  for (const queue of queues.values()) {
    consumers += queue.consumerCount;
    messagesReady += queue.ready.count;
    messagesUnacked += queue.unacked.size;
    const metrics = queue.metrics;
    // A queue with no event in the rates' window adds nothing: most queues of a big broker, most of the time.
    if (!metrics || metrics.quietFor(now)) continue;
    const r = metrics.rates(now);
    rates.publish += r.publish;
    rates.deliver += r.deliver;
    rates.ack += r.ack;
    rates.redeliver += r.redeliver;
    rates.deadLetter += r.deadLetter;
  }
  const exchangeTotals = state.metrics?.snapshotExchangeTotals() ?? { published: 0, routed: 0, unroutable: 0 };
  return {
    queues: queues.size,
    exchanges: topology.exchanges.size,
    bindings: topology.bindingCount + queues.size,
    consumers,
    messagesReady,
    messagesUnacked,
    rates,
    exchangeTotals,
  };
}

export function listConsumers(queues: Queue[], now: number): ConsumerInfo[] {
  const out: ConsumerInfo[] = [];
  for (const q of queues) {
    for (const c of q.listConsumers()) {
      out.push({
        id: c.id,
        queue: q.name,
        kind: c.options.kind ?? 'sse',
        ...(c.options.connectionId !== undefined ? { connectionId: c.options.connectionId } : {}),
        prefetch: c.options.prefetch,
        priority: c.priority,
        unacked: c.unacked.size,
        deliverRate: c.deliverRate.rate(now),
        ackRate: c.ackRate.rate(now),
        lastActiveAt: c.lastActiveAt,
      });
    }
    const leases = q.leaseHolder;
    if (leases.unacked > 0 || (leases.lastActiveAt > 0 && now - leases.lastActiveAt < 60_000)) {
      out.push({
        id: `lease:${q.name}`,
        queue: q.name,
        kind: 'lease',
        prefetch: 0,
        priority: 0,
        unacked: leases.unacked,
        deliverRate: leases.deliverRate.rate(now),
        ackRate: leases.ackRate.rate(now),
        lastActiveAt: leases.lastActiveAt,
      });
    }
  }
  return out;
}

export interface PeekOptions extends ScanOptions {
  cursor?: string;
  limit: number;
  search?: string;
  /** Only messages published at or after this time (epoch ms). */
  since?: number;
}

/** A page of a browse or search: at most `limit` items, found by reading `scanned` of the queue's `ready` messages. */
export interface PeekResult {
  items: PeekedMessage[];
  nextCursor?: string;
  scanned: number;
  ready: number;
}

/** A page of ready messages (those matching `search`), read in slices that stop when `signal` aborts. */
export async function peekMessages(queue: Queue, options: PeekOptions): Promise<PeekResult> {
  const search = options.search?.toLowerCase();
  const { signal, onProgress, since } = options;
  const recent = since === undefined ? () => true : (m: QueuedMessage) => m.publishedAt >= since;
  const page = await queue.peek(options.cursor, options.limit, search ? (m) => recent(m) && messageMatches(m, search) : recent, { signal, onProgress });
  return {
    scanned: page.scanned,
    ready: queue.ready.count,
    items: page.items.map((message) => {
      const { deliveryTag: _unused, ...rest } = toDelivery(message, '');
      return { ...rest, redelivered: message.deliveryCount > 0 };
    }),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

/** The one rule of a message search, on every broker: `search` (lower case) in its id, routing key, header values or payload text. */
export function messageMatches(message: Pick<QueuedMessage, 'messageId' | 'routingKey' | 'properties' | 'payload'>, search: string): boolean {
  if (message.messageId.toLowerCase().includes(search) || message.routingKey.toLowerCase().includes(search)) return true;
  const headers = message.properties.headers;
  if (headers && JSON.stringify(Object.values(headers)).toLowerCase().includes(search)) return true;
  return message.payload.toString('utf8').toLowerCase().includes(search);
}
