/**
 * @module Export definitions in RabbitMQ's format (the whole node with users, vhosts and permissions, or one vhost's
 * topology), and import a file: read, preview the diff, confirm, apply.
 */
'use client';

import { useMutation } from '@tanstack/react-query';
import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ErrorAlert } from '@/components/ui/error-alert';
import { RefusalNote } from '@/components/ui/gated-button';
import { Panel } from '@/components/ui/panel';
import { useViewer } from '@/components/viewer/viewer-provider';
import { browserClient } from '@/lib/client/browser-client';
import type { DefinitionsDiff, DefinitionsImportBody } from '@/lib/client/types';
import { countsText, exportFileName, importText, readDefinitions, summarizeDiff } from '@/lib/console/definitions-diff';
import { DefinitionsDiffView } from './definitions-diff-view';

const fieldClass =
  'rounded-md border border-line bg-surface px-2.5 py-1.5 text-sm text-ink focus-visible:border-focus focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-focus';

function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** `node`: everything, as RabbitMQ's GET /api/definitions; `vhost`: the selected vhost's topology only. */
export type DefinitionsPanelScope = 'node' | 'vhost';

function ExportDefinitions({ scope }: { scope: DefinitionsPanelScope }) {
  const exported = useMutation({
    mutationFn: async (target: 'switchboard' | 'rabbitmq') => {
      const definitions = await browserClient.exportDefinitions({ vhost: scope === 'vhost', ...(target === 'rabbitmq' ? { for: target } : {}) });
      download(`${JSON.stringify(definitions, null, 2)}\n`, exportFileName(new Date()));
      const access = 'users' in definitions ? { vhosts: definitions.vhosts.length, users: definitions.users.length, permissions: definitions.permissions.length } : {};
      return { ...access, exchanges: definitions.exchanges.length, queues: definitions.queues.length, bindings: definitions.bindings.length };
    },
  });
  return (
    <div className="flex flex-col gap-2">
      <h3 className="text-sm font-semibold">Export</h3>
      <p className="text-sm text-ink-muted">
        {scope === 'node'
          ? 'Vhosts, users (with their password hashes), permissions, and every exchange, queue and binding (built-ins left out), as RabbitMQ writes them.'
          : 'Every exchange, queue and binding of this vhost (built-ins left out), as RabbitMQ writes them.'}
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={() => exported.mutate('switchboard')} disabled={exported.isPending}>
          {exported.isPending ? 'Exporting…' : 'Export'}
        </Button>
        {scope === 'node' ? (
          <Button
            onClick={() => exported.mutate('rabbitmq')}
            disabled={exported.isPending}
            title="Users whose password Switchboard hashed get no hash: set their passwords in RabbitMQ after importing."
          >
            Export for RabbitMQ
          </Button>
        ) : null}
        {exported.data ? (
          <p role="status" className="text-sm text-ink-muted">
            Downloaded {countsText(exported.data)}.
          </p>
        ) : null}
      </div>
      {exported.error ? <ErrorAlert error={exported.error} title="Could not export" /> : null}
    </div>
  );
}

export function DefinitionsPanel({ scope, onImported }: { scope: DefinitionsPanelScope; onImported: () => void }) {
  const fileId = useId();
  const textId = useId();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ body: DefinitionsImportBody; diff: DefinitionsDiff } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [imported, setImported] = useState<DefinitionsDiff | null>(null);
  const mayImport = useViewer().pages.importDefinitions;

  const dryRun = useMutation({
    mutationFn: async (body: DefinitionsImportBody) => ({ body, diff: await browserClient.importDefinitions(body, { dryRun: true, vhost: scope === 'vhost' }) }),
    onSuccess: setPreview,
  });
  const apply = useMutation({
    mutationFn: (body: DefinitionsImportBody) => browserClient.importDefinitions(body, { vhost: scope === 'vhost' }),
    onSuccess: (diff) => {
      setConfirming(false);
      setPreview(null);
      setImported(diff);
      onImported();
    },
  });

  const edited = (next: string) => {
    setText(next);
    setReadError(null);
    setPreview(null);
    setImported(null);
    dryRun.reset();
    apply.reset();
  };

  const chooseFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setFileName(file.name);
    edited(await file.text());
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setImported(null);
    apply.reset();
    const read = readDefinitions(text);
    if (!read.ok) {
      setReadError(read.error);
      setPreview(null);
      return;
    }
    setReadError(null);
    dryRun.mutate(read.body);
  };

  const summary = preview ? summarizeDiff(preview.diff) : null;
  const toApply = preview ? importText(preview.diff) : '';

  return (
    <Panel
      title="Definitions"
      description={scope === 'node' ? "The whole broker in RabbitMQ's definitions format." : "This vhost's topology in RabbitMQ's definitions format."}
    >
      <div className="flex flex-col gap-6">
        <ExportDefinitions scope={scope} />

        {!mayImport.allowed ? (
          <div className="flex flex-col gap-2">
            <h3 className="text-sm font-semibold">Import</h3>
            <RefusalNote decision={mayImport} />
          </div>
        ) : (
          <form onSubmit={submit} noValidate aria-label="Import definitions" className="flex flex-col gap-3">
            <h3 className="text-sm font-semibold">Import</h3>
            <p className="text-sm text-ink-muted">
              A definitions file from RabbitMQ or Switchboard. What is missing is declared, users and permissions are updated as RabbitMQ does, nothing is deleted, and
              it is all or nothing; importing twice changes nothing.
            </p>
            <div className="flex flex-col gap-1">
              <label htmlFor={fileId} className="text-sm font-medium">
                Definitions file
              </label>
              <input
                id={fileId}
                type="file"
                accept="application/json,.json"
                onChange={(event) => void chooseFile(event)}
                className="text-sm text-ink file:mr-3 file:rounded-md file:border file:border-line file:bg-surface file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-ink hover:file:bg-surface-muted focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
              />
              {fileName ? <p className="text-xs text-ink-muted break-all">Read {fileName}.</p> : null}
            </div>
            <div className="flex flex-col gap-1">
              <label htmlFor={textId} className="text-sm font-medium">
                Or paste the JSON
              </label>
              <textarea
                id={textId}
                rows={8}
                value={text}
                onChange={(event) => {
                  setFileName(null);
                  edited(event.target.value);
                }}
                spellCheck={false}
                placeholder='{"exchanges": [], "queues": [], "bindings": []}'
                className={`${fieldClass} font-mono text-xs`}
              />
            </div>
            {readError ? (
              <p role="alert" className="rounded-md border border-danger-line bg-danger-surface px-3 py-2 text-sm text-danger">
                {readError}
              </p>
            ) : null}
            {dryRun.error ? <ErrorAlert error={dryRun.error} title="The broker refused the file" /> : null}
            <div>
              <Button type="submit" variant="primary" disabled={dryRun.isPending}>
                {dryRun.isPending ? 'Checking…' : 'Preview import'}
              </Button>
            </div>
          </form>
        )}

        {preview && summary ? (
          <section aria-label="Import preview" className="flex flex-col gap-3">
            <h3 className="text-sm font-semibold">Import preview</h3>
            <DefinitionsDiffView summary={summary} />
            {!summary.upToDate && !summary.blocked ? (
              <div>
                <Button variant="primary" onClick={() => setConfirming(true)}>
                  Apply import
                </Button>
              </div>
            ) : null}
          </section>
        ) : null}

        {imported ? (
          <div role="status" className="rounded-md border border-success-line bg-success-surface px-3 py-2 text-sm text-success">
            Imported: {importText(imported)}.
          </div>
        ) : null}
      </div>

      <ConfirmDialog
        open={confirming && preview !== null}
        title={`Import: ${toApply}?`}
        confirmLabel="Apply import"
        pending={apply.isPending}
        onConfirm={() => preview && apply.mutate(preview.body)}
        onCancel={() => {
          setConfirming(false);
          apply.reset();
        }}
      >
        <p>It is applied on this broker now, all or nothing. Nothing is deleted; a user whose password changes has its sessions and connections ended.</p>
        {apply.error ? (
          <div className="mt-2">
            <ErrorAlert error={apply.error} title="Could not import" />
          </div>
        ) : null}
      </ConfirmDialog>
    </Panel>
  );
}
