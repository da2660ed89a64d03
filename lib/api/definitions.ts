/** @module Topology in RabbitMQ's definitions format: the mapping both ways and the export. Pure. */
import { queueArgumentsToRabbit, type BindingInfo, type BindingSpec, type ExchangeInfo, type FieldTable, type QueueInfo } from '@/lib/engine';
import { isBuiltinExchange } from './schemas/common';
import type { BindingDefinition, DefinitionsExport, ExchangeDefinition, QueueDefinition } from './schemas/definitions';

export interface TopologySnapshot {
  exchanges: readonly ExchangeInfo[];
  queues: readonly QueueInfo[];
  bindings: readonly BindingInfo[];
}

const VHOST = '/';

export { queueArgumentsFromRabbit, queueArgumentsToRabbit } from '@/lib/engine';

export function queueToDefinition(queue: QueueInfo): QueueDefinition {
  return {
    name: queue.name,
    vhost: VHOST,
    durable: queue.durable,
    auto_delete: queue.autoDelete,
    arguments: queueArgumentsToRabbit(queue.arguments),
  };
}

export function exchangeToDefinition(exchange: ExchangeInfo): ExchangeDefinition {
  const args: FieldTable = { ...exchange.arguments };
  if (exchange.alternateExchange !== undefined) args['alternate-exchange'] = exchange.alternateExchange;
  return {
    name: exchange.name,
    vhost: VHOST,
    type: exchange.type,
    durable: exchange.durable,
    auto_delete: exchange.autoDelete,
    internal: exchange.internal,
    arguments: args,
  };
}

export function bindingToDefinition(binding: BindingSpec): BindingDefinition {
  return {
    source: binding.source,
    vhost: VHOST,
    destination: binding.destination,
    destination_type: binding.destinationType,
    routing_key: binding.routingKey,
    arguments: binding.arguments,
  };
}

/** What an export holds: built-in exchanges, exclusive queues and the default exchange's bindings are left out. */
export function exportable(topology: TopologySnapshot): TopologySnapshot {
  const exclusive = new Set(topology.queues.filter((q) => q.exclusiveOwner !== undefined).map((q) => q.name));
  return {
    exchanges: topology.exchanges.filter((e) => !isBuiltinExchange(e.name) && !e.name.startsWith('amq.')),
    queues: topology.queues.filter((q) => !exclusive.has(q.name)),
    bindings: topology.bindings.filter(
      (b) => b.source !== '' && !(b.destinationType === 'queue' && exclusive.has(b.destination)),
    ),
  };
}

export function exportDefinitions(topology: TopologySnapshot, version: string): DefinitionsExport {
  const shown = exportable(topology);
  return {
    product_name: 'Switchboard',
    product_version: version,
    vhosts: [{ name: VHOST }],
    queues: shown.queues.map(queueToDefinition),
    exchanges: shown.exchanges.map(exchangeToDefinition),
    bindings: shown.bindings.map(bindingToDefinition),
  };
}
