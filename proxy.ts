/**
 * @module Every console page but the login page is answered only for a valid session, decided on the server before
 * anything renders: without one, a 307 to the login page (which brings the visitor back afterwards). The session is
 * verified by the access layer itself (lib/access/sessions.ts), which the custom server started in this process.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { SESSION_COOKIE } from '@/lib/api/session-cookie';
import { loginHref, LOGIN_PATH } from '@/lib/console/login-next';
import { getServices } from '@/lib/server/services';

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (pathname === LOGIN_PATH) return NextResponse.next();
  const cookie = request.cookies.get(SESSION_COOKIE)?.value;
  const principal = cookie ? await getServices().access.sessions.verify(cookie) : null;
  if (principal) return NextResponse.next();
  return NextResponse.redirect(new URL(loginHref(`${pathname}${search}`), request.url), 307);
}

export const config = {
  // Pages only: not the API (it answers 401 itself), Prometheus' /metrics, Next's assets or the icon.
  matcher: ['/((?!api/|metrics$|_next/|favicon\\.ico$|icon\\.svg$).*)'],
};
