/**
 * @module RabbitMQ's permission patterns: each is an unanchored regular expression searched in the resource name,
 * the empty pattern grants nothing (RabbitMQ reads it as `^$`), and the default exchange is named `amq.default`.
 */
import { EngineError } from '../engine/errors';

const compiled = new Map<string, RegExp>();
const CACHE_LIMIT = 1000;

/** Compiles (and caches) a pattern; `bad_request` naming the field when it is not a valid expression. */
export function compilePattern(pattern: string, field = 'pattern'): RegExp {
  const known = compiled.get(pattern);
  if (known) return known;
  let regex: RegExp;
  try {
    regex = new RegExp(pattern === '' ? '^$' : pattern);
  } catch (error) {
    throw new EngineError('bad_request', `${field} is not a valid regular expression: ${(error as Error).message}`, { field, value: pattern });
  }
  if (compiled.size >= CACHE_LIMIT) compiled.clear();
  compiled.set(pattern, regex);
  return regex;
}

/** The name permissions are checked against: the default exchange `""` is `amq.default` (rabbit_access_control). */
export function permissionName(kind: 'queue' | 'exchange', name: string): string {
  return kind === 'exchange' && name === '' ? 'amq.default' : name;
}

export function patternAllows(pattern: string, name: string): boolean {
  return compilePattern(pattern).test(name);
}
