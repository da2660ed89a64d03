/**
 * @module The refusals of the topology rules (arguments, queue types, redeclare equivalence) as structured details, and
 * the one place that words them: RabbitMQ's texts, with the vhost when the door knows it (AMQP), without it otherwise.
 */
import { EngineError, type EngineErrorCode } from './errors';

export type RuleSubject = { kind: 'queue' | 'exchange'; name: string };

/** A value the client sent is not acceptable for an argument (`field` is the engine's key, `argument` RabbitMQ's). */
export interface InvalidArgDetails extends RuleSubject {
  rule: 'invalid_arg';
  field: string;
  argument: string;
  /** What is wrong, as RabbitMQ words it after the colon, e.g. `{value_zero,0}`; or, with `queueType`, unsupported there. */
  reason: string;
  /** Set when the argument is fine in general but not for this queue type. */
  queueType?: string;
}

/** A property (durable, exclusive, auto-delete) this queue type cannot have. */
export interface InvalidPropertyDetails extends RuleSubject {
  rule: 'invalid_property';
  property: 'non-durable' | 'exclusive-owner' | 'auto-delete';
  queueType: string;
}

/** Redeclared with a setting other than the existing entity's. */
export interface InequivalentArgDetails extends RuleSubject {
  rule: 'inequivalent_arg';
  field: string;
  argument: string;
  received: unknown;
  current: unknown;
}

export type RuleDetails = InvalidArgDetails | InvalidPropertyDetails | InequivalentArgDetails;

/** RabbitMQ's module names of queue types, as its "of queue type ..." texts show them. */
const RABBIT_TYPE_MODULE: Record<string, string> = { classic: 'rabbit_classic_queue', quorum: 'rabbit_quorum_queue', stream: 'rabbit_stream_queue' };

/**
 * RabbitMQ's way of showing a value in an "inequivalent arg" text: settings (`durable`, `type`) plainly (`'false'`),
 * table arguments with their AMQP type (`the value '5' of type 'long'`; the engine keeps no wire type, so integers
 * are `long`), an absent one as `none`. `x-queue-type` given on both sides is shown plainly, as RabbitMQ does.
 */
function shown(value: unknown, argument: string, plain: boolean): string {
  if (value === undefined) return 'none';
  const table = !plain && (argument.startsWith('x-') || argument === 'alternate-exchange');
  if (!table) return `'${String(value)}'`;
  if (typeof value === 'string') return `the value '${value}' of type 'longstr'`;
  if (typeof value === 'number') return `the value '${value}' of type '${Number.isInteger(value) ? 'long' : 'double'}'`;
  if (typeof value === 'boolean') return `the value '${value}' of type 'bool'`;
  return `the value '${JSON.stringify(value)}' of type 'table'`;
}

/** The text of a rule's refusal, e.g. "invalid arg 'x-expires' for queue 'q' in vhost '/': {value_zero,0}". */
export function ruleMessage(details: RuleDetails, vhost?: string): string {
  const subject = `${details.kind} '${details.name}'${vhost === undefined ? '' : ` in vhost '${vhost}'`}`;
  switch (details.rule) {
    case 'invalid_arg':
      return details.queueType !== undefined
        ? `invalid arg '${details.argument}' for ${subject} of queue type ${RABBIT_TYPE_MODULE[details.queueType] ?? details.queueType}`
        : `invalid arg '${details.argument}' for ${subject}: ${details.reason}`;
    case 'invalid_property':
      return `invalid property '${details.property}' for ${subject}`;
    case 'inequivalent_arg':
    {
      const plain = details.argument === 'x-queue-type' && details.received !== undefined && details.current !== undefined;
      const received = shown(details.received, details.argument, plain);
      return `inequivalent arg '${details.argument}' for ${subject}: received ${received} but current is ${shown(details.current, details.argument, plain)}`;
    }
  }
}

/** Whether a value is a rule's details (adapters word such errors with their vhost). */
export function isRuleDetails(details: unknown): details is RuleDetails {
  const rule = (details as { rule?: unknown } | undefined)?.rule;
  return rule === 'invalid_arg' || rule === 'invalid_property' || rule === 'inequivalent_arg';
}

/** The refusal itself: `bad_request` for a bad value, `precondition_failed` for the rest (AMQP: 406 either way). */
export function ruleError(details: RuleDetails, code?: EngineErrorCode): EngineError {
  const fallback: EngineErrorCode = details.rule === 'invalid_arg' && details.queueType === undefined ? 'bad_request' : 'precondition_failed';
  return new EngineError(code ?? fallback, ruleMessage(details), details);
}
