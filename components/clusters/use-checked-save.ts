/**
 * @module Saving a cluster, which the server checks first by reaching it (up to ~10 s): the mutation, and a cancel that
 * aborts the request. Aborting stops the waiting, not necessarily the server, so the list is read again afterwards.
 */
'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { SavedCluster } from '@/lib/client/cluster-types';
import { clusterKeys } from './cluster-keys';

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

export function useCheckedSave<B>(save: (body: B, signal: AbortSignal) => Promise<SavedCluster>, onSaved: (cluster: SavedCluster) => void) {
  const queryClient = useQueryClient();
  const controller = useRef<AbortController | undefined>(undefined);
  const [cancelled, setCancelled] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: clusterKeys.all });
  const mutation = useMutation({
    mutationFn: (body: B) => {
      controller.current = new AbortController();
      setCancelled(false);
      return save(body, controller.current.signal);
    },
    onSuccess: (cluster) => {
      onSaved(cluster);
      return refresh();
    },
    onSettled: () => {
      controller.current = undefined;
    },
  });
  // Closing the dialog mid-check stops waiting too.
  useEffect(() => () => controller.current?.abort(), []);

  return {
    mutation,
    /** True after the person stopped the check (the form says so rather than showing an error). */
    cancelled: cancelled && mutation.isError && isAbort(mutation.error),
    cancel: () => {
      if (!controller.current) return;
      setCancelled(true);
      controller.current.abort();
      void refresh();
    },
  };
}
