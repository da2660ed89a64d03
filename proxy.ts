/**
 * @module Tells the console's server-rendered layout which page was asked for (a request header), so a visitor
 * without a session is sent to the login page and brought back afterwards. It decides nothing itself: the session
 * is verified by app/(console)/layout.tsx, where the services are.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { PATH_HEADER } from '@/lib/console/login-next';

export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  // Always overwritten: a client's own value never reaches the layout.
  headers.set(PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Pages only: not the API, Prometheus' /metrics, Next's assets or the icon.
  matcher: ['/((?!api/|metrics$|_next/|favicon\\.ico$|icon\\.svg$).*)'],
};
