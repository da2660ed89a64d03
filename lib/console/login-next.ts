/**
 * @module Where the login page sends the browser afterwards: the console page it was sent away from (`?next=`),
 * only ever a path on this site, never the login page itself, and the Overview otherwise.
 */

export const NEXT_PARAM = 'next';
export const LOGIN_PATH = '/login';

export function safeNextPath(next: string | null | undefined): string {
  // "//host" and "/\host" are other sites to a browser; "/login" would loop.
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next === LOGIN_PATH || next.startsWith(`${LOGIN_PATH}?`) || next.startsWith('/api/')) return '/';
  return next;
}

/** The login page's address that returns to `path` (a pathname with its query) afterwards. */
export function loginHref(path: string): string {
  const next = safeNextPath(path);
  return next === '/' ? LOGIN_PATH : `${LOGIN_PATH}?${new URLSearchParams({ [NEXT_PARAM]: next }).toString()}`;
}
