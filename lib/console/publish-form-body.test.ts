import { describe, expect, it } from 'vitest';
import { emptyPublishForm, isJsonContentType, payloadJsonError, toPublishBody } from './publish-form-body';

describe('payload JSON check', () => {
  it('flags invalid JSON only for a JSON content type', () => {
    expect(payloadJsonError('{"a":1}', 'application/json')).toBeUndefined();
    expect(payloadJsonError('{a:1}', 'application/json; charset=utf-8')).toMatch(/not valid JSON/);
    expect(payloadJsonError('{a:1}', 'text/plain')).toBeUndefined();
    expect(isJsonContentType('application/vnd.api+json')).toBe(true);
    expect(isJsonContentType('text/json-ish')).toBe(false);
  });
});

describe('toPublishBody', () => {
  it('builds the body from the filled-in fields', () => {
    const check = toPublishBody({
      ...emptyPublishForm,
      payload: '{"order":1}',
      headers: [
        { key: 'tenant', value: 'eu' },
        { key: '', value: '' },
      ],
      messageId: ' m-1 ',
      priority: '3',
    });
    expect(check).toEqual({
      ok: true,
      body: {
        payload: '{"order":1}',
        properties: { persistent: true, contentType: 'application/json', messageId: 'm-1', priority: 3, headers: { tenant: 'eu' } },
      },
    });
  });

  it('sends any text as a text payload', () => {
    const check = toPublishBody({ ...emptyPublishForm, contentType: 'text/plain', payload: '<img src=x onerror=alert(1)>' });
    expect(check.ok && check.body.payload).toBe('<img src=x onerror=alert(1)>');
  });

  it('lists every problem instead of sending', () => {
    const check = toPublishBody({
      ...emptyPublishForm,
      payload: 'nope',
      headers: [
        { key: 'a', value: '1' },
        { key: 'a', value: '2' },
        { key: ' ', value: 'x' },
      ],
      priority: '300',
    });
    expect(check.ok).toBe(false);
    expect(!check.ok && check.errors).toEqual([
      expect.stringMatching(/not valid JSON/),
      'The header "a" is given twice.',
      'A header has a value but no name.',
      'Priority must be a whole number from 0 to 255.',
    ]);
  });
});
