/**
 * @module Where the login page sends the browser afterwards: the console page it was sent away from (`?next=`),
 * only ever a path on this site, never the login page itself, and the Overview otherwise.
 */

export const NEXT_PARAM = 'next';

/** The request header proxy.ts puts the asked-for page in (path and query), for the server-side login redirect. */
export const PATH_HEADER = 'x-switchboard-path';

export function safeNextPath(next: string | null | undefined): string {
  // "//host" and "/\host" are other sites to a browser; "/login" would loop.
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next === '/login' || next.startsWith('/login?') || next.startsWith('/api/')) return '/';
  return next;
}

/** The login page's address that returns to `path` (a pathname with its query) afterwards. */
export function loginHref(path: string): string {
  const next = safeNextPath(path);
  return next === '/' ? '/login' : `/login?${new URLSearchParams({ [NEXT_PARAM]: next }).toString()}`;
}
