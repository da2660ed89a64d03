/**
 * @module The one rule for queue and exchange names, as RabbitMQ's: any UTF-8 string of 1–255 bytes; new ones not
 * `amq.*`. One departure: no NUL (U+0000). RabbitMQ takes it, but PostgreSQL's text cannot hold it, and a name must
 * mean the same on either store; no console or CLI can show or type it either.
 */
import { EngineError } from './errors';

/** AMQP carries names as short strings: at most 255 bytes of UTF-8 (not characters). */
export const MAX_NAME_BYTES = 255;

/** The prefix RabbitMQ keeps for its own exchanges and server-named queues. */
export const RESERVED_PREFIX = 'amq.';

export type NameKind = 'queue' | 'exchange';

/** Why a name is refused; `reserved` only for a name being created. */
export type NameProblem = 'empty' | 'too_long' | 'not_utf8' | 'nul' | 'reserved';

/** What a refused name's error carries, so adapters word it without reading the message. */
export interface NameErrorDetails {
  field: 'name';
  kind: NameKind;
  name: string;
  problem: NameProblem;
}

const utf8Bytes = (name: string) => new TextEncoder().encode(name).length;

/** A lone surrogate has no UTF-8 form: it could never be sent over AMQP nor stored as written. */
const wellFormed = (name: string) => !/\p{Surrogate}/u.test(name);

/** Why a name is not a name at all (any door, any use: lookups too), or undefined when it is one. */
export function nameProblem(name: string): Exclude<NameProblem, 'reserved'> | undefined {
  if (name.length === 0) return 'empty';
  if (!wellFormed(name)) return 'not_utf8';
  if (name.includes('\u0000')) return 'nul';
  if (utf8Bytes(name) > MAX_NAME_BYTES) return 'too_long';
  return undefined;
}

/** Names under `amq.` may be used but not created (RabbitMQ: the built-in exchanges and server-named queues). */
export const isReservedName = (name: string) => name.startsWith(RESERVED_PREFIX);

/** The problem of a name about to be created: a name problem, or the reserved prefix. */
export function newNameProblem(name: string): NameProblem | undefined {
  return nameProblem(name) ?? (isReservedName(name) ? 'reserved' : undefined);
}

/** The sentence for a problem; the AMQP door uses RabbitMQ's own wording for `reserved` instead. */
export function describeNameProblem(kind: NameKind, problem: NameProblem): string {
  switch (problem) {
    case 'empty':
      return `${kind} name must not be empty`;
    case 'not_utf8':
      return `${kind} name is not valid UTF-8`;
    case 'nul':
      return `${kind} name must not contain the NUL character (U+0000)`;
    case 'too_long':
      return `${kind} name is longer than ${MAX_NAME_BYTES} bytes of UTF-8`;
    case 'reserved':
      return `${kind} names starting with '${RESERVED_PREFIX}' are reserved`;
  }
}

function nameError(kind: NameKind, name: string, problem: NameProblem): EngineError {
  const details: NameErrorDetails = { field: 'name', kind, name, problem };
  return new EngineError(problem === 'reserved' ? 'forbidden' : 'bad_request', describeNameProblem(kind, problem), details);
}

/** Refuses what is not a name (`bad_request`). */
export function checkName(kind: NameKind, name: string): void {
  const problem = nameProblem(name);
  if (problem) throw nameError(kind, name, problem);
}

/** Refuses a name that may not be created: not a name (`bad_request`) or reserved (`forbidden`, AMQP's 403). */
export function checkNewName(kind: NameKind, name: string): void {
  const problem = newNameProblem(name);
  if (problem) throw nameError(kind, name, problem);
}
