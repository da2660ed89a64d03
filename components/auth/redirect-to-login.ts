/** @module Where every 401 ends: the login page, replacing the page that failed so Back does not loop. */

export const LOGIN_PATH = '/login';

export function redirectToLogin(): void {
  if (typeof window === 'undefined' || window.location.pathname === LOGIN_PATH) return;
  window.location.replace(LOGIN_PATH);
}
