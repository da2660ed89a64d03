/** @module RabbitMQ's `x-*` queue arguments and the engine's QueueArguments, one for one: used by AMQP declares and definitions files. */
import { normalizeExchangeName } from './built-in-exchanges';
import type { FieldTable, FieldValue, QueueArguments } from './types';

export const RABBIT_QUEUE_ARGUMENTS = [
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

const known = new Map<string, keyof QueueArguments>(RABBIT_QUEUE_ARGUMENTS);

export function queueArgumentsToRabbit(args: QueueArguments): FieldTable {
  const table: FieldTable = {};
  for (const [rabbit, ours] of RABBIT_QUEUE_ARGUMENTS) {
    const value = args[ours];
    if (value !== undefined) table[rabbit] = value;
  }
  return table;
}

/**
 * The engine's arguments from RabbitMQ's; values are passed on as they are, for the engine to validate.
 * What has no equivalent is listed in `ignored` (`x-queue-type: classic` is what every queue here is).
 */
export function queueArgumentsFromRabbit(table: Record<string, FieldValue | undefined>): { arguments: QueueArguments; ignored: string[] } {
  const args: Record<string, FieldValue> = {};
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(table)) {
    if (value === undefined) continue;
    const ours = known.get(key);
    if (ours === 'deliveryLimit' && typeof value === 'number' && value < 0) continue; // -1: unlimited
    if (ours === 'deadLetterExchange' && typeof value === 'string') args[ours] = normalizeExchangeName(value);
    else if (ours) args[ours] = value;
    else if (!(key === 'x-queue-type' && value === 'classic')) ignored.push(key);
  }
  return { arguments: args as QueueArguments, ignored };
}
