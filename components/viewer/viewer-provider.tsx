/**
 * @module Who is looking and in which vhost: `GET /whoami` (refreshed, so a changed permission shows within seconds)
 * and the vhost selection (from `?vhost=`, else kept in localStorage), shared with the header and every page.
 */
'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { usePathname } from 'next/navigation';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { LOGIN_PATH } from '@/components/auth/redirect-to-login';
import { browserClient, setBrowserVhost } from '@/lib/client/browser-client';
import type { Whoami } from '@/lib/client/types';
import { chooseVhost, VHOST_PARAM, withVhostParam } from '@/lib/console/vhost-choice';
import { viewerActions, viewerPages, type ViewerActions } from '@/lib/console/viewer-actions';

const STORAGE_KEY = 'switchboard.vhost';
const WHOAMI_REFRESH_MS = 15_000;
export const whoamiKey = ['whoami'] as const;

export interface ViewerState {
  whoami: Whoami;
  /** Undefined only when the viewer may see no vhost at all. */
  vhost: string | undefined;
  setVhost: (vhost: string) => void;
  /** Decisions in the selected vhost (absent without one). */
  can: ViewerActions | undefined;
  pages: ReturnType<typeof viewerPages>;
}

interface ViewerContextValue {
  /** Why whoami could not be read (a 401 has already sent the browser to the login page). */
  error: Error | null;
  state: ViewerState | undefined;
}

const ViewerContext = createContext<ViewerContextValue | undefined>(undefined);

function useWhoami(enabled: boolean) {
  return useQuery({
    queryKey: whoamiKey,
    queryFn: ({ signal }) => browserClient.whoami({ signal }),
    enabled,
    refetchInterval: WHOAMI_REFRESH_MS,
  });
}

function readStored(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function ViewerProvider({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const queryClient = useQueryClient();
  const query = useWhoami(pathname !== LOGIN_PATH);
  const [picked, setPicked] = useState<string | null>(null);
  // Read once the page runs in the browser: the server render knows neither the address's query nor the storage.
  const [remembered, setRemembered] = useState<{ requested: string | null; stored: string | null }>();
  useEffect(() => setRemembered({ requested: new URLSearchParams(window.location.search).get(VHOST_PARAM), stored: readStored() }), []);

  const whoami = query.data;
  const vhost = whoami && remembered ? chooseVhost({ requested: picked ?? remembered.requested, stored: remembered.stored, visible: whoami.vhosts }) : undefined;
  // Set while rendering, before any page below asks the client for data (children's effects run before this one's).
  if (vhost !== undefined) setBrowserVhost(vhost);

  const setVhost = useCallback(
    (next: string) => {
      try {
        window.localStorage.setItem(STORAGE_KEY, next);
      } catch {
        // Private windows may refuse storage; the choice then lasts for this page only.
      }
      if (new URLSearchParams(window.location.search).has(VHOST_PARAM)) {
        window.history.replaceState(window.history.state, '', `${window.location.pathname}${withVhostParam(window.location.search, next)}`);
      }
      setBrowserVhost(next);
      // Every cached answer but whoami belongs to the old vhost; the pages remount (ViewerGate) and ask again.
      queryClient.removeQueries({ predicate: (cached) => cached.queryKey[0] !== whoamiKey[0] });
      setPicked(next);
    },
    [queryClient],
  );

  const ready = whoami !== undefined && remembered !== undefined;
  const state = useMemo<ViewerState | undefined>(
    () =>
      ready && whoami
        ? { whoami, vhost, setVhost, can: vhost === undefined ? undefined : viewerActions(whoami, vhost), pages: viewerPages(whoami) }
        : undefined,
    [ready, whoami, vhost, setVhost],
  );
  // Only what pages read: a background refetch with the same answer re-renders nothing.
  const value = useMemo(() => ({ error: query.error, state }), [query.error, state]);
  return <ViewerContext.Provider value={value}>{children}</ViewerContext.Provider>;
}

/** The viewer, or undefined while whoami loads (and on the login page). For the header. */
export function useOptionalViewer(): ViewerState | undefined {
  return useContext(ViewerContext)?.state;
}

/** Why the viewer is unknown, when whoami failed. */
export function useWhoamiError(): Error | null {
  return useContext(ViewerContext)?.error ?? null;
}

/** The viewer, for pages rendered inside ViewerGate (which waits for it). */
export function useViewer(): ViewerState {
  const state = useOptionalViewer();
  if (!state) throw new Error('useViewer outside ViewerGate');
  return state;
}

/** The viewer's decisions in the selected vhost, for pages of a vhost's resources (ViewerGate ensures there is one). */
export function useCan(): ViewerActions {
  const { can } = useViewer();
  if (!can) throw new Error('useCan without a vhost');
  return can;
}
