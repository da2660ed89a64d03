/**
 * @module Reading a queue the broker can only get and requeue (a classic or quorum queue on an attached RabbitMQ
 * cluster): which mode the browser is in, the note saying what a read does, and the read itself — on request only,
 * at most 100 from the head, no cursor, each message taken and requeued.
 */
'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useBrokerAbilities } from '@/components/clusters/broker-scope-provider';
import { queueKeys } from '@/components/queues/queue-keys';
import { GatedButton } from '@/components/ui/gated-button';
import { browserClient } from '@/lib/client/browser-client';
import type { Decision } from '@/lib/console/viewer-permissions';

/** The most a get-and-requeue read takes from the head of the queue (the server's bound). */
export const GET_AND_REQUEUE_LIMIT = 100;

export type BrowseMode = { kind: 'peek' } | { kind: 'get-and-requeue'; reason: string } | { kind: 'unknown' };

/**
 * How the browser reads `name`: peeking (side-effect free: the embedded broker, a stream) or get-and-requeue; unknown
 * until the queue's type is known where it matters, so that nothing is read before then.
 */
export function useBrowseMode(name: string, enabled: boolean): BrowseMode {
  const sideEffectFree = useBrokerAbilities().capability('sideEffectFreeBrowse');
  const queue = useQuery({
    queryKey: queueKeys.detail(name),
    queryFn: ({ signal }) => browserClient.getQueue(name, { signal }),
    enabled: enabled && !sideEffectFree.allowed,
  });
  if (sideEffectFree.allowed) return { kind: 'peek' };
  // Not knowing the type (the queue could not be read), nothing is read by itself either.
  if (queue.isError) return { kind: 'get-and-requeue', reason: sideEffectFree.reason };
  if (!queue.data) return { kind: 'unknown' };
  return queue.data.type === 'stream' ? { kind: 'peek' } : { kind: 'get-and-requeue', reason: sideEffectFree.reason };
}

/** One get-and-requeue read, with the search the server keeps matches of; only when asked (`mutate`). */
export function useGetAndRequeueRead(name: string) {
  return useMutation({
    mutationFn: (search: string) => browserClient.peekMessages(name, { limit: GET_AND_REQUEUE_LIMIT, search: search || undefined, getAndRequeue: true }),
  });
}

export interface GetAndRequeueBarProps {
  reason: string;
  /** The search the next read keeps the matches of. */
  search: string;
  /** The search of the read shown, if one was made. */
  readWith: string | undefined;
  pending: boolean;
  onRead: () => void;
  /** Whether the broker and the viewer allow reading at all (the refusal is said beside the button). */
  decision: Decision;
}

/** The note on what a read does here, and the button that does one. */
export function GetAndRequeueBar({ reason, search, readWith, pending, onRead, decision }: GetAndRequeueBarProps) {
  return (
    <div className="flex flex-col gap-3">
      <div role="note" aria-label="How this queue is read" data-browse-mode="get-and-requeue" className="rounded-md border border-line bg-surface-muted px-3 py-2 text-sm text-ink">
        <p className="font-medium">Reading this queue takes its messages and requeues them.</p>
        <p className="mt-1">{reason}.</p>
        <p className="mt-1">
          A read takes at most {GET_AND_REQUEUE_LIMIT} messages from the head of the queue and puts each one back, marked redelivered. Nothing is read until you
          ask, and there is no next page.
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <GatedButton decision={decision} variant="primary" onClick={onRead} disabled={pending}>
          {pending ? 'Reading…' : readWith === undefined ? `Read the first ${GET_AND_REQUEUE_LIMIT} (get-and-requeue)` : 'Read again'}
        </GatedButton>
        {decision.allowed && search ? (
          <span className="text-sm text-ink-muted">Keeps only the messages matching “{search}”.</span>
        ) : null}
      </div>
    </div>
  );
}
