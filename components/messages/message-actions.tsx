/** @module Actions on one ready message, touching nothing else: delete, move, requeue at the tail, copy into the publish form. */
'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { queueHref } from '@/components/queues/queue-href';
import { queueKeys } from '@/components/queues/queue-keys';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorAlert } from '@/components/ui/error-alert';
import { useBrokerAbilities } from '@/components/clusters/broker-scope-provider';
import { GatedButton, RefusalNote } from '@/components/ui/gated-button';
import { TextField } from '@/components/ui/text-field';
import { useCan } from '@/components/viewer/viewer-provider';
import { browserClient } from '@/lib/client/browser-client';
import type { Message, MoveTarget } from '@/lib/client/types';
import { publishFormFromMessage } from '@/lib/console/publish-prefill';
import { firstRefusal, refused } from '@/lib/console/viewer-permissions';
import { messageKeys } from './message-keys';
import { storePublishPrefill } from './use-publish-prefill';

export interface MessageActionsProps {
  queue: string;
  message: Message;
  onDone: (note: string) => void;
}

export function MessageActions({ queue, message, onDone }: MessageActionsProps) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [moving, setMoving] = useState(false);
  const [mode, setMode] = useState<'queue' | 'exchange'>('queue');
  const [target, setTarget] = useState({ queue: '', exchange: '', routingKey: '' });
  const id = message.messageId;
  const can = useCan();
  // What the broker does not do is left out, with its reason said once; what the viewer may not do stays, refused.
  const broker = useBrokerAbilities();
  const brokerDeletes = broker.operation('deleteMessage');
  const brokerMoves = broker.operation('moveMessage');
  const brokerRequeues = broker.operation('requeueMessage');
  const notServed = (
    [
      ['delete', brokerDeletes],
      ['move', brokerMoves],
      ['requeue', brokerRequeues],
    ] as const
  ).filter(([, decision]) => !decision.allowed);
  const notServedReason = firstRefusal(...notServed.map(([, decision]) => decision));
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: messageKeys.queue(queue) }), queryClient.invalidateQueries({ queryKey: queueKeys.all })]);

  const remove = useMutation({
    mutationFn: () => browserClient.deleteMessage(queue, id),
    onSuccess: async () => {
      setConfirming(false);
      await refresh();
      onDone(`Deleted message ${id}.`);
    },
    onError: () => setConfirming(false),
  });
  const move = useMutation({
    mutationFn: (to: MoveTarget) => browserClient.moveMessage(queue, id, to),
    onSuccess: async (result) => {
      await refresh();
      onDone(result.queues.length > 0 ? `Moved message ${id} to ${result.queues.join(', ')}.` : `Moved message ${id}; no queue took it.`);
    },
  });
  const requeue = useMutation({
    mutationFn: () => browserClient.requeueMessage(queue, id),
    onSuccess: async () => {
      await refresh();
      onDone(`Requeued message ${id} at the tail of ${queue}.`);
    },
  });
  const prefill = publishFormFromMessage(message);
  const moveTarget: MoveTarget = mode === 'queue' ? { queue: target.queue.trim() } : { exchange: target.exchange.trim(), routingKey: target.routingKey };
  const noTargetYet = 'queue' in moveTarget && moveTarget.queue === '';
  // Until a queue is named, only the source decides; then the name typed does too.
  const mayMove = noTargetYet ? can.deleteMessage(queue) : can.moveMessage(queue, 'queue' in moveTarget ? { queue: moveTarget.queue } : { exchange: moveTarget.exchange });

  function submitMove(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (mayMove.allowed) move.mutate(moveTarget);
  }

  const pending = remove.isPending || move.isPending || requeue.isPending;
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap gap-2">
        {brokerDeletes.allowed ? (
          <GatedButton decision={can.deleteMessage(queue)} onClick={() => setConfirming(true)} disabled={pending} className="text-danger">
            Delete message
          </GatedButton>
        ) : null}
        {brokerMoves.allowed ? (
          <GatedButton decision={can.deleteMessage(queue)} onClick={() => setMoving((open) => !open)} aria-expanded={moving} disabled={pending}>
            Move…
          </GatedButton>
        ) : null}
        {brokerRequeues.allowed ? (
          <GatedButton decision={can.requeueMessage(queue)} onClick={() => requeue.mutate()} disabled={pending}>
            {requeue.isPending ? 'Requeueing…' : 'Requeue at tail'}
          </GatedButton>
        ) : null}
        <GatedButton
          decision={firstRefusal(broker.operation('publishToQueue'), can.publishToQueue())}
          disabled={prefill === undefined}
          title={prefill === undefined ? 'Binary payloads cannot be edited in the publish form.' : undefined}
          onClick={() => {
            if (!prefill) return;
            storePublishPrefill(queue, prefill);
            router.push(queueHref(queue));
          }}
        >
          Copy into publish form
        </GatedButton>
      </div>
      {notServed.length > 0 && !notServedReason.allowed ? (
        <RefusalNote decision={refused(`No ${listed(notServed.map(([action]) => action))} of this message here. ${notServedReason.reason}.`)} />
      ) : null}
      {moving && brokerMoves.allowed ? (
        <form onSubmit={submitMove} aria-label="Move message" className="flex flex-col gap-3 rounded-md border border-line p-3">
          <fieldset className="flex flex-wrap gap-4 text-sm">
            <legend className="mb-1 text-sm font-medium">Move to</legend>
            {(
              [
                ['queue', 'A queue'],
                ['exchange', 'An exchange'],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="flex items-center gap-1.5">
                <input type="radio" name="move-mode" value={value} checked={mode === value} onChange={() => setMode(value)} className="accent-accent" />
                {label}
              </label>
            ))}
          </fieldset>
          {mode === 'queue' ? (
            <TextField label="Target queue" required autoComplete="off" spellCheck={false} value={target.queue} onChange={(e) => setTarget({ ...target, queue: e.target.value })} />
          ) : (
            <div className="grid gap-3 sm:grid-cols-2">
              <TextField
                label="Exchange"
                autoComplete="off"
                spellCheck={false}
                value={target.exchange}
                hint="Empty for the default exchange."
                onChange={(e) => setTarget({ ...target, exchange: e.target.value })}
              />
              <TextField label="Routing key" autoComplete="off" spellCheck={false} value={target.routingKey} onChange={(e) => setTarget({ ...target, routingKey: e.target.value })} />
            </div>
          )}
          <GatedButton
            decision={mayMove}
            type="submit"
            variant="primary"
            className="self-start"
            disabled={pending || noTargetYet}
          >
            {move.isPending ? 'Moving…' : 'Move message'}
          </GatedButton>
        </form>
      ) : null}
      {remove.isError ? <ErrorAlert error={remove.error} title="Could not delete the message" /> : null}
      {move.isError ? <ErrorAlert error={move.error} title="Could not move the message" /> : null}
      {requeue.isError ? <ErrorAlert error={requeue.error} title="Could not requeue the message" /> : null}
      <ConfirmDialog
        open={confirming}
        title={`Delete message ${id}?`}
        confirmLabel="Delete message"
        pending={remove.isPending}
        onConfirm={() => remove.mutate()}
        onCancel={() => setConfirming(false)}
      >
        Only this message is removed from {queue}, for good.
      </ConfirmDialog>
    </div>
  );
}

function listed(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}
