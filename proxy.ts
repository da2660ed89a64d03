/**
 * @module Every console page but the login page is answered only for a valid session, decided on the server before
 * anything renders: without one, a 307 to the login page (which brings the visitor back afterwards). The session is
 * verified by the access layer itself (lib/access/sessions.ts), which the custom server started in this process.
 * Every page gets a fresh script nonce and its Content-Security-Policy here, on the request (Next and the root
 * layout read it there) and on the response.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { SESSION_COOKIE } from '@/lib/api/session-cookie';
import { loginHref, LOGIN_PATH } from '@/lib/console/login-next';
import { contentSecurityPolicy, newNonce, NONCE_HEADER } from '@/lib/server/content-security-policy';
import { getServices } from '@/lib/server/services';

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce);
  let response: NextResponse;
  if (pathname === LOGIN_PATH || (await hasSession(request))) {
    const headers = new Headers(request.headers);
    headers.set(NONCE_HEADER, nonce);
    headers.set('content-security-policy', policy);
    response = NextResponse.next({ request: { headers } });
  } else {
    response = NextResponse.redirect(new URL(loginHref(`${pathname}${search}`), request.url), 307);
  }
  response.headers.set('content-security-policy', policy);
  return response;
}

async function hasSession(request: NextRequest): Promise<boolean> {
  const cookie = request.cookies.get(SESSION_COOKIE)?.value;
  return cookie ? (await getServices().access.sessions.verify(cookie)) !== null : false;
}

export const config = {
  // Pages only: not the API (it answers 401 itself), Prometheus' /metrics and /metrics/per-object, Next's assets or the icon.
  matcher: ['/((?!api/|metrics(?:/per-object)?$|_next/|favicon\\.ico$|icon\\.svg$).*)'],
};
