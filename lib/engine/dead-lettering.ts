/** @module Dead-lettering: sending a dead message on through its queue's dead-letter exchange. */
import { isDeathCycle, planDeadLetter } from './dead-letter';
import type { EngineState } from './engine-state';
import { newCopy } from './publishing';
import type { Queue } from './queue/queue';
import type { DeathReason, QueuedMessage } from './types';

/** Sends a dead message to its queue's dead-letter exchange; with none (or none existing now) it is dropped. */
export function deadLetter(state: EngineState, queue: Queue, message: QueuedMessage, reason: DeathReason): void {
  const { deadLetterExchange } = queue.info.arguments;
  if (deadLetterExchange === undefined) return;
  const exchange = state.topology.findExchange(deadLetterExchange);
  if (!exchange) return;
  const now = state.clock.now();
  const plan = planDeadLetter(message, queue.name, queue.info.arguments, reason, now);
  const route = state.topology.route(exchange.name, plan.routingKeys, plan.properties.headers);
  for (const target of route.queues) {
    if (isDeathCycle(target, plan.deaths)) continue;
    const targetQueue = state.queues.get(target)!;
    const copy = newCopy(state, targetQueue, {
      messageId: message.messageId,
      exchange: exchange.name,
      routingKeys: plan.routingKeys,
      payload: message.payload,
      properties: plan.properties,
      publishedAt: now,
    });
    targetQueue.enqueue(copy);
  }
}
