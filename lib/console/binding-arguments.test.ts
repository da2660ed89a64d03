import { describe, expect, it } from 'vitest';
import { headersMatch } from '@/lib/engine/routing/headers-match';
import { formatBindingLabel, headerArgumentRows, headerValueText, parseHeaderArguments } from './binding-arguments';

describe('parseHeaderArguments', () => {
  it('types values as JSON when they parse, else keeps the text', () => {
    expect(
      parseHeaderArguments(
        [
          { key: 'format', value: 'pdf' },
          { key: 'pages', value: '1' },
          { key: 'code', value: '"1"' },
          { key: 'urgent', value: 'true' },
          { key: 'trace', value: 'null' },
          { key: 'tags', value: '["a","b"]' },
          { key: 'note', value: '' },
        ],
        'any',
      ),
    ).toEqual({ arguments: { 'x-match': 'any', format: 'pdf', pages: 1, code: '1', urgent: true, trace: null, tags: ['a', 'b'], note: '' } });
  });

  it('gives arguments the engine matches as the contract says: `1` is not `"1"`, null tests presence', () => {
    const { arguments: args } = parseHeaderArguments([{ key: 'pages', value: '1' }, { key: 'trace', value: 'null' }], 'all');
    expect(headersMatch(args as never, { pages: 1, trace: 'anything' })).toBe(true);
    expect(headersMatch(args as never, { pages: '1', trace: 'anything' })).toBe(false);
    expect(headersMatch(args as never, { pages: 1 })).toBe(false);
  });

  it('leaves out blank rows and trims keys', () => {
    expect(parseHeaderArguments([{ key: ' format ', value: 'pdf' }, { key: '', value: '' }, { key: '  ', value: ' ' }], 'all')).toEqual({
      arguments: { 'x-match': 'all', format: 'pdf' },
    });
    expect(parseHeaderArguments([], 'any')).toEqual({ arguments: { 'x-match': 'any' } });
  });

  it.each([
    [[{ key: '', value: 'pdf' }], 'all', 'Row 1: the header name is empty.'],
    [[{ key: 'a', value: '1' }, { key: 'a ', value: '2' }], 'all', 'Row 2: “a” is already used.'],
    [[{ key: 'x-match', value: 'any' }], 'all', 'Row 1: choose x-match above, not as a header.'],
    [[{ key: 'x-tenant', value: 'a' }], 'any', 'Row 1: with x-match any headers starting with “x-” are never compared; choose any-with-x to match “x-tenant”.'],
    [[{ key: 'n', value: '12345678901234567890' }], 'all', 'Row 1: 12345678901234567890 is a number too large to keep exactly; write it in quotes to send it as a string.'],
    [[{ key: 'k'.repeat(256), value: '1' }], 'all', 'Row 1: a header name is at most 255 bytes.'],
    [[], 'some', 'x-match must be one of all, any, all-with-x, any-with-x.'],
  ])('refuses %j with x-match %s', (rows, xMatch, error) => {
    expect(parseHeaderArguments(rows, xMatch)).toEqual({ error });
  });

  it('accepts x- headers with all-with-x and any-with-x', () => {
    expect(parseHeaderArguments([{ key: 'x-tenant', value: 'a' }], 'all-with-x')).toEqual({ arguments: { 'x-match': 'all-with-x', 'x-tenant': 'a' } });
  });
});

describe('headerArgumentRows', () => {
  it('writes values so that parsing the rows gives the same arguments back', () => {
    const args = { 'x-match': 'any', format: 'pdf', pages: 10, code: '10', flag: 'true', quoted: '"x"', trace: null, big: '12345678901234567890', obj: { a: 1 } };
    const { rows, xMatch } = headerArgumentRows(args);
    expect(xMatch).toBe('any');
    expect(rows.find((r) => r.key === 'code')?.value).toBe('"10"');
    expect(rows.find((r) => r.key === 'format')?.value).toBe('pdf');
    expect(parseHeaderArguments(rows, xMatch)).toEqual({ arguments: args });
  });

  it('defaults x-match to all, as the engine does', () => {
    expect(headerArgumentRows({ a: 1 })).toEqual({ rows: [{ key: 'a', value: '1' }], xMatch: 'all' });
    expect(headerValueText(null)).toBe('null');
  });
});

describe('formatBindingLabel', () => {
  it('shows the routing key for direct and topic exchanges', () => {
    expect(formatBindingLabel({ routingKey: 'order.*.eu', arguments: {} }, 'topic')).toBe('order.*.eu');
    expect(formatBindingLabel({ routingKey: '', arguments: {} }, 'direct')).toBe('(empty key)');
  });

  it('shows x-match and the headers for a headers exchange', () => {
    expect(formatBindingLabel({ routingKey: '', arguments: { 'x-match': 'any', format: 'pdf', type: 'report' } }, 'headers')).toBe('any: format=pdf, type=report');
    expect(formatBindingLabel({ routingKey: '', arguments: { pages: 10, code: '10', trace: null } }, 'headers')).toBe('all: pages=10, code="10", trace');
    expect(formatBindingLabel({ routingKey: 'ignored', arguments: { 'x-match': 'all' } }, 'headers')).toBe('all: (no headers)');
  });

  it('says a fanout binding takes every message', () => {
    expect(formatBindingLabel({ routingKey: 'ignored', arguments: {} }, 'fanout')).toBe('(all messages)');
  });
});
