/** @module Checks and compares queue and exchange settings, so redeclaring finds "identical" or "different" the same way everywhere. */
import { EngineError } from './errors';
import type { QueueArguments } from './types';
import { sameValue } from './routing/binding-id';
import type { FieldValue } from './types';

const OVERFLOW = ['drop-head', 'reject-publish', 'reject-publish-dlx'];

function nonNegativeInteger(args: QueueArguments, key: keyof QueueArguments, min = 0, max = Number.MAX_SAFE_INTEGER): void {
  const value = args[key];
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new EngineError('bad_request', `${key} must be an integer from ${min} to ${max}`, { field: key, value });
  }
}

/** Drops undefined keys and rejects values RabbitMQ would refuse. */
export function normalizeQueueArguments(args: QueueArguments = {}): QueueArguments {
  const clean = Object.fromEntries(Object.entries(args).filter(([, value]) => value !== undefined)) as QueueArguments;
  nonNegativeInteger(clean, 'messageTtlMs');
  nonNegativeInteger(clean, 'expiresMs', 1);
  nonNegativeInteger(clean, 'maxLength');
  nonNegativeInteger(clean, 'maxLengthBytes');
  nonNegativeInteger(clean, 'maxPriority', 1, 255);
  nonNegativeInteger(clean, 'deliveryLimit', 1);
  if (clean.overflow !== undefined && !OVERFLOW.includes(clean.overflow)) {
    throw new EngineError('bad_request', `overflow must be one of ${OVERFLOW.join(', ')}`, { field: 'overflow' });
  }
  for (const key of ['deadLetterExchange', 'deadLetterRoutingKey'] as const) {
    if (clean[key] !== undefined && typeof clean[key] !== 'string') throw new EngineError('bad_request', `${key} must be a string`);
  }
  if (clean.deadLetterExchange === 'amq.default') clean.deadLetterExchange = '';
  return clean;
}

export function sameSettings<T extends object>(a: T, b: T): boolean {
  return sameValue(a as unknown as FieldValue, b as unknown as FieldValue);
}

export function validateEntityName(name: string, what: string): void {
  if (name.length > 255) throw new EngineError('bad_request', `${what} name is longer than 255 characters`);
}
