/**
 * @module Redeclare equivalence, as RabbitMQ's: the same name declared with other settings is refused with the first
 * setting that differs ("inequivalent arg 'durable' for queue 'q' in vhost '/': received 'false' but current is 'true'").
 */
import { QUEUE_ARGUMENT_RULES } from './queue-arguments';
import { ruleError } from './rule-errors';
import { sameValue } from './routing/binding-id';
import type { ExchangeInfo, FieldValue, QueueArguments, QueueInfo } from './types';

type Difference = { field: string; argument: string; received: unknown; current: unknown };

const same = (a: unknown, b: unknown) => sameValue((a ?? null) as FieldValue, (b ?? null) as FieldValue);

function firstDifference(pairs: readonly (readonly [field: string, argument: string, received: unknown, current: unknown])[]): Difference | undefined {
  for (const [field, argument, received, current] of pairs) {
    if (!same(received, current)) return { field, argument, received, current };
  }
  return undefined;
}

/** The queue type is compared first (a classic queue's is absent, normalized away). */
function argumentPairs(wanted: QueueArguments, existing: QueueArguments) {
  const keys = Object.keys(QUEUE_ARGUMENT_RULES) as (keyof QueueArguments)[];
  const ordered = ['queueType' as const, ...keys.filter((key) => key !== 'queueType')];
  return ordered.map((key) => [key, QUEUE_ARGUMENT_RULES[key].argument, wanted[key], existing[key]] as const);
}

/** Refuses (precondition_failed) a redeclare of a queue with other settings than the existing one's. */
export function checkQueueEquivalent(existing: QueueInfo, wanted: QueueInfo): void {
  const difference = firstDifference([
    ['durable', 'durable', wanted.durable, existing.durable],
    ['autoDelete', 'auto_delete', wanted.autoDelete, existing.autoDelete],
    ...argumentPairs(wanted.arguments, existing.arguments),
  ]);
  if (difference) throw ruleError({ rule: 'inequivalent_arg', kind: 'queue', name: existing.name, ...difference });
}

/** Refuses (precondition_failed) a redeclare of an exchange with other settings than the existing one's. */
export function checkExchangeEquivalent(existing: ExchangeInfo, wanted: ExchangeInfo): void {
  const argumentKeys = [...new Set([...Object.keys(existing.arguments), ...Object.keys(wanted.arguments)])].sort();
  const difference = firstDifference([
    ['type', 'type', wanted.type, existing.type],
    ['durable', 'durable', wanted.durable, existing.durable],
    ['autoDelete', 'auto_delete', wanted.autoDelete, existing.autoDelete],
    ['internal', 'internal', wanted.internal, existing.internal],
    ['alternateExchange', 'alternate-exchange', wanted.alternateExchange, existing.alternateExchange],
    ...argumentKeys.map((key) => [`arguments.${key}`, key, wanted.arguments[key], existing.arguments[key]] as const),
  ]);
  if (difference) throw ruleError({ rule: 'inequivalent_arg', kind: 'exchange', name: existing.name, ...difference });
}
