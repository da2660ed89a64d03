/** @module Relocation: moving a ready message out of its queue into other queues, in one turn (so one commit). */
import type { MoveTarget } from './broker-types';
import { normalizeExchangeName } from './built-in-exchanges';
import { assertWritable, requireQueue, type EngineState } from './engine-state';
import { EngineError } from './errors';
import { messageBytes } from './message-limits';
import { newCopy } from './publishing';
import type { Queue } from './queue/queue';
import type { FieldTable, MessageProperties, QueuedMessage } from './types';

/** The queues a relocated message goes to, and the exchange and routing keys its copies carry. */
export interface Destination {
  queues: Queue[];
  exchange: string;
  routingKeys: string[];
}

/** Where routing through `exchangeName` sends a message; throws when the exchange is internal or routes nothing. */
export function routeDestination(state: EngineState, exchangeName: string, routingKeys: string[], headers: FieldTable | undefined): Destination {
  const exchange = state.topology.getExchange(normalizeExchangeName(exchangeName));
  if (exchange.internal) throw new EngineError('forbidden', `exchange '${exchangeName}' is internal`);
  const route = state.topology.route(exchange.name, routingKeys, headers);
  if (route.queues.size === 0) throw new EngineError('precondition_failed', `exchange '${exchangeName}' routes nothing for '${routingKeys.join(', ')}'`);
  return { queues: [...route.queues].map((name) => state.queues.get(name)!), exchange: exchange.name, routingKeys };
}

/** Where a move sends a message: the queues and the exchange and routing keys its copy carries. */
export function moveDestination(state: EngineState, message: QueuedMessage, to: MoveTarget): Destination {
  if ('queue' in to) return { queues: [requireQueue(state, to.queue)], exchange: message.exchange, routingKeys: message.routingKeys };
  return routeDestination(state, to.exchange, [to.routingKey], message.properties.headers);
}

/**
 * Moves a ready message out of `source` into every destination queue that accepts it, in one turn (so one commit).
 * Answers the queues that got a copy, or undefined when the message is no longer ready in `source`.
 */
export function relocate(state: EngineState, source: Queue, message: QueuedMessage, to: Destination, properties: Partial<MessageProperties>): string[] | undefined {
  // Nothing moves while the store refuses writes; a move whose commit fails is undone (see ready-rollback).
  assertWritable(state.persistence);
  const accepting = to.queues.filter((queue) => !queue.refuses(messageBytes(message)));
  if (accepting.length === 0) throw new EngineError('queue_full', `every destination of message '${message.messageId}' is full`);
  if (!source.takeReady(message)) return undefined;
  const now = state.clock.now();
  for (const queue of accepting) {
    const copy = newCopy(state, queue, {
      messageId: message.messageId,
      exchange: to.exchange,
      routingKeys: to.routingKeys,
      payload: message.payload,
      properties: { ...message.properties, ...properties },
      publishedAt: now,
    });
    queue.enqueue(copy);
  }
  return accepting.map((queue) => queue.name);
}
