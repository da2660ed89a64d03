/**
 * @module Every console page but the login page: rendered only for a valid session, decided on the server before
 * anything reaches the browser. Without one, the visitor goes straight to the login page (and back here afterwards).
 */
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { loginHref, PATH_HEADER } from '@/lib/console/login-next';
import { getServices } from '@/lib/server/services';

/** The console's session cookie (lib/api/session-cookie.ts sets it). */
const SESSION_COOKIE = 'sb_session';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const cookie = (await cookies()).get(SESSION_COOKIE)?.value;
  const principal = cookie ? await getServices().access.sessions.verify(cookie) : null;
  if (!principal) redirect(loginHref((await headers()).get(PATH_HEADER) ?? '/'));
  return children;
}
