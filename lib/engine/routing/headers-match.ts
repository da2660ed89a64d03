/**
 * @module Headers exchange matching (SEMANTICS §1.1, RabbitMQ's
 * rabbit_exchange_type_headers). The routing key plays no part.
 *
 * - `x-match` is `all` (the default when absent), `any`, `all-with-x` or
 *   `any-with-x`; anything else is rejected at bind time.
 * - `all` / `any`: binding arguments whose key starts with `x-` (case-sensitive)
 *   are not evaluated, so message headers starting with `x-` can never match.
 *   `all-with-x` / `any-with-x`: only `x-match` itself is skipped.
 * - An argument whose value is `null` (AMQP void) tests that the header key is
 *   present, whatever its value; any other value must equal the header value.
 * - `all`: every evaluated argument matches (no evaluated arguments → every
 *   message matches). `any`: at least one matches (none evaluated → no match).
 *
 * Equality is strict JSON equality with no coercion: `"1"` ≠ `1`, `true` ≠ `1`,
 * `0` ≠ `false`, `null` only equals `null`. Arrays compare element by element in
 * order; objects compare by key set and values, independent of key order.
 * Inside arrays/objects `null` is an ordinary value, not a presence test.
 *
 * Note on numbers: AMQP field tables distinguish integer and floating-point
 * types (RabbitMQ treats `1` and `1.0` as different field types), but JSON
 * cannot: `1` and `1.0` parse to the same JavaScript number, so they are equal
 * here. Only the numeric value is compared.
 */

import type { FieldTable, FieldValue } from '../types';

export type XMatch = 'all' | 'any' | 'all-with-x' | 'any-with-x';

const X_MATCH = 'x-match';
const X_MATCH_VALUES: readonly string[] = ['all', 'any', 'all-with-x', 'any-with-x'];

const hasOwn = (table: object, key: string): boolean => Object.prototype.hasOwnProperty.call(table, key);

function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Returns an error message when the binding arguments are invalid for a headers exchange (x-match not a string or not one of the four), else undefined. */
export function validateHeadersBindingArguments(args: FieldTable): string | undefined {
  if (!hasOwn(args, X_MATCH)) return undefined;
  const value: unknown = args[X_MATCH];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    return `Invalid x-match field type ${jsonTypeName(value)} (value ${JSON.stringify(value)}); expected string`;
  }
  if (!X_MATCH_VALUES.includes(value)) {
    return `Invalid x-match field value ${JSON.stringify(value)}; expected all, any, all-with-x, or any-with-x`;
  }
  return undefined;
}

/** The effective x-match mode. Like RabbitMQ, an invalid value (which validation rejects at bind time) falls back to `all`. */
function xMatchOf(args: FieldTable): XMatch {
  const value: unknown = hasOwn(args, X_MATCH) ? args[X_MATCH] : undefined;
  return typeof value === 'string' && X_MATCH_VALUES.includes(value) ? (value as XMatch) : 'all';
}

/** Strict deep equality over JSON values: no coercion, arrays ordered, objects unordered. */
function fieldValuesEqual(a: FieldValue, b: FieldValue): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const aIsArray = Array.isArray(a);
  if (aIsArray !== Array.isArray(b)) return false;
  if (aIsArray) {
    const bArr = b as FieldValue[];
    if (a.length !== bArr.length) return false;
    for (let i = 0; i < a.length; i++) {
      if (!fieldValuesEqual(a[i], bArr[i])) return false;
    }
    return true;
  }
  const aObj = a as { [key: string]: FieldValue };
  const bObj = b as { [key: string]: FieldValue };
  const aKeys = Object.keys(aObj);
  if (aKeys.length !== Object.keys(bObj).length) return false;
  for (const key of aKeys) {
    if (!hasOwn(bObj, key) || !fieldValuesEqual(aObj[key], bObj[key])) return false;
  }
  return true;
}

/** True when message headers match the binding arguments (x-match default 'all'; x- keys rules; null = presence test; strict JSON value equality with deep equality for arrays/objects, no coercion: "1" != 1). */
export function headersMatch(bindingArguments: FieldTable, headers: FieldTable | undefined): boolean {
  const mode = xMatchOf(bindingArguments);
  const wantAll = mode === 'all' || mode === 'all-with-x';
  const withX = mode === 'all-with-x' || mode === 'any-with-x';

  for (const key of Object.keys(bindingArguments)) {
    if (key === X_MATCH) continue;
    if (!withX && key.startsWith('x-')) continue;

    const expected = bindingArguments[key];
    // A header explicitly set to `undefined` (not JSON) is treated as absent.
    const present = headers !== undefined && hasOwn(headers, key) && headers[key] !== undefined;
    const matched = present && (expected === null || fieldValuesEqual(expected, headers[key]));

    if (wantAll && !matched) return false;
    if (!wantAll && matched) return true;
  }
  // all: nothing failed (vacuously true when nothing was evaluated);
  // any: nothing matched (false when nothing was evaluated).
  return wantAll;
}
