/** @module Builds topologies in the API's shapes, for tests and for the routing layout benchmark. */
import type { Binding, Exchange, ExchangeType, Queue } from '@/lib/client/types';
import type { TopologyData } from './routing-graph';

const rates = { publish: 0, deliver: 0, ack: 0, redeliver: 0, deadLetter: 0 };

export function exchangeOf(name: string, type: ExchangeType = 'direct', extra: Partial<Exchange> = {}): Exchange {
  return { name, type, durable: true, autoDelete: false, internal: false, arguments: {}, ...extra };
}

export function queueOf(name: string, extra: Partial<Queue> = {}): Queue {
  return {
    name,
    durable: true,
    autoDelete: false,
    exclusive: false,
    type: 'classic',
    arguments: {},
    messagesReady: 0,
    messagesUnacked: 0,
    messages: 0,
    bytesReady: 0,
    consumers: 0,
    oldestReadyAgeMs: null,
    rates,
    ...extra,
  };
}

export function bindingOf(source: string, destination: string, routingKey = '', extra: Partial<Binding> = {}): Binding {
  const destinationType = extra.destinationType ?? 'queue';
  return { id: `b:${source}>${destinationType}:${destination}:${routingKey}`, source, destination, destinationType, routingKey, arguments: {}, ...extra };
}

/**
 * `exchanges` exchanges in a few tiers (exchange-to-exchange bindings between tiers), `queues` queues, and about
 * `bindings` bindings spread over them, deterministic for a given size.
 */
export function sampleTopology(exchanges: number, queues: number, bindings: number): TopologyData {
  const types: ExchangeType[] = ['direct', 'topic', 'fanout', 'headers'];
  const exchangeList = Array.from({ length: Math.max(1, exchanges) }, (_, i) => exchangeOf(`ex-${i}`, types[i % types.length]));
  const queueList = Array.from({ length: queues }, (_, i) => queueOf(`q-${i}`, { messagesReady: i % 7 }));
  const bindingList: Binding[] = [];
  const tiers = 3;
  // Each exchange of a lower tier feeds one of the next tier; the rest of the budget binds exchanges to queues.
  for (let i = 0; i < exchangeList.length; i++) {
    const target = i + Math.ceil(exchangeList.length / tiers);
    if (target < exchangeList.length && i % 2 === 0) {
      bindingList.push(bindingOf(exchangeList[i].name, exchangeList[target].name, `k.${i}`, { destinationType: 'exchange' }));
    }
  }
  for (let i = 0; bindingList.length < bindings; i++) {
    const source = exchangeList[(i * 7) % exchangeList.length];
    const queue = queueList[i % queueList.length];
    bindingList.push(bindingOf(source.name, queue.name, `k.${i}`));
  }
  return { exchanges: exchangeList, queues: queueList, bindings: bindingList };
}
