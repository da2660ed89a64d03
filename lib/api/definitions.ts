/** @module Topology in RabbitMQ's definitions format: the mapping both ways and the export. Pure. */
import type { BindingInfo, BindingSpec, ExchangeInfo, FieldTable, FieldValue, QueueArguments, QueueInfo } from '@/lib/engine';
import { isBuiltinExchange } from './schemas/common';
import type { BindingDefinition, DefinitionsExport, ExchangeDefinition, QueueDefinition } from './schemas/definitions';
import { engineExchangeName } from './serialize';

export interface TopologySnapshot {
  exchanges: readonly ExchangeInfo[];
  queues: readonly QueueInfo[];
  bindings: readonly BindingInfo[];
}

const VHOST = '/';

/** RabbitMQ's queue arguments and ours, one for one. */
const QUEUE_ARGUMENTS = [
  ['x-message-ttl', 'messageTtlMs'],
  ['x-expires', 'expiresMs'],
  ['x-max-length', 'maxLength'],
  ['x-max-length-bytes', 'maxLengthBytes'],
  ['x-overflow', 'overflow'],
  ['x-max-priority', 'maxPriority'],
  ['x-dead-letter-exchange', 'deadLetterExchange'],
  ['x-dead-letter-routing-key', 'deadLetterRoutingKey'],
  ['x-delivery-limit', 'deliveryLimit'],
] as const satisfies readonly (readonly [string, keyof QueueArguments])[];

export function queueArgumentsToRabbit(args: QueueArguments): FieldTable {
  const table: FieldTable = {};
  for (const [rabbit, ours] of QUEUE_ARGUMENTS) {
    const value = args[ours];
    if (value !== undefined) table[rabbit] = value;
  }
  return table;
}

/** Our arguments from RabbitMQ's (already validated); what has no equivalent is listed in `ignored`. */
export function queueArgumentsFromRabbit(table: Record<string, FieldValue | undefined>): { arguments: QueueArguments; ignored: string[] } {
  const args: Record<string, FieldValue> = {};
  const known = new Map<string, keyof QueueArguments>(QUEUE_ARGUMENTS);
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(table)) {
    if (value === undefined) continue;
    const ours = known.get(key);
    if (ours === 'deliveryLimit' && typeof value === 'number' && value < 0) continue; // -1: unlimited
    if (ours === 'deadLetterExchange' && typeof value === 'string') args[ours] = engineExchangeName(value);
    else if (ours) args[ours] = value;
    else if (!(key === 'x-queue-type' && value === 'classic')) ignored.push(key);
  }
  return { arguments: args as QueueArguments, ignored };
}

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
