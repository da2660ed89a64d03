/** @module One selected message: payload views, properties, headers, x-death timeline and its actions. */
'use client';

import type { FieldValue, Message } from '@/lib/client/types';
import { formatBytes, payloadBytes } from '@/lib/console/payload-bytes';
import { exchangeLabel, formatEpochMs } from '@/lib/console/x-death';
import { MessageActions } from './message-actions';
import { PayloadViews } from './payload-views';
import { XDeathTimeline } from './x-death-timeline';

export interface MessageDetailProps {
  queue: string;
  message: Message;
  onDone: (note: string) => void;
}

export function MessageDetail({ queue, message, onDone }: MessageDetailProps) {
  const { headers, ...props } = message.properties;
  const properties: [string, string][] = [
    ['messageId', message.messageId],
    ['exchange', exchangeLabel(message.exchange)],
    ['routingKey', message.routingKey],
    ['publishedAt', formatEpochMs(message.publishedAt)],
    ['redelivered', String(message.redelivered)],
    ['deliveryCount', String(message.deliveryCount)],
    ['size', formatBytes(payloadBytes(message).length)],
    ['payloadEncoding', message.payloadEncoding],
    ...Object.entries(props)
      .filter(([key, value]) => value !== undefined && key !== 'messageId')
      .map(([key, value]): [string, string] => [key, String(value)]),
  ];
  const headerRows = Object.entries(headers ?? {}).filter(([key]) => key !== 'x-death');

  return (
    <div className="flex flex-col gap-5">
      <h3 className="font-mono text-base font-semibold break-all">{message.messageId}</h3>
      <MessageActions queue={queue} message={message} onDone={onDone} />
      <section aria-label="Payload" className="flex flex-col gap-2">
        <h4 className="text-sm font-semibold">Payload</h4>
        <PayloadViews key={message.messageId} message={message} />
      </section>
      <section aria-label="Properties">
        <h4 className="mb-1 text-sm font-semibold">Properties</h4>
        <Table rows={properties} />
      </section>
      <section aria-label="Headers">
        <h4 className="mb-1 text-sm font-semibold">Headers</h4>
        {headerRows.length === 0 ? (
          <p className="text-sm text-ink-muted">No headers{headers?.['x-death'] ? ' besides x-death' : ''}.</p>
        ) : (
          <Table rows={headerRows.map(([key, value]) => [key, headerText(value)])} />
        )}
      </section>
      <section aria-label="x-death">
        <h4 className="mb-1 text-sm font-semibold">x-death</h4>
        <XDeathTimeline headers={headers} />
      </section>
    </div>
  );
}

function headerText(value: FieldValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function Table({ rows }: { rows: [string, string][] }) {
  return (
    <table className="w-full text-left text-xs">
      <tbody>
        {rows.map(([key, value]) => (
          <tr key={key} className="border-b border-line last:border-0 align-top">
            <th scope="row" className="py-1 pr-3 font-mono font-medium whitespace-nowrap text-ink-muted">
              {key}
            </th>
            <td className="py-1 font-mono break-all whitespace-pre-wrap">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
