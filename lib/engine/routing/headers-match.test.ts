import { describe, it, expect } from 'vitest';
import type { FieldTable } from '../types';
import { headersMatch, validateHeadersBindingArguments } from './headers-match';

describe('validateHeadersBindingArguments', () => {
  const valid: [string, FieldTable][] = [
    ['no arguments', {}],
    ['no x-match (defaults to all)', { a: 1, b: 'x' }],
    ['x-match all', { 'x-match': 'all', a: 1 }],
    ['x-match any', { 'x-match': 'any', a: 1 }],
    ['x-match all-with-x', { 'x-match': 'all-with-x', 'x-a': 1 }],
    ['x-match any-with-x', { 'x-match': 'any-with-x' }],
    ['other x- arguments are not validated', { 'x-foo': 5, 'x-bar': null }],
    ['X-Match is not x-match (keys are case-sensitive)', { 'X-Match': 'bogus' }],
  ];
  it.each(valid)('accepts %s', (_name, args) => {
    expect(validateHeadersBindingArguments(args)).toBeUndefined();
  });

  const invalidValues: [string, FieldTable][] = [
    ['upper-case ALL', { 'x-match': 'ALL' }],
    ['mixed-case Any', { 'x-match': 'Any' }],
    ['empty string', { 'x-match': '' }],
    ['unknown word', { 'x-match': 'none' }],
    ['padded value', { 'x-match': ' all' }],
    ['underscore spelling', { 'x-match': 'all_with_x' }],
  ];
  it.each(invalidValues)('rejects x-match value: %s', (_name, args) => {
    const error = validateHeadersBindingArguments(args);
    expect(error).toBeTypeOf('string');
    expect(error).toContain('x-match');
    expect(error).toContain(JSON.stringify(args['x-match']));
  });

  const invalidTypes: [string, FieldTable, string][] = [
    ['number', { 'x-match': 1 }, 'number'],
    ['boolean', { 'x-match': true }, 'boolean'],
    ['null (void)', { 'x-match': null }, 'null'],
    ['array', { 'x-match': ['all'] }, 'array'],
    ['object', { 'x-match': { mode: 'all' } }, 'object'],
  ];
  it.each(invalidTypes)('rejects x-match of type %s', (_name, args, typeName) => {
    const error = validateHeadersBindingArguments(args);
    expect(error).toBeTypeOf('string');
    expect(error).toContain('x-match');
    expect(error).toContain(typeName);
  });
});

type Case = [name: string, args: FieldTable, headers: FieldTable | undefined, expected: boolean];

const cases: Record<string, Case[]> = {
  'all (explicit and default)': [
    ['default: all args present and equal', { a: 1, b: 'x' }, { a: 1, b: 'x', c: 3 }, true],
    ['default: one arg missing', { a: 1, b: 'x' }, { a: 1 }, false],
    ['default: one arg different', { a: 1, b: 'x' }, { a: 1, b: 'y' }, false],
    ['explicit: all present and equal', { 'x-match': 'all', a: 1, b: 'x' }, { b: 'x', a: 1 }, true],
    ['explicit: one different', { 'x-match': 'all', a: 1, b: 'x' }, { a: 2, b: 'x' }, false],
    ['headers undefined', { a: 1 }, undefined, false],
    ['headers empty', { 'x-match': 'all', a: 1 }, {}, false],
    ['extra headers do not matter', { a: 1 }, { a: 1, z: 'extra', 'x-y': 1 }, true],
  ],
  any: [
    ['one of two matches', { 'x-match': 'any', a: 1, b: 'x' }, { a: 1, b: 'nope' }, true],
    ['other one of two matches', { 'x-match': 'any', a: 1, b: 'x' }, { b: 'x' }, true],
    ['both match', { 'x-match': 'any', a: 1, b: 'x' }, { a: 1, b: 'x' }, true],
    ['none match', { 'x-match': 'any', a: 1, b: 'x' }, { a: 2, b: 'y' }, false],
    ['none present', { 'x-match': 'any', a: 1 }, { c: 1 }, false],
    ['headers undefined', { 'x-match': 'any', a: 1 }, undefined, false],
  ],
  'no evaluated arguments': [
    ['all: no arguments at all matches everything', {}, { a: 1 }, true],
    ['all: no arguments, no headers', {}, undefined, true],
    ['all: only x-match', { 'x-match': 'all' }, {}, true],
    ['all: only x- arguments are skipped', { 'x-match': 'all', 'x-foo': 1 }, {}, true],
    ['default all: only x- arguments', { 'x-foo': 'bar' }, undefined, true],
    ['any: only x-match never matches', { 'x-match': 'any' }, { a: 1 }, false],
    ['any: only x- arguments never match', { 'x-match': 'any', 'x-foo': 1 }, { 'x-foo': 1 }, false],
    ['any: no headers', { 'x-match': 'any' }, undefined, false],
    ['all-with-x: only x-match matches everything', { 'x-match': 'all-with-x' }, {}, true],
    ['all-with-x: header x-match is not compared', { 'x-match': 'all-with-x' }, { 'x-match': 'any' }, true],
    ['any-with-x: only x-match never matches', { 'x-match': 'any-with-x' }, { 'x-match': 'any-with-x' }, false],
  ],
  'x- prefixed keys': [
    ['all: x- arg skipped, other args decide', { 'x-match': 'all', 'x-foo': 'bar', a: 1 }, { a: 1 }, true],
    ['all: x- arg skipped even if header differs', { 'x-match': 'all', 'x-foo': 'bar', a: 1 }, { a: 1, 'x-foo': 'baz' }, true],
    ['any: x- header invisible', { 'x-match': 'any', 'x-foo': 'bar', a: 1 }, { 'x-foo': 'bar' }, false],
    ['any: x- presence test skipped', { 'x-match': 'any', 'x-foo': null }, { 'x-foo': 'bar' }, false],
    ['all-with-x: x- arg evaluated and present', { 'x-match': 'all-with-x', 'x-foo': 'bar', a: 1 }, { a: 1, 'x-foo': 'bar' }, true],
    ['all-with-x: x- arg evaluated and missing', { 'x-match': 'all-with-x', 'x-foo': 'bar', a: 1 }, { a: 1 }, false],
    ['all-with-x: x- arg evaluated and different', { 'x-match': 'all-with-x', 'x-foo': 'bar' }, { 'x-foo': 'baz' }, false],
    ['any-with-x: x- arg alone matches', { 'x-match': 'any-with-x', 'x-foo': 'bar', a: 1 }, { 'x-foo': 'bar' }, true],
    ['any-with-x: x- presence test', { 'x-match': 'any-with-x', 'x-foo': null }, { 'x-foo': 0 }, true],
    ['any-with-x: nothing matches', { 'x-match': 'any-with-x', 'x-foo': 'bar', a: 1 }, { 'x-foo': 'baz', a: 2 }, false],
    ['prefix is case-sensitive: X-foo is evaluated in all', { 'X-foo': 1 }, {}, false],
    ['prefix is case-sensitive: X-foo matches in any', { 'x-match': 'any', 'X-foo': 1 }, { 'X-foo': 1 }, true],
    ['"x" without dash is an ordinary key', { 'x-match': 'any', xfoo: 1 }, { xfoo: 1 }, true],
    ['"x-" alone is an x- key', { 'x-match': 'all', 'x-': 1 }, {}, true],
  ],
  'null is a presence test': [
    ['present with string', { a: null }, { a: 'anything' }, true],
    ['present with null', { a: null }, { a: null }, true],
    ['present with 0', { a: null }, { a: 0 }, true],
    ['present with false', { a: null }, { a: false }, true],
    ['present with empty string', { a: null }, { a: '' }, true],
    ['present with object', { a: null }, { a: { b: 1 } }, true],
    ['absent', { a: null }, { b: 1 }, false],
    ['no headers', { a: null }, undefined, false],
    ['all: presence ok but value differs', { a: null, b: 1 }, { a: 5, b: 2 }, false],
    ['all: presence and value ok', { a: null, b: 1 }, { a: 5, b: 1 }, true],
    ['any: presence alone suffices', { 'x-match': 'any', a: null, b: 1 }, { a: 5 }, true],
    ['any: absent presence, value mismatch', { 'x-match': 'any', a: null, b: 1 }, { b: 2 }, false],
    ['non-null arg does not match null header', { a: 1 }, { a: null }, false],
    ['string arg does not match null header', { a: '' }, { a: null }, false],
    ['inherited properties are not present (constructor)', { constructor: null }, {}, false],
    ['inherited properties are not present (toString)', { 'x-match': 'any', toString: null }, {}, false],
  ],
  'strict value equality (no coercion)': [
    ['"1" != 1', { a: '1' }, { a: 1 }, false],
    ['1 != "1"', { a: 1 }, { a: '1' }, false],
    ['true != 1', { a: true }, { a: 1 }, false],
    ['1 != true', { a: 1 }, { a: true }, false],
    ['true != "true"', { a: true }, { a: 'true' }, false],
    ['false != 0', { a: false }, { a: 0 }, false],
    ['0 != ""', { a: 0 }, { a: '' }, false],
    ['"" != false', { a: '' }, { a: false }, false],
    ['strings are case-sensitive', { a: 'X' }, { a: 'x' }, false],
    ['strings are not trimmed', { a: 'x' }, { a: 'x ' }, false],
    ['equal strings', { a: 'x' }, { a: 'x' }, true],
    ['equal booleans', { a: false }, { a: false }, true],
    ['equal numbers', { a: -2.5 }, { a: -2.5 }, true],
    ['different numbers', { a: 2 }, { a: 3 }, false],
    // JSON cannot distinguish AMQP integer 1 from double 1.0: both are the number 1.
    ['1 and 1.0 are the same JSON number', { a: 1 }, { a: 1.0 }, true],
    ['[] != {}', { a: [] }, { a: {} }, false],
    ['{} != []', { a: {} }, { a: [] }, false],
    ['[] != ""', { a: [] }, { a: '' }, false],
    ['"[1]" != [1]', { a: '[1]' }, { a: [1] }, false],
    ['[1] != 1', { a: [1] }, { a: 1 }, false],
    ['{} != null', { a: {} }, { a: null }, false],
  ],
  'nested values (deep equality)': [
    ['equal arrays', { a: [1, 'two', true] }, { a: [1, 'two', true] }, true],
    ['array order matters', { a: [1, 2] }, { a: [2, 1] }, false],
    ['array length matters', { a: [1, 2] }, { a: [1, 2, 3] }, false],
    ['empty arrays', { a: [] }, { a: [] }, true],
    ['array element types are strict', { a: [1] }, { a: ['1'] }, false],
    ['null inside array is a value, not a presence test', { a: [null] }, { a: [1] }, false],
    ['null inside array equals null', { a: [null] }, { a: [null] }, true],
    ['equal objects', { a: { x: 1, y: 'z' } }, { a: { x: 1, y: 'z' } }, true],
    ['object key order does not matter', { a: { x: 1, y: 2 } }, { a: { y: 2, x: 1 } }, true],
    ['object with extra key', { a: { x: 1 } }, { a: { x: 1, y: 2 } }, false],
    ['object with missing key', { a: { x: 1, y: 2 } }, { a: { x: 1 } }, false],
    ['object with different keys, same size', { a: { x: 1 } }, { a: { y: 1 } }, false],
    ['null inside object is a value', { a: { x: null } }, { a: { x: 1 } }, false],
    ['null inside object equals null', { a: { x: null } }, { a: { x: null } }, true],
    ['empty objects', { a: {} }, { a: {} }, true],
    [
      'deeply nested equal',
      { a: { list: [{ k: [1, { deep: 'v' }] }, []], flag: false } },
      { a: { flag: false, list: [{ k: [1, { deep: 'v' }] }, []] } },
      true,
    ],
    [
      'deeply nested differs at the leaf',
      { a: { list: [{ k: [1, { deep: 'v' }] }] } },
      { a: { list: [{ k: [1, { deep: 'w' }] }] } },
      false,
    ],
    ['any: nested match on one arg', { 'x-match': 'any', a: [1], b: { c: 2 } }, { a: [2], b: { c: 2 } }, true],
  ],
  'invalid x-match at match time (falls back to all, as RabbitMQ does)': [
    ['unknown string acts as all: all match', { 'x-match': 'ANY', a: 1, b: 2 }, { a: 1, b: 2 }, true],
    ['unknown string acts as all: one missing', { 'x-match': 'ANY', a: 1, b: 2 }, { a: 1 }, false],
    ['non-string acts as all', { 'x-match': 1, a: 1 }, { a: 1 }, true],
  ],
};

describe('headersMatch', () => {
  for (const [group, rows] of Object.entries(cases)) {
    describe(group, () => {
      it.each(rows)('%s', (_name, args, headers, expected) => {
        expect(headersMatch(args, headers)).toBe(expected);
      });
    });
  }

  it('handles keys named like Object.prototype members as ordinary own keys', () => {
    const args = JSON.parse('{"__proto__": "p", "constructor": 1}') as FieldTable;
    const headers = JSON.parse('{"__proto__": "p", "constructor": 1}') as FieldTable;
    expect(headersMatch(args, headers)).toBe(true);
    expect(headersMatch(args, JSON.parse('{"__proto__": "q", "constructor": 1}') as FieldTable)).toBe(false);
    expect(headersMatch(args, {})).toBe(false);
  });

  it('does not mutate its inputs', () => {
    const args: FieldTable = { 'x-match': 'any', a: [1, { b: 2 }], c: null };
    const headers: FieldTable = { a: [1, { b: 2 }], 'x-d': 1 };
    const argsCopy = structuredClone(args);
    const headersCopy = structuredClone(headers);
    headersMatch(args, headers);
    expect(args).toEqual(argsCopy);
    expect(headers).toEqual(headersCopy);
  });
});
