/** @module The one time a new API key is shown: the secret as text, a copy button (focused first), and how to use it. */
'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { ModalDialog } from '@/components/ui/modal-dialog';
import type { CreatedApiKey } from '@/lib/client/types';

export function CreatedKeyDialog({ created, onClose }: { created: CreatedApiKey | undefined; onClose: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed'>();
  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied('yes');
    } catch {
      // Clipboard access needs a secure context and permission; the key stays selectable by hand.
      setCopied('failed');
    }
  };
  const close = () => {
    setCopied(undefined);
    onClose();
  };
  return (
    <ModalDialog open={created !== undefined} title={created ? `API key ${created.name} created` : 'API key created'} onClose={close} wide>
      {created ? (
        <div className="flex flex-col gap-4 text-sm">
          <p className="font-medium">Copy it now: Switchboard keeps only a hash of it and will not show it again.</p>
          <div className="flex flex-wrap items-center gap-2">
            <code data-testid="new-api-key" className="min-w-0 flex-1 rounded-md border border-line bg-surface-muted px-2.5 py-1.5 font-mono text-xs break-all select-all">
              {created.key}
            </code>
            <Button onClick={() => void copy()}>Copy</Button>
          </div>
          <p role="status" className="min-h-5 text-xs text-ink-muted">
            {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? 'The browser refused the clipboard: select the key and copy it.' : ''}
          </p>
          <p className="text-ink-muted">
            Use it over HTTP as <code className="font-mono">Authorization: Bearer …</code>, over AMQP as the password of your user, or on the login page.
            {created.readOnly ? ' It is read-only: it can look, never change anything.' : ''}
            {created.expiresAt !== undefined ? ` It stops working after ${new Date(created.expiresAt).toLocaleString()}.` : ''}
          </p>
          <div className="flex justify-end">
            <Button variant="primary" onClick={close}>
              Done
            </Button>
          </div>
        </div>
      ) : null}
    </ModalDialog>
  );
}
