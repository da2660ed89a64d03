/** @module Ends the session and opens the login page (a full load, so no cached data outlives the session). */
'use client';

import { useMutation } from '@tanstack/react-query';
import { usePathname } from 'next/navigation';
import { browserClient } from '@/lib/client/browser-client';
import { Button } from '@/components/ui/button';
import { LOGIN_PATH } from './redirect-to-login';

export function LogoutButton() {
  const pathname = usePathname();
  const logout = useMutation({
    mutationFn: () => browserClient.deleteSession(),
    meta: { skipLoginRedirect: true },
    // Whatever the answer (an expired session says 401), the way out is the login page.
    onSettled: () => window.location.assign(LOGIN_PATH),
  });

  if (pathname === LOGIN_PATH) return null;
  return (
    <Button variant="ghost" onClick={() => logout.mutate()} disabled={logout.isPending}>
      {logout.isPending ? 'Logging out…' : 'Log out'}
    </Button>
  );
}
