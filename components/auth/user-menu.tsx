/**
 * @module The header's user menu: who is logged in (and through which API key), the API keys page, log out, and
 * log out everywhere. Leaving is a full load of the login page, so no cached data outlives the session.
 */
'use client';

import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useId, useRef, useState } from 'react';
import { useOptionalViewer } from '@/components/viewer/viewer-provider';
import { Button } from '@/components/ui/button';
import { browserClient } from '@/lib/client/browser-client';
import { LOGIN_PATH } from './redirect-to-login';

const itemClass =
  'block w-full rounded px-3 py-1.5 text-left text-sm text-ink hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-focus disabled:opacity-60';

export function UserMenu() {
  const viewer = useOptionalViewer();
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);
  const leave = () => window.location.assign(LOGIN_PATH);
  // Whatever the answer (an expired session says 401), the way out is the login page.
  const logout = useMutation({ mutationFn: () => browserClient.deleteSession(), meta: { skipLoginRedirect: true }, onSettled: leave });
  const logoutEverywhere = useMutation({ mutationFn: () => browserClient.deleteAllSessions(), meta: { skipLoginRedirect: true }, onSettled: leave });

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  if (!viewer) return null;
  const { whoami } = viewer;
  const pending = logout.isPending || logoutEverywhere.isPending;
  const keyText = whoami.apiKey ? `key ${whoami.apiKey.name}${whoami.apiKey.readOnly ? ' (read-only)' : ''}` : undefined;
  return (
    <div ref={root} className="relative">
      <Button
        variant="ghost"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={`User menu: ${whoami.name}${keyText ? `, ${keyText}` : ''}`}
        onClick={() => setOpen((value) => !value)}
      >
        <span className="font-mono">{whoami.name}</span>
        {whoami.apiKey?.readOnly ? <span className="rounded bg-surface-muted px-1.5 text-xs text-ink-muted">read-only</span> : null}
        <span aria-hidden="true">▾</span>
      </Button>
      {open ? (
        <div id={menuId} className="absolute right-0 z-20 mt-1 w-64 rounded-md border border-line bg-surface p-1 shadow-lg">
          <p className="px-3 py-1.5 text-xs text-ink-muted">
            Tags: {whoami.tags.length > 0 ? whoami.tags.join(', ') : 'none'}
            {keyText ? <span className="block break-all">Logged in with API {keyText}</span> : null}
          </p>
          <ul>
            <li>
              <Link href="/api-keys" className={itemClass} onClick={() => setOpen(false)}>
                API keys
              </Link>
            </li>
            <li>
              <button type="button" className={itemClass} disabled={pending} onClick={() => logout.mutate()}>
                {logout.isPending ? 'Logging out…' : 'Log out'}
              </button>
            </li>
            <li>
              <button type="button" className={itemClass} disabled={pending} onClick={() => logoutEverywhere.mutate()}>
                {logoutEverywhere.isPending ? 'Logging out everywhere…' : 'Log out everywhere'}
              </button>
            </li>
          </ul>
        </div>
      ) : null}
    </div>
  );
}
