import { describe, expect, it } from 'vitest';
import { isMalformedApiPath, oddRequestAnswer, originForm } from './malformed-url';

describe('isMalformedApiPath', () => {
  it('flags /api paths Next could not decode, and nothing else', () => {
    expect(isMalformedApiPath('/api/v1/queues/%E0%A4%A')).toBe(true);
    expect(isMalformedApiPath('/api/v1/queues/%')).toBe(true);
    expect(isMalformedApiPath('/api/v1/queues/a%2Fb')).toBe(false);
    expect(isMalformedApiPath('/api/v1/queues/orders?search=%')).toBe(false);
    expect(isMalformedApiPath('/queues/%E0%A4%A')).toBe(false);
    expect(isMalformedApiPath('/apiary/%')).toBe(false);
  });
});

describe('oddRequestAnswer', () => {
  it('answers 405 with Allow to methods Next does not serve, on any path', () => {
    for (const method of ['TRACE', 'PROPFIND', 'BREW']) {
      for (const path of ['/', '/api/v1/queues', '/login']) {
        expect(oddRequestAnswer(method, path)).toMatchObject({ status: 405, code: 'method_not_allowed', headers: { allow: expect.stringContaining('GET') } });
      }
    }
  });

  it('answers 400 to a target that is not a path, and to a broken /api path', () => {
    expect(oddRequestAnswer('GET', '*')).toMatchObject({ status: 400, code: 'bad_request' });
    expect(oddRequestAnswer('OPTIONS', '*')).toMatchObject({ status: 400 });
    expect(oddRequestAnswer('GET', '/api/v1/queues/%')).toMatchObject({ status: 400 });
  });

  it('leaves ordinary requests to Next', () => {
    for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) expect(oddRequestAnswer(method, '/api/v1/queues')).toBeUndefined();
    expect(oddRequestAnswer('GET', '/')).toBeUndefined();
  });
});

describe('originForm', () => {
  it('serves an absolute-form target as its path', () => {
    expect(originForm('http://example.com/api/v1/queues?x=1')).toBe('/api/v1/queues?x=1');
    expect(originForm('http://example.com')).toBe('/');
    expect(originForm('/already')).toBe('/already');
    expect(originForm('*')).toBe('*');
  });
});
