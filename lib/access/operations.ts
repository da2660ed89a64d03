/**
 * @module Which permissions each operation needs, as RabbitMQ's rabbit_channel decides them, and Switchboard's own
 * operations mapped onto the same rules. Both doors (HTTP, AMQP) build their checks here, never by themselves.
 */
import type { PermissionNeed, ResourceKind } from './types';

const need = (permission: PermissionNeed['permission'], kind: ResourceKind, name: string): PermissionNeed => ({ permission, kind, name });

/** queue.declare (not passive): configure on the queue; with a dead-letter exchange also read on the queue and write on it. */
export function declareQueueNeeds(queue: string, deadLetterExchange?: string): PermissionNeed[] {
  const needs = [need('configure', 'queue', queue)];
  if (deadLetterExchange !== undefined) needs.push(need('read', 'queue', queue), need('write', 'exchange', deadLetterExchange));
  return needs;
}

/** exchange.declare (not passive): configure on it; with an alternate exchange also read on it and write on that one. */
export function declareExchangeNeeds(exchange: string, alternateExchange?: string): PermissionNeed[] {
  const needs = [need('configure', 'exchange', exchange)];
  if (alternateExchange !== undefined) needs.push(need('read', 'exchange', exchange), need('write', 'exchange', alternateExchange));
  return needs;
}

export const deleteQueueNeeds = (queue: string) => [need('configure', 'queue', queue)];
export const deleteExchangeNeeds = (exchange: string) => [need('configure', 'exchange', exchange)];

/** queue.bind, exchange.bind and their unbinds: write on the destination, read on the source. */
export function bindNeeds(source: string, destinationKind: ResourceKind, destination: string): PermissionNeed[] {
  return [need('write', destinationKind, destination), need('read', 'exchange', source)];
}

/** basic.publish: write on the exchange (the default exchange is `amq.default` to permissions). */
export const publishNeeds = (exchange: string) => [need('write', 'exchange', exchange)];

/** basic.consume, basic.get, queue.purge, and browsing payloads: read on the queue. */
export const readQueueNeeds = (queue: string) => [need('read', 'queue', queue)];

/** Where a message moved by Switchboard goes: a queue (through the default exchange) or an exchange. */
export type MoveDestination = { queue: string } | { exchange: string };

/**
 * Moving, requeueing or replaying messages: read on the source queue and write on the destination, a queue named
 * directly or an exchange (a requeue's destination is its own queue).
 */
export function moveNeeds(sourceQueue: string, destination: MoveDestination): PermissionNeed[] {
  const target = 'queue' in destination ? need('write', 'queue', destination.queue) : need('write', 'exchange', destination.exchange);
  return [need('read', 'queue', sourceQueue), target];
}
