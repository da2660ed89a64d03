/** @module Bindings are identified by what they are, so declaring the same binding twice finds the same id. */
import { createHash } from 'node:crypto';
import type { BindingSpec, FieldValue } from '../types';

function canonical(value: FieldValue | undefined): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical(value[key])]));
  }
  return value;
}

export function bindingId(spec: BindingSpec): string {
  const identity = JSON.stringify([spec.source, spec.destinationType, spec.destination, spec.routingKey, canonical(spec.arguments)]);
  return 'b' + createHash('sha256').update(identity).digest('hex').slice(0, 20);
}

export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
