/**
 * @module A management API failure as the API answers it: the cluster's 404 is a `not_found` of what was asked, its
 * 400 a `bad_request`, a cluster that cannot be reached or that refuses the stored credentials `unavailable`, all
 * naming the cluster, so a console page says what is wrong rather than "internal error".
 */
import { EngineError } from '../engine/errors';
import { ManagementError } from './management-errors';

/** `what` names the object asked for, e.g. `{ kind: 'queue', name: 'orders' }`. */
export function asEngineError(error: unknown, clusterId: string, what?: { kind: string; name: string }): unknown {
  if (!(error instanceof ManagementError)) return error;
  const cluster = { cluster: clusterId };
  switch (error.code) {
    case 'not_found':
      return what
        ? new EngineError('not_found', `${what.kind} '${what.name}' does not exist on the cluster`, { ...what, ...cluster })
        : new EngineError('not_found', error.message, cluster);
    case 'rejected':
      return new EngineError('bad_request', error.message, { ...cluster, ...error.details });
    case 'forbidden':
      return new EngineError('forbidden', `The cluster's user may not do this: ${error.message}`, cluster);
    case 'unauthorized':
      return new EngineError('unavailable', "The cluster refused its stored credentials: change them on the cluster's page", { ...cluster, reason: 'credentials_refused' });
    default:
      return new EngineError('unavailable', `The cluster did not answer: ${error.message}`, { ...cluster, reason: error.code });
  }
}

/** What `lookup` answers, or `fallback` when it answers `not_found`; any other failure is thrown. */
export async function unlessMissing<T, F>(lookup: Promise<T>, fallback: F): Promise<T | F> {
  try {
    return await lookup;
  } catch (error) {
    if (error instanceof EngineError && error.code === 'not_found') return fallback;
    throw error;
  }
}

/** Whether `lookup` finds what it looks for (`not_found`: no); any other failure is thrown. */
export async function exists(lookup: Promise<unknown>): Promise<boolean> {
  return unlessMissing(lookup.then(() => true), false);
}

/** RabbitMQ answers a redeclaration with other settings with 400; the API (and AMQP) call it a failed precondition. */
export function asRedeclaration(mapped: unknown, existed: boolean): unknown {
  return existed && mapped instanceof EngineError && mapped.code === 'bad_request' ? new EngineError('precondition_failed', mapped.message, mapped.details) : mapped;
}
