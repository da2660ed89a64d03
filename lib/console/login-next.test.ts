import { describe, expect, it } from 'vitest';
import { loginHref, safeNextPath } from './login-next';

describe('safeNextPath', () => {
  it('keeps a console path with its query', () => {
    expect(safeNextPath('/queues/orders?window=1h')).toBe('/queues/orders?window=1h');
  });

  it('refuses other sites, the login page and the API', () => {
    for (const next of [null, '', 'https://evil.test/', '//evil.test/x', '/\\evil.test', '/login', '/login?next=/', '/api/v1/queues']) {
      expect(safeNextPath(next)).toBe('/');
    }
  });
});

describe('loginHref', () => {
  it('carries the page to return to, and nothing for the Overview', () => {
    expect(loginHref('/queues?search=a b')).toBe('/login?next=%2Fqueues%3Fsearch%3Da+b');
    expect(loginHref('/')).toBe('/login');
  });
});
