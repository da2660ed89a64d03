/** @module RabbitMQ's permission patterns and tag nesting, as RabbitMQ reads them. */
import { describe, expect, it } from 'vitest';
import { EngineError } from '../engine/errors';
import { compilePattern, patternAllows, permissionName } from './permission-patterns';
import { hasTag, isUserTag } from './tags';

describe('patternAllows', () => {
  it('searches anywhere in the name, as re:run does (no implicit anchors)', () => {
    expect(patternAllows('orders', 'orders')).toBe(true);
    expect(patternAllows('orders', 'my-orders-x')).toBe(true);
    expect(patternAllows('orders', 'order')).toBe(false);
  });

  it('honours anchors the pattern writes itself', () => {
    expect(patternAllows('^orders\\.', 'orders.eu')).toBe(true);
    expect(patternAllows('^orders\\.', 'my-orders.eu')).toBe(false);
    expect(patternAllows('^orders\\.', 'ordersXeu')).toBe(false);
    expect(patternAllows('^(a|b)$', 'b')).toBe(true);
    expect(patternAllows('^(a|b)$', 'ab')).toBe(false);
  });

  it("'' grants nothing but the empty name (RabbitMQ reads it as ^$)", () => {
    expect(patternAllows('', '')).toBe(true);
    for (const name of ['a', 'orders', ' ', 'amq.default']) expect(patternAllows('', name)).toBe(false);
  });

  it("'.*' grants everything, the empty name too", () => {
    for (const name of ['', 'a', 'amq.default', 'x.y.z', 'ünïcödé']) expect(patternAllows('.*', name)).toBe(true);
  });

  it('is case-sensitive', () => {
    expect(patternAllows('^Orders$', 'orders')).toBe(false);
  });
});

describe('permissionName', () => {
  it("checks the default exchange as 'amq.default', and nothing else is renamed", () => {
    expect(permissionName('exchange', '')).toBe('amq.default');
    expect(permissionName('exchange', 'amq.direct')).toBe('amq.direct');
    expect(permissionName('queue', '')).toBe('');
    expect(permissionName('queue', 'orders')).toBe('orders');
  });

  it("so '' does not grant the default exchange but '^amq\\.default$' does", () => {
    expect(patternAllows('', permissionName('exchange', ''))).toBe(false);
    expect(patternAllows('^amq\\.default$', permissionName('exchange', ''))).toBe(true);
  });
});

describe('compilePattern', () => {
  it('rejects an invalid expression with bad_request naming the field', () => {
    let caught: unknown;
    try {
      compilePattern('orders(', 'write');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EngineError);
    const error = caught as EngineError;
    expect(error.code).toBe('bad_request');
    expect(error.message).toMatch(/^write is not a valid regular expression: /);
    expect(error.details).toEqual({ field: 'write', value: 'orders(' });
  });

  it('rejects the same invalid pattern every time (failures are not cached as successes)', () => {
    expect(() => compilePattern('[', 'read')).toThrow(/read is not a valid/);
    expect(() => compilePattern('[', 'configure')).toThrow(/configure is not a valid/);
  });

  it('returns the same compiled expression for the same pattern', () => {
    expect(compilePattern('^same$')).toBe(compilePattern('^same$'));
  });
});

describe('tags', () => {
  it('knows only the four RabbitMQ tags', () => {
    for (const tag of ['administrator', 'monitoring', 'policymaker', 'management']) expect(isUserTag(tag)).toBe(true);
    for (const tag of ['impersonator', 'admin', 'Administrator', '']) expect(isUserTag(tag)).toBe(false);
  });

  it('nest: administrator ⇒ monitoring ⇒ management, policymaker ⇒ management', () => {
    expect(hasTag(['administrator'], 'administrator')).toBe(true);
    expect(hasTag(['administrator'], 'monitoring')).toBe(true);
    expect(hasTag(['administrator'], 'policymaker')).toBe(true);
    expect(hasTag(['administrator'], 'management')).toBe(true);

    expect(hasTag(['monitoring'], 'management')).toBe(true);
    expect(hasTag(['monitoring'], 'policymaker')).toBe(false);
    expect(hasTag(['monitoring'], 'administrator')).toBe(false);

    expect(hasTag(['policymaker'], 'management')).toBe(true);
    expect(hasTag(['policymaker'], 'monitoring')).toBe(false);

    expect(hasTag(['management'], 'monitoring')).toBe(false);
    expect(hasTag(['management'], 'management')).toBe(true);
  });

  it('a user with no tag (or only unknown ones) has none of them', () => {
    expect(hasTag([], 'management')).toBe(false);
    expect(hasTag(['impersonator'], 'management')).toBe(false);
    expect(hasTag(['monitoring', 'policymaker'], 'administrator')).toBe(false);
  });
});
