import { describe, expect, it } from 'vitest';
import { clearedSessionCookie, readSessionCookie, sessionCookie } from './session-cookie';

describe('session cookie', () => {
  it('is httpOnly, SameSite=Strict, for the whole site, and Secure only over https', () => {
    const expires = new Date(Date.now() + 3_600_000);
    const plain = sessionCookie(new Request('http://localhost/api/v1/session'), 'abc', expires);
    expect(plain).toMatch(/^sb_session=abc; Path=\/; HttpOnly; SameSite=Strict; Max-Age=(3599|3600); Expires=/);
    expect(plain).not.toContain('Secure');
    const proxied = sessionCookie(new Request('http://localhost/x', { headers: { 'x-forwarded-proto': 'https' } }), 'abc', expires);
    expect(proxied).toMatch(/; Secure$/);
    expect(clearedSessionCookie(new Request('http://localhost/x'))).toContain('Max-Age=0');
  });

  it('is read from a cookie header among others', () => {
    const read = (cookie?: string) => readSessionCookie(new Request('http://localhost/x', { headers: cookie ? { cookie } : {} }));
    expect(read('a=1; sb_session=xyz; b=2')).toBe('xyz');
    expect(read('sb_session=')).toBeUndefined();
    expect(read('other=1')).toBeUndefined();
    expect(read()).toBeUndefined();
  });
});
