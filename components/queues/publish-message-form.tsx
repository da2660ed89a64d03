/** @module Publishes one message to the queue: payload (JSON-checked), content type, headers as rows, properties. */
'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { usePublishPrefill } from '@/components/messages/use-publish-prefill';
import { Button } from '@/components/ui/button';
import { CheckboxField } from '@/components/ui/checkbox-field';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Panel } from '@/components/ui/panel';
import { TextField } from '@/components/ui/text-field';
import { browserClient } from '@/lib/client/browser-client';
import type { PublishBody } from '@/lib/client/types';
import { emptyPublishForm, payloadJsonError, toPublishBody, type PublishFormValues } from '@/lib/console/publish-form-body';
import { queueKeys } from './queue-keys';

export function PublishMessageForm({ name }: { name: string }) {
  const [values, setValues] = useState<PublishFormValues>(emptyPublishForm);
  const [problems, setProblems] = useState<string[]>([]);
  usePublishPrefill(name, setValues);
  const payloadId = useId();
  const queryClient = useQueryClient();
  const publish = useMutation({
    mutationFn: (body: Omit<PublishBody, 'routingKey'>) => browserClient.publishToQueue(name, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queueKeys.all }),
  });
  const set = <K extends keyof PublishFormValues>(key: K, value: PublishFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const jsonError = values.payload === '' ? undefined : payloadJsonError(values.payload, values.contentType);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const check = toPublishBody(values);
    if (!check.ok) {
      setProblems(check.errors);
      return;
    }
    setProblems([]);
    publish.mutate(check.body);
  }

  const setHeader = (index: number, field: 'key' | 'value', text: string) =>
    set(
      'headers',
      values.headers.map((row, i) => (i === index ? { ...row, [field]: text } : row)),
    );

  return (
    <Panel title="Publish a message" description="Sent through the default exchange with this queue's name as routing key.">
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <div className="flex flex-col gap-1">
          <label htmlFor={payloadId} className="text-sm font-medium">
            Payload
          </label>
          <textarea
            id={payloadId}
            name="payload"
            rows={6}
            spellCheck={false}
            value={values.payload}
            aria-invalid={jsonError ? true : undefined}
            aria-describedby={`${payloadId}-check`}
            onChange={(event) => set('payload', event.target.value)}
            className="rounded-md border border-line bg-surface px-2.5 py-1.5 font-mono text-sm text-ink focus-visible:border-focus focus-visible:outline-2 focus-visible:outline-focus aria-[invalid=true]:border-danger"
          />
          <p id={`${payloadId}-check`} aria-live="polite" className={`text-xs ${jsonError ? 'text-danger' : 'text-ink-muted'}`}>
            {jsonError ?? (values.contentType.includes('json') && values.payload !== '' ? 'Valid JSON.' : 'Any text.')}
          </p>
        </div>
        <TextField
          label="Content type"
          name="contentType"
          autoComplete="off"
          spellCheck={false}
          value={values.contentType}
          onChange={(event) => set('contentType', event.target.value)}
          hint="application/json payloads are checked before sending."
        />
        <fieldset className="flex flex-col gap-2 rounded-md border border-line p-3">
          <legend className="px-1 text-sm font-medium text-ink-muted">Headers</legend>
          {values.headers.map((row, index) => (
            <div key={index} className="flex items-end gap-2">
              <TextField
                label={`Header ${index + 1} name`}
                value={row.key}
                autoComplete="off"
                spellCheck={false}
                onChange={(event) => setHeader(index, 'key', event.target.value)}
                className="flex-1"
              />
              <TextField
                label={`Header ${index + 1} value`}
                value={row.value}
                autoComplete="off"
                spellCheck={false}
                onChange={(event) => setHeader(index, 'value', event.target.value)}
                className="flex-1"
              />
              <Button
                variant="ghost"
                aria-label={`Remove header ${index + 1}`}
                onClick={() =>
                  set(
                    'headers',
                    values.headers.filter((_, i) => i !== index),
                  )
                }
              >
                ✕
              </Button>
            </div>
          ))}
          <Button className="self-start" onClick={() => set('headers', [...values.headers, { key: '', value: '' }])}>
            Add header
          </Button>
        </fieldset>
        <fieldset className="grid gap-3 rounded-md border border-line p-3 sm:grid-cols-2">
          <legend className="px-1 text-sm font-medium text-ink-muted">Properties</legend>
          <TextField label="Message id" value={values.messageId} autoComplete="off" onChange={(e) => set('messageId', e.target.value)} />
          <TextField label="Correlation id" value={values.correlationId} autoComplete="off" onChange={(e) => set('correlationId', e.target.value)} />
          <TextField label="Priority" type="number" min={0} max={255} value={values.priority} onChange={(e) => set('priority', e.target.value)} />
          <TextField label="Expiration (ms)" type="number" min={0} value={values.expirationMs} onChange={(e) => set('expirationMs', e.target.value)} />
          <CheckboxField label="Persistent" checked={values.persistent} onChange={(e) => set('persistent', e.target.checked)} />
        </fieldset>
        {problems.length > 0 ? (
          <div role="alert" className="rounded-md border border-danger-line bg-danger-surface px-3 py-2 text-sm text-danger">
            <p className="font-semibold">Not sent:</p>
            <ul className="list-disc pl-5">
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {publish.isError ? <ErrorAlert error={publish.error} title="Could not publish" /> : null}
        <div role="status">
          {publish.isSuccess ? (
            <div className="rounded-md border border-success-line bg-success-surface px-3 py-2 text-sm text-success">
              <p>
                Published message <span className="font-mono">{publish.data.messageId}</span>
                {publish.data.routed ? '' : ' (not routed)'}:
              </p>
              <pre className="mt-1 max-h-32 overflow-auto font-mono text-xs whitespace-pre-wrap break-all text-ink">
                {publish.variables.payload}
              </pre>
            </div>
          ) : null}
        </div>
        <Button type="submit" variant="primary" disabled={publish.isPending} className="self-start">
          {publish.isPending ? 'Publishing…' : 'Publish message'}
        </Button>
      </form>
    </Panel>
  );
}
