/** @module The page of peeked messages: one row each, a checkbox to pick it, the id a link that opens it (Tab to reach, Enter to open). */
'use client';

import Link from 'next/link';
import { useEffect, useRef } from 'react';
import type { Message } from '@/lib/client/types';
import { formatBytes, payloadBytes, payloadPreview } from '@/lib/console/payload-bytes';
import { pageSelectionState, type Selection } from '@/lib/console/message-selection';
import { formatEpochMs } from '@/lib/console/x-death';

export interface MessageTableProps {
  messages: Message[];
  selected?: string;
  hrefFor: (messageId: string) => string;
  /** Messages picked for a bulk action; with `onPick`, each row gets a checkbox. */
  picked?: Selection;
  onPick?: (messageId: string, on: boolean) => void;
  onPickPage?: (on: boolean) => void;
  /** Why a message cannot be picked (undefined: it can); its checkbox is then disabled and says why. */
  unpickable?: (message: Message) => string | undefined;
}

const checkboxClass = 'size-4 accent-accent focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus';

function PageCheckbox({ state, onChange }: { state: 'none' | 'some' | 'all'; onChange: (on: boolean) => void }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = state === 'some';
  }, [state]);
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label="Select all on this page"
      title="Select all on this page"
      checked={state === 'all'}
      onChange={() => onChange(state !== 'all')}
      className={checkboxClass}
    />
  );
}

export function MessageTable({ messages, selected, hrefFor, picked, onPick, onPickPage, unpickable }: MessageTableProps) {
  const picking = Boolean(onPick);
  const pageState = pageSelectionState(picked ?? new Set<string>(), pickableIds(messages, unpickable));
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-left text-sm">
        <caption className="sr-only">Ready messages in delivery order</caption>
        <thead>
          <tr className="border-b border-line text-xs text-ink-muted">
            {picking ? (
              <th scope="col" className="w-8 px-2 py-2 font-medium">
                {onPickPage ? <PageCheckbox state={pageState} onChange={onPickPage} /> : <span className="sr-only">Pick</span>}
              </th>
            ) : null}
            <th scope="col" className="px-2 py-2 font-medium">Message id</th>
            <th scope="col" className="px-2 py-2 font-medium">Routing key</th>
            <th scope="col" className="px-2 py-2 font-medium">Published at</th>
            <th scope="col" className="px-2 py-2 font-medium">Deliveries</th>
            <th scope="col" className="px-2 py-2 text-right font-medium">Size</th>
            <th scope="col" className="px-2 py-2 font-medium">Payload</th>
          </tr>
        </thead>
        <tbody>
          {messages.map((message) => {
            const isSelected = message.messageId === selected;
            const isPicked = picked?.has(message.messageId) ?? false;
            const refusal = unpickable?.(message);
            return (
              <tr
                key={message.messageId}
                data-message-id={message.messageId}
                data-picked={isPicked ? 'true' : undefined}
                className={`border-b border-line last:border-0 ${isSelected || isPicked ? 'bg-surface-muted' : ''}`}
              >
                {onPick ? (
                  <td className="w-8 px-2 py-1.5">
                    <input
                      type="checkbox"
                      aria-label={`Select message ${message.messageId}`}
                      checked={isPicked}
                      disabled={refusal !== undefined}
                      title={refusal}
                      data-unpickable={refusal !== undefined ? true : undefined}
                      onChange={(event) => onPick(message.messageId, event.target.checked)}
                      className={`${checkboxClass} disabled:cursor-not-allowed disabled:opacity-50`}
                    />
                  </td>
                ) : null}
                <th scope="row" className="max-w-48 px-2 py-1.5 font-normal">
                  <Link
                    href={hrefFor(message.messageId)}
                    scroll={false}
                    aria-current={isSelected ? 'true' : undefined}
                    className="block truncate rounded font-mono text-xs text-accent hover:underline focus-visible:outline-2 focus-visible:outline-focus"
                    title={message.messageId}
                  >
                    {message.messageId}
                  </Link>
                </th>
                <td className="max-w-40 truncate px-2 py-1.5 font-mono text-xs" title={message.routingKey}>
                  {message.routingKey === '' ? <span className="text-ink-muted">(empty)</span> : message.routingKey}
                </td>
                <td className="px-2 py-1.5 text-xs whitespace-nowrap tabular-nums">{formatEpochMs(message.publishedAt)}</td>
                <td className="px-2 py-1.5 text-xs whitespace-nowrap tabular-nums">
                  {message.deliveryCount}
                  {message.redelivered ? <span className="ml-1 rounded bg-surface-muted px-1 text-ink-muted">redelivered</span> : null}
                </td>
                <td className="px-2 py-1.5 text-right text-xs whitespace-nowrap tabular-nums">{formatBytes(payloadBytes(message).length)}</td>
                <td className="max-w-64 truncate px-2 py-1.5 font-mono text-xs text-ink-muted">{payloadPreview(message, 60)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The ids of the messages that can be picked: what "select all on this page" picks. */
export function pickableIds(messages: readonly Message[], unpickable?: (message: Message) => string | undefined): string[] {
  return messages.filter((message) => unpickable?.(message) === undefined).map((message) => message.messageId);
}
