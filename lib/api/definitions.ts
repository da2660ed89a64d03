/** @module Definitions in RabbitMQ's format: topology mapped both ways, per vhost; the whole node's export and one vhost's. Pure. */
import { queueArgumentsToRabbit, type BindingInfo, type BindingSpec, type ExchangeInfo, type FieldTable, type QueueInfo } from '@/lib/engine';
import { exportAccess, type AccessSnapshot, type ExportTarget } from './definitions-access';
import { isBuiltinExchange } from './schemas/common';
import type { BindingDefinition, DefinitionsExport, ExchangeDefinition, QueueDefinition, VhostDefinitionsExport } from './schemas/definitions';

export interface TopologySnapshot {
  exchanges: readonly ExchangeInfo[];
  queues: readonly QueueInfo[];
  bindings: readonly BindingInfo[];
}

/** The whole node: users, vhosts and permissions, and each running vhost's topology. */
export interface NodeSnapshot extends AccessSnapshot {
  topology: ReadonlyMap<string, TopologySnapshot>;
}

/**
 * The RabbitMQ release whose definitions format we write (users' tags as a list, vhosts' `metadata`), checked against
 * a real export of it (e2e/fixtures/rabbitmq-definitions.json). RabbitMQ reads it to pick defaults for old files.
 */
export const RABBIT_FORMAT_VERSION = '3.10.8';

export { queueArgumentsFromRabbit, queueArgumentsToRabbit } from '@/lib/engine';

export function queueToDefinition(queue: QueueInfo, vhost: string): QueueDefinition {
  return {
    name: queue.name,
    vhost,
    durable: queue.durable,
    auto_delete: queue.autoDelete,
    arguments: queueArgumentsToRabbit(queue.arguments),
  };
}

export function exchangeToDefinition(exchange: ExchangeInfo, vhost: string): ExchangeDefinition {
  const args: FieldTable = { ...exchange.arguments };
  if (exchange.alternateExchange !== undefined) args['alternate-exchange'] = exchange.alternateExchange;
  return {
    name: exchange.name,
    vhost,
    type: exchange.type,
    durable: exchange.durable,
    auto_delete: exchange.autoDelete,
    internal: exchange.internal,
    arguments: args,
  };
}

export function bindingToDefinition(binding: BindingSpec, vhost: string): BindingDefinition {
  return {
    source: binding.source,
    vhost,
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

/** A vhost's exchanges, queues and bindings as definitions, each naming the vhost. */
export function topologyDefinitions(topology: TopologySnapshot, vhost: string): Pick<VhostDefinitionsExport, 'queues' | 'exchanges' | 'bindings'> {
  const shown = exportable(topology);
  return {
    queues: shown.queues.map((q) => queueToDefinition(q, vhost)),
    exchanges: shown.exchanges.map((e) => exchangeToDefinition(e, vhost)),
    bindings: shown.bindings.map((b) => bindingToDefinition(b, vhost)),
  };
}

/** The head of every export: RabbitMQ's version fields, and ours. */
export function exportHeader(version: string) {
  return { rabbit_version: RABBIT_FORMAT_VERSION, rabbitmq_version: RABBIT_FORMAT_VERSION, product_name: 'Switchboard', product_version: version };
}

/** One vhost's topology, as RabbitMQ's per-vhost export (its entries keep their `vhost`; a per-vhost import ignores it). */
export function exportVhostDefinitions(topology: TopologySnapshot, vhost: string, version: string): VhostDefinitionsExport {
  return { ...exportHeader(version), ...topologyDefinitions(topology, vhost) };
}

/** RabbitMQ's classic queues refuse `x-delivery-limit` (its quorum queues alone have one), failing the whole import. */
function withoutDeliveryLimit(queue: QueueDefinition): QueueDefinition {
  if (queue.arguments['x-queue-type'] === 'quorum') return queue;
  const { 'x-delivery-limit': _refused, ...rest } = queue.arguments;
  return { ...queue, arguments: rest };
}

/**
 * The whole node, as RabbitMQ's GET /api/definitions. For RabbitMQ, without what it cannot take: the hashes only
 * Switchboard can check, and queues' delivery limits.
 */
export function exportDefinitions(node: NodeSnapshot, version: string, target: ExportTarget = 'switchboard'): DefinitionsExport {
  const topology = node.vhosts.flatMap((vhost) => {
    const snapshot = node.topology.get(vhost.name);
    return snapshot ? [topologyDefinitions(snapshot, vhost.name)] : [];
  });
  const queues = topology.flatMap((t) => t.queues);
  return {
    ...exportHeader(version),
    ...exportAccess(node, target),
    queues: target === 'rabbitmq' ? queues.map(withoutDeliveryLimit) : queues,
    exchanges: topology.flatMap((t) => t.exchanges),
    bindings: topology.flatMap((t) => t.bindings),
  };
}
