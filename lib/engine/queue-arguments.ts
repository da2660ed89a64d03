/**
 * @module The one validator of queue arguments: a table of rules every door asks (the engine on declare, the HTTP and
 * definitions schemas through `queueArgumentProblems`), and the queue types' rules on top of it.
 */
import { ruleError, type InvalidArgDetails, type InvalidPropertyDetails } from './rule-errors';
import type { QueueArguments } from './types';

export const OVERFLOW_BEHAVIOURS = ['drop-head', 'reject-publish', 'reject-publish-dlx'] as const;

/** The queue types a declare may ask for; `stream` is known (so refused with RabbitMQ's words) but not served. */
export const QUEUE_TYPES = ['classic', 'quorum'] as const;
export type QueueType = (typeof QUEUE_TYPES)[number];

/** RabbitMQ 4's default `x-delivery-limit` of a quorum queue. */
export const QUORUM_DEFAULT_DELIVERY_LIMIT = 20;

/** `unlimited`: a value outside the bounds that means "no limit" (RabbitMQ's -1 for `x-delivery-limit`). */
export type IntegerRule = { type: 'integer'; min: number; max: number; argument: string; unlimited?: number };
export type EnumRule = { type: 'enum'; values: readonly string[]; argument: string };
export type StringRule = { type: 'string'; argument: string };
export type ArgumentRule = IntegerRule | EnumRule | StringRule;

const MAX = Number.MAX_SAFE_INTEGER;

/** Every queue argument with what it accepts, keyed by the engine's (and the HTTP API's) name, with RabbitMQ's. */
export const QUEUE_ARGUMENT_RULES = {
  messageTtlMs: { type: 'integer', min: 0, max: MAX, argument: 'x-message-ttl' },
  expiresMs: { type: 'integer', min: 1, max: MAX, argument: 'x-expires' },
  maxLength: { type: 'integer', min: 0, max: MAX, argument: 'x-max-length' },
  maxLengthBytes: { type: 'integer', min: 0, max: MAX, argument: 'x-max-length-bytes' },
  overflow: { type: 'enum', values: OVERFLOW_BEHAVIOURS, argument: 'x-overflow' },
  maxPriority: { type: 'integer', min: 1, max: 255, argument: 'x-max-priority' },
  deadLetterExchange: { type: 'string', argument: 'x-dead-letter-exchange' },
  deadLetterRoutingKey: { type: 'string', argument: 'x-dead-letter-routing-key' },
  deliveryLimit: { type: 'integer', min: 1, max: MAX, argument: 'x-delivery-limit', unlimited: -1 },
  queueType: { type: 'enum', values: QUEUE_TYPES, argument: 'x-queue-type' },
} as const satisfies Record<keyof QueueArguments, ArgumentRule>;

/**
 * Arguments a quorum queue refuses, as RabbitMQ 3.x refuses them ("invalid arg ... of queue type rabbit_quorum_queue").
 * `x-queue-mode` and other keys the engine does not keep are refused by the AMQP door with the same words.
 */
export const QUORUM_UNSUPPORTED: readonly (keyof QueueArguments)[] = ['maxPriority'];
export const QUORUM_UNSUPPORTED_RABBIT = ['x-max-priority', 'x-queue-mode', 'x-queue-master-locator', 'x-queue-version'] as const;

/** One problem with one argument: its key, RabbitMQ's key, and RabbitMQ's reason. */
export interface ArgumentProblem {
  field: keyof QueueArguments;
  argument: string;
  reason: string;
  message: string;
}

function problemOf(field: keyof QueueArguments, value: unknown): ArgumentProblem | undefined {
  const rule: ArgumentRule = QUEUE_ARGUMENT_RULES[field];
  const at = (reason: string, message: string): ArgumentProblem => ({ field, argument: rule.argument, reason, message });
  switch (rule.type) {
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return at(`"expected integer, got ${typeof value}"`, `${field} must be an integer`);
      if ('unlimited' in rule && value === rule.unlimited) return undefined;
      if (value < rule.min) {
        const reason = value < 0 ? `{value_negative,${value}}` : `{value_zero,${value}}`;
        return at(reason, `${field} must be at least ${rule.min}`);
      }
      if (value > rule.max) return at(`{max_value_exceeded,${value}}`, `${field} must be at most ${rule.max}`);
      return undefined;
    case 'enum':
      if (typeof value !== 'string' || !rule.values.includes(value)) {
        if (field === 'queueType') return at(`"unsupported queue type '${String(value)}'"`, `unsupported queue type '${String(value)}'`);
        return at(`invalid_${field}`, `${field} must be one of ${rule.values.join(', ')}`);
      }
      return undefined;
    case 'string':
      return typeof value === 'string' ? undefined : at(`"expected string, got ${typeof value}"`, `${field} must be a string`);
  }
}

/**
 * Every problem of a set of arguments: unknown keys, bad values, then what the queue type refuses. The HTTP and
 * definitions schemas report these as field issues; the engine throws the first.
 */
export function queueArgumentProblems(args: Record<string, unknown>): (ArgumentProblem & { queueType?: string })[] {
  const problems: (ArgumentProblem & { queueType?: string })[] = [];
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined) continue;
    if (!Object.hasOwn(QUEUE_ARGUMENT_RULES, key)) continue; // the schemas refuse unknown keys themselves
    const problem = problemOf(key as keyof QueueArguments, value);
    if (problem) problems.push(problem);
  }
  if (args.queueType === 'quorum') {
    for (const field of QUORUM_UNSUPPORTED) {
      if (args[field] === undefined) continue;
      const argument = QUEUE_ARGUMENT_RULES[field].argument;
      problems.push({ field, argument, reason: 'unsupported', message: `${field} is not supported by quorum queues`, queueType: 'quorum' });
    }
  }
  return problems;
}

/** The queue a declare is about, for the texts of its refusals. */
export interface DeclaredQueue {
  name: string;
  durable: boolean;
  autoDelete: boolean;
  exclusive: boolean;
}

/** Drops undefined keys and `queueType: classic` (what every queue is unless told otherwise), normalizes `amq.default`. */
export function cleanQueueArguments(args: QueueArguments = {}): QueueArguments {
  const clean = Object.fromEntries(Object.entries(args).filter(([, value]) => value !== undefined)) as QueueArguments;
  if (clean.queueType === 'classic') delete clean.queueType;
  if (clean.deadLetterExchange === 'amq.default') clean.deadLetterExchange = '';
  return clean;
}

/** Cleans the arguments and refuses what RabbitMQ refuses: a bad value (400; AMQP 406), what the type cannot have (406). */
export function normalizeQueueArguments(args: QueueArguments = {}, queue?: DeclaredQueue): QueueArguments {
  const [first] = queueArgumentProblems(args as Record<string, unknown>);
  if (first) {
    const details: InvalidArgDetails = { rule: 'invalid_arg', kind: 'queue', name: queue?.name ?? '', field: first.field, argument: first.argument, reason: first.reason };
    if (first.queueType !== undefined) details.queueType = first.queueType;
    throw ruleError(details);
  }
  return cleanQueueArguments(args);
}

/**
 * A quorum queue is durable, shared and lives until deleted (RabbitMQ checks them in this order, and only for a queue
 * being created: a redeclare is compared with the existing queue first).
 */
export function checkQueueTypeProperties(args: QueueArguments, queue: DeclaredQueue): void {
  if (args.queueType !== 'quorum') return;
  const property: InvalidPropertyDetails['property'] | undefined = !queue.durable
    ? 'non-durable'
    : queue.exclusive
      ? 'exclusive-owner'
      : queue.autoDelete
        ? 'auto-delete'
        : undefined;
  if (property) throw ruleError({ rule: 'invalid_property', kind: 'queue', name: queue.name, property, queueType: 'quorum' });
}

/** The queue's type: `classic` unless declared otherwise. */
export const queueTypeOf = (args: QueueArguments): QueueType => args.queueType ?? 'classic';

/** How many deliveries a message gets before it is dead-lettered: the argument (-1: no limit), else the quorum default. */
export function effectiveDeliveryLimit(args: QueueArguments): number | undefined {
  const limit = args.deliveryLimit ?? (args.queueType === 'quorum' ? QUORUM_DEFAULT_DELIVERY_LIMIT : undefined);
  return limit === QUEUE_ARGUMENT_RULES.deliveryLimit.unlimited ? undefined : limit;
}
