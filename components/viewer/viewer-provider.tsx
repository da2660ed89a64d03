/**
 * @module Who is looking and in which vhost: `GET /whoami` (refreshed, so a changed permission shows within seconds)
 * and the vhost selection (from `?vhost=`, else kept in localStorage for each broker), among the vhosts of the broker
 * in scope (BrokerScopeProvider), shared with the header and every page.
 */
'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { usePathname } from 'next/navigation';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { LOGIN_PATH } from '@/components/auth/redirect-to-login';
import { browserClient, setBrowserVhost } from '@/lib/client/browser-client';
import type { Whoami } from '@/lib/client/types';
import { useBrokerScope } from '@/components/clusters/broker-scope-provider';
import { scopeKey, vhostStorageKey } from '@/lib/console/broker-scope';
import { chooseVhost, VHOST_PARAM, withVhostParam } from '@/lib/console/vhost-choice';
import { viewerActions, viewerPages, type ViewerActions } from '@/lib/console/viewer-actions';

const WHOAMI_REFRESH_MS = 15_000;
export const whoamiKey = ['whoami'] as const;

export interface ViewerState {
  whoami: Whoami;
  /** Undefined when the viewer may see no vhost of the broker in scope, or while its vhosts are read. */
  vhost: string | undefined;
  /** The vhosts of the broker in scope the viewer may see: whoami's, or the attached cluster's. */
  vhosts: readonly string[];
  /** True while a cluster's vhosts are being read. */
  vhostsPending: boolean;
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

function readStored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function ViewerProvider({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const queryClient = useQueryClient();
  const query = useWhoami(pathname !== LOGIN_PATH);
  const broker = useBrokerScope();
  const scope = broker.scope;
  /** What was picked in this tab, per broker (by its scope key): each broker has its own vhosts. */
  const [picked, setPicked] = useState<Readonly<Record<string, string>>>({});
  // Read once the page runs in the browser: the server render knows neither the address's query nor the storage.
  const [requested, setRequested] = useState<string | null>();
  useEffect(() => setRequested(new URLSearchParams(window.location.search).get(VHOST_PARAM)), []);

  const whoami = query.data;
  const clusterVhosts = broker.clusterVhosts;
  // A cluster whose vhosts could not be read shows none (the gate says why); the embedded broker's are whoami's.
  const visible = !whoami || !scope ? undefined : clusterVhosts ? (clusterVhosts.names ?? (clusterVhosts.error ? [] : undefined)) : whoami.vhosts;
  const browserReady = requested !== undefined;
  const vhost =
    visible && scope && browserReady
      ? chooseVhost({ requested: picked[scopeKey(scope)] ?? requested, stored: readStored(vhostStorageKey(scope)), visible })
      : undefined;
  // Set while rendering, before any page below asks the client for data (children's effects run before this one's).
  if (vhost !== undefined) setBrowserVhost(vhost);

  const setVhost = useCallback(
    (next: string) => {
      if (!scope) return;
      try {
        window.localStorage.setItem(vhostStorageKey(scope), next);
      } catch {
        // Private windows may refuse storage; the choice then lasts for this page only.
      }
      if (new URLSearchParams(window.location.search).has(VHOST_PARAM)) {
        window.history.replaceState(window.history.state, '', `${window.location.pathname}${withVhostParam(window.location.search, next)}`);
      }
      setBrowserVhost(next);
      // Every cached answer but whoami and the clusters belongs to the old vhost; the pages remount (ViewerGate) and ask again.
      queryClient.removeQueries({ predicate: (cached) => cached.queryKey[0] !== whoamiKey[0] && cached.queryKey[0] !== 'clusters' });
      setPicked((before) => ({ ...before, [scopeKey(scope)]: next }));
    },
    [queryClient, scope && scopeKey(scope)],
  );

  const ready = whoami !== undefined && browserReady && scope !== undefined;
  const vhostList = visible?.join('\n');
  const state = useMemo<ViewerState | undefined>(
    () =>
      ready && whoami
        ? {
            whoami,
            vhost,
            vhosts: visible ?? [],
            vhostsPending: visible === undefined,
            setVhost,
            can: vhost === undefined ? undefined : viewerActions(whoami, vhost),
            pages: viewerPages(whoami),
          }
        : undefined,
    // The visible list is rebuilt each render: its text stands for it, so a refetch with the same answer re-renders nothing.
    [ready, whoami, vhost, vhostList, setVhost],
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
