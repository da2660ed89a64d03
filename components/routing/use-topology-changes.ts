/**
 * @module Runs the canvas's topology changes through the API, keeps what each one did for Undo (button, and
 * Ctrl/Cmd+Z outside text fields and dialogs), and says in a status line what happened.
 */
'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { browserClient } from '@/lib/client/browser-client';
import { pushChange, revertChange, type TopologyChange } from '@/lib/console/topology-undo';
import { routingKeys } from './routing-keys';

export interface ChangeStatus {
  tone: 'success' | 'error';
  text: string;
}

const isTextField = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

export function useTopologyChanges() {
  const queryClient = useQueryClient();
  const [stack, setStack] = useState<TopologyChange[]>([]);
  const [status, setStatus] = useState<ChangeStatus>();
  const [undoing, setUndoing] = useState(false);
  const refresh = useCallback(() => queryClient.invalidateQueries({ queryKey: routingKeys.topology }), [queryClient]);

  /** Runs a change; its errors go to the caller (the dialog shows them). `unchanged` is said when nothing was new. */
  const run = useCallback(
    async (action: (client: typeof browserClient) => Promise<TopologyChange | undefined>, unchanged: string) => {
      const change = await action(browserClient);
      setStack((current) => pushChange(current, change));
      setStatus({ tone: 'success', text: change ? change.description : unchanged });
      await refresh();
    },
    [refresh],
  );

  const top = stack[stack.length - 1];
  const undoRef = useRef<() => void>(() => {});
  const undo = useCallback(async () => {
    if (!top || undoing) return;
    setUndoing(true);
    try {
      await revertChange(browserClient, top);
      setStack((current) => (current[current.length - 1] === top ? current.slice(0, -1) : current));
      setStatus({ tone: 'success', text: `Undone: ${top.description}` });
    } catch (error) {
      // Kept on the stack: undo is safe to retry once the cause (say, messages in a new queue) is dealt with.
      setStatus({ tone: 'error', text: `Could not undo “${top.description}”: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      setUndoing(false);
      await refresh();
    }
  }, [top, undoing, refresh]);
  undoRef.current = undo;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'z' || !(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey) return;
      if (isTextField(event.target) || document.querySelector('dialog[open]')) return;
      event.preventDefault();
      undoRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return { run, undo, canUndo: top !== undefined && !undoing, undoing, nextUndo: top?.description, status };
}

export type TopologyChanges = ReturnType<typeof useTopologyChanges>;
