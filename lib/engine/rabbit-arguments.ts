/** @module RabbitMQ's `x-*` queue arguments and the engine's QueueArguments, one for one: used by AMQP declares and definitions files. */
import { normalizeExchangeName } from './built-in-exchanges';
import { QUEUE_ARGUMENT_RULES, QUORUM_UNSUPPORTED_RABBIT } from './queue-arguments';
import { ruleError } from './rule-errors';
import type { FieldTable, FieldValue, QueueArguments } from './types';

/** RabbitMQ's key and the engine's, for every argument the engine knows (from the one rule table). */
export const RABBIT_QUEUE_ARGUMENTS = (Object.keys(QUEUE_ARGUMENT_RULES) as (keyof QueueArguments)[]).map(
  (ours) => [QUEUE_ARGUMENT_RULES[ours].argument, ours] as const,
);

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
 * The engine's arguments from RabbitMQ's; values are passed on as they are, for the engine to validate (an unknown
 * `x-queue-type` included). What has no equivalent is listed in `ignored`, except what a quorum queue refuses
 * (`x-queue-mode`...): that is refused here with RabbitMQ's words, never dropped.
 */
export function queueArgumentsFromRabbit(table: Record<string, FieldValue | undefined>, queueName = ''): { arguments: QueueArguments; ignored: string[] } {
  const args: Record<string, FieldValue> = {};
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(table)) {
    if (value === undefined) continue;
    const ours = known.get(key);
    if (ours === 'deliveryLimit' && typeof value === 'number' && value < 0) continue; // -1: unlimited
    if (ours === 'deadLetterExchange' && typeof value === 'string') args[ours] = normalizeExchangeName(value);
    else if (ours) args[ours] = value;
    else ignored.push(key);
  }
  // RabbitMQ's -1 ("unlimited") matters only where there is a default to lift: a quorum queue's 20.
  const limit = table['x-delivery-limit'];
  if (args.queueType === 'quorum' && typeof limit === 'number' && limit < 0) args.deliveryLimit = limit;
  if (args.queueType === 'quorum') {
    const refused = ignored.find((key) => (QUORUM_UNSUPPORTED_RABBIT as readonly string[]).includes(key));
    if (refused) {
      throw ruleError({ rule: 'invalid_arg', kind: 'queue', name: queueName, field: refused, argument: refused, reason: 'unsupported', queueType: 'quorum' });
    }
  }
  return { arguments: args as QueueArguments, ignored };
}

/**
 * exchange.declare's and a definitions file's exchange arguments: `alternate-exchange` is a setting of its own (a
 * name, `amq.default` meaning the default exchange); the rest is kept as given, as RabbitMQ keeps unknown arguments.
 */
export function exchangeArgumentsFromRabbit(
  table: Record<string, FieldValue | undefined>,
  exchangeName = '',
): { arguments: FieldTable; alternateExchange?: string } {
  const { 'alternate-exchange': alternate, ...rest } = table;
  const args = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)) as FieldTable;
  if (alternate === undefined) return { arguments: args };
  if (typeof alternate !== 'string') {
    throw ruleError({ rule: 'invalid_arg', kind: 'exchange', name: exchangeName, field: 'alternateExchange', argument: 'alternate-exchange', reason: `"expected string, got ${typeof alternate}"` });
  }
  return { arguments: args, alternateExchange: normalizeExchangeName(alternate) };
}
