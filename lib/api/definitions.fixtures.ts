/** @module A small broker topology for the definitions tests: built-ins, a topic exchange with an alternate, queues, bindings. */
import type { BindingInfo, ExchangeInfo, QueueInfo } from '@/lib/engine';
import type { TopologySnapshot } from './definitions';

export const exchange = (name: string, type: ExchangeInfo['type'] = 'direct', extra: Partial<ExchangeInfo> = {}): ExchangeInfo => ({
  name,
  type,
  durable: true,
  autoDelete: false,
  internal: false,
  arguments: {},
  ...extra,
});
export const queue = (name: string, extra: Partial<QueueInfo> = {}): QueueInfo => ({ name, durable: true, autoDelete: false, arguments: {}, ...extra });
export const binding = (source: string, destination: string, routingKey = '', extra: Partial<BindingInfo> = {}): BindingInfo => ({
  id: `${source}>${destination}:${routingKey}`,
  source,
  destination,
  destinationType: 'queue',
  routingKey,
  arguments: {},
  ...extra,
});

export const builtins = [exchange(''), exchange('amq.direct'), exchange('amq.fanout', 'fanout'), exchange('amq.topic', 'topic'), exchange('amq.headers', 'headers')];

export function broker(): TopologySnapshot {
  return {
    exchanges: [...builtins, exchange('orders', 'topic', { alternateExchange: 'unrouted' }), exchange('unrouted', 'fanout')],
    queues: [
      queue('orders.created', { arguments: { messageTtlMs: 60_000, deadLetterExchange: '', deadLetterRoutingKey: 'orders.dlq', maxPriority: 5 } }),
      queue('orders.dlq'),
      queue('amq.gen-1', { exclusiveOwner: 'conn-1', durable: false }),
    ],
    bindings: [
      binding('', 'orders.created', 'orders.created'),
      binding('', 'orders.dlq', 'orders.dlq'),
      binding('orders', 'orders.created', 'order.created.#'),
      binding('amq.fanout', 'amq.gen-1'),
    ],
  };
}
