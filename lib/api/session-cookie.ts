/**
 * @module The dashboard's session cookie: httpOnly, SameSite=Strict, whole site; `Secure` over HTTPS (server.ts sets
 * `x-forwarded-proto: https` on its TLS sockets, a TLS-terminating proxy sends it). SameSite does not cover other
 * ports of the same host or sibling subdomains: lib/api/origin-check.ts does.
 */
export const SESSION_COOKIE = 'sb_session';

function isHttps(request: Request): boolean {
  const forwarded = request.headers.get('x-forwarded-proto');
  if (forwarded) return forwarded.split(',')[0].trim() === 'https';
  return new URL(request.url).protocol === 'https:';
}

export function sessionCookie(request: Request, value: string, expiresAt: Date): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  const parts = [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAge}`, `Expires=${expiresAt.toUTCString()}`];
  if (isHttps(request)) parts.push('Secure');
  return parts.join('; ');
}

export function clearedSessionCookie(request: Request): string {
  const parts = [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Strict', 'Max-Age=0', 'Expires=Thu, 01 Jan 1970 00:00:00 GMT'];
  if (isHttps(request)) parts.push('Secure');
  return parts.join('; ');
}

export function readSessionCookie(request: Request): string | undefined {
  const header = request.headers.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === SESSION_COOKIE) return part.slice(index + 1).trim() || undefined;
  }
  return undefined;
}
