/** @module Where every 401 ends: the login page (returning here afterwards), replacing the page that failed so Back does not loop. */
import { loginHref } from '@/lib/console/login-next';

export const LOGIN_PATH = '/login';

export function redirectToLogin(): void {
  if (typeof window === 'undefined' || window.location.pathname === LOGIN_PATH) return;
  window.location.replace(loginHref(`${window.location.pathname}${window.location.search}`));
}
