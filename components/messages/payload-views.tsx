/** @module A message payload as JSON, text or hex: every byte rendered as inert text, never as markup. */
'use client';

import { useId, useState } from 'react';
import type { Message } from '@/lib/client/types';
import { hexDump } from '@/lib/console/hex-dump';
import { jsonView } from '@/lib/console/json-payload';
import { payloadBytes, payloadText } from '@/lib/console/payload-bytes';

const views = ['JSON', 'Text', 'Hex'] as const;
type View = (typeof views)[number];

export function PayloadViews({ message }: { message: Message }) {
  const text = payloadText(message);
  const json = jsonView(text);
  const [view, setView] = useState<View>(json.ok ? 'JSON' : 'Text');
  const id = useId();

  return (
    <div className="flex flex-col gap-2">
      <div role="tablist" aria-label="Payload view" className="flex gap-1">
        {views.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`${id}-${name}-tab`}
            aria-selected={view === name}
            aria-controls={`${id}-panel`}
            onClick={() => setView(name)}
            className={`rounded-md border px-2.5 py-1 text-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus ${
              view === name ? 'border-accent bg-accent text-accent-ink' : 'border-line bg-surface text-ink hover:bg-surface-muted'
            }`}
          >
            {name}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-${view}-tab`} tabIndex={0} className="rounded-md focus-visible:outline-2 focus-visible:outline-focus">
        {view === 'JSON' ? (
          json.ok ? (
            <Pre label="JSON payload">{json.pretty}</Pre>
          ) : (
            <p className="text-sm text-ink-muted">This payload is not JSON. {json.reason}</p>
          )
        ) : null}
        {view === 'Text' ? (
          <>
            {message.payloadEncoding === 'base64' ? (
              <p className="mb-1 text-xs text-ink-muted">Not valid UTF-8: bytes that are not text show as �.</p>
            ) : null}
            <Pre label="Text payload">{text}</Pre>
          </>
        ) : null}
        {view === 'Hex' ? <HexView bytes={payloadBytes(message)} /> : null}
      </div>
    </div>
  );
}

function Pre({ label, children }: { label: string; children: string }) {
  return (
    <pre aria-label={label} className="max-h-96 overflow-auto rounded-md border border-line bg-surface-muted p-3 font-mono text-xs whitespace-pre-wrap break-all text-ink">
      {children === '' ? ' ' : children}
    </pre>
  );
}

function HexView({ bytes }: { bytes: Uint8Array }) {
  const dump = hexDump(bytes);
  if (dump.rows.length === 0) return <p className="text-sm text-ink-muted">The payload is empty.</p>;
  return (
    <div className="max-h-96 overflow-auto rounded-md border border-line bg-surface-muted p-2">
      <table aria-label="Hex payload" className="font-mono text-xs whitespace-pre text-ink">
        <thead>
          <tr className="text-left text-ink-muted">
            <th scope="col" className="pr-4 font-medium">Offset</th>
            <th scope="col" className="pr-4 font-medium">Hex</th>
            <th scope="col" className="font-medium">ASCII</th>
          </tr>
        </thead>
        <tbody>
          {dump.rows.map((row) => (
            <tr key={row.offset}>
              <td className="pr-4 text-ink-muted">{row.offset}</td>
              <td className="pr-4">{row.hex}</td>
              <td>{row.ascii}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {dump.omitted > 0 ? <p className="mt-1 text-xs text-ink-muted">{dump.omitted} more bytes not shown.</p> : null}
    </div>
  );
}
