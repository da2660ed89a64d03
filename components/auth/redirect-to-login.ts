/** @module Where every 401 ends: the login page (returning here afterwards), replacing the page that failed so Back does not loop. */
import { LOGIN_PATH, loginHref } from '@/lib/console/login-next';

export { LOGIN_PATH };

export function redirectToLogin(): void {
  if (typeof window === 'undefined' || window.location.pathname === LOGIN_PATH) return;
  window.location.replace(loginHref(`${window.location.pathname}${window.location.search}`));
}
