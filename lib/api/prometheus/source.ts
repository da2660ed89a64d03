/** @module What the exposition reads of one vhost: live queues by name in order, exchanges, and the retired totals. */
import { EngineError, type Broker, type ExchangeCounters, type QueueCounters, type QueueReading } from '@/lib/engine';
import { apiExchangeName } from '../serialize';

export interface ExchangeFigures extends ExchangeCounters {
  /** As the API names it (`amq.default` for the default exchange). */
  name: string;
}

export interface VhostMetrics {
  vhost: string;
  /** The live queues' names, in exposition order (ascending). */
  queueNames: readonly string[];
  /** One queue's figures, read when written; undefined once it is gone. */
  queue(name: string): QueueReading | undefined;
  /** The live exchanges, in exposition order. */
  exchanges: readonly ExchangeFigures[];
  /** Counters of the queues deleted so far: the `switchboard_global_*` families include them. */
  retiredCounters: Readonly<QueueCounters>;
  /** Every exchange's counters, deleted ones included. */
  exchangeTotals: ExchangeCounters;
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The vhost's broker as an exposition source; `unavailable` when its metrics are turned off. */
export function vhostMetricsOf(vhost: string, broker: Broker): VhostMetrics {
  const metrics = broker.metrics;
  if (!metrics) throw new EngineError('unavailable', 'metrics are turned off');
  const reads = broker.queueReads;
  return {
    vhost,
    queueNames: reads.sortedNames(),
    queue: (name) => reads.read(name),
    exchanges: broker
      .listExchanges()
      .map((exchange) => ({ ...metrics.exchangeCounters(exchange.name), name: apiExchangeName(exchange.name) }))
      .sort(byName),
    retiredCounters: metrics.retiredCounters,
    exchangeTotals: metrics.snapshotExchangeTotals(),
  };
}
