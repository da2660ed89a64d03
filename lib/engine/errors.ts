/** @module Engine errors: values with a code that adapters map to HTTP statuses and AMQP reply codes. */

export type EngineErrorCode =
  | 'bad_request'
  /** No valid credentials (lib/access). */
  | 'unauthorized'
  | 'not_found'
  | 'forbidden'
  | 'precondition_failed'
  | 'resource_locked'
  | 'payload_too_large'
  | 'queue_full'
  /** Too many failed logins (lib/access): `details.retryAfterMs` says when to try again. */
  | 'too_many_requests'
  | 'unavailable'
  /** The broker behind the request (an attached RabbitMQ cluster) cannot do this: `details.reason` says why. */
  | 'not_supported';

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

export function isEngineError(value: unknown): value is EngineError {
  return value instanceof EngineError;
}

/** `details.kind` and `details.name` let adapters word it their way (AMQP: "no queue 'q' in vhost '/'"). */
export const notFound = (what: string, name: string) =>
  new EngineError('not_found', `${what} '${name}' does not exist`, { kind: what, name });
