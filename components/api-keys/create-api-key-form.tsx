/** @module Creates an API key of the viewer's own: a name, read-only or full, and an optional last day. */
'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { CheckboxField } from '@/components/ui/checkbox-field';
import { ErrorAlert } from '@/components/ui/error-alert';
import { GatedButton } from '@/components/ui/gated-button';
import { Panel } from '@/components/ui/panel';
import { TextField } from '@/components/ui/text-field';
import { useViewer } from '@/components/viewer/viewer-provider';
import { browserClient } from '@/lib/client/browser-client';
import type { CreateApiKeyBody, CreatedApiKey } from '@/lib/client/types';
import { apiKeyBody, emptyApiKeyForm, type ApiKeyFormValues } from '@/lib/console/api-key-form';
import { apiKeyKeys } from './api-key-keys';

export function CreateApiKeyForm({ onCreated }: { onCreated: (created: CreatedApiKey) => void }) {
  const queryClient = useQueryClient();
  const mayCreate = useViewer().pages.createApiKey;
  const [values, setValues] = useState<ApiKeyFormValues>(emptyApiKeyForm);
  const [problem, setProblem] = useState<string>();
  const create = useMutation({
    mutationFn: (body: CreateApiKeyBody) => browserClient.createApiKey(body),
    onSuccess: (created) => {
      setValues(emptyApiKeyForm);
      onCreated(created);
      return queryClient.invalidateQueries({ queryKey: apiKeyKeys.all });
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!mayCreate.allowed) return;
    const result = apiKeyBody(values, Date.now());
    setProblem(result.ok ? undefined : result.error);
    if (result.ok) create.mutate(result.body);
  }

  return (
    <Panel title="New API key" description="For an application, a script or a dashboard: it acts as you, or only looks when read-only.">
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <TextField
          label="Key name"
          required
          maxLength={255}
          autoComplete="off"
          spellCheck={false}
          value={values.name}
          onChange={(event) => setValues({ ...values, name: event.target.value })}
        />
        <CheckboxField
          label="Read-only"
          hint="Lists, figures and payloads; no declare, publish, purge, consume or delete."
          checked={values.readOnly}
          onChange={(event) => setValues({ ...values, readOnly: event.target.checked })}
        />
        <TextField
          label="Expires on (optional)"
          hint="The key works through the end of that day. Empty: until revoked."
          type="date"
          value={values.expiresOn}
          onChange={(event) => setValues({ ...values, expiresOn: event.target.value })}
        />
        {problem ? (
          <p role="alert" className="rounded-md border border-danger-line bg-danger-surface px-3 py-2 text-sm text-danger">
            {problem}
          </p>
        ) : null}
        {create.isError ? <ErrorAlert error={create.error} title="Could not create the key" /> : null}
        <GatedButton decision={mayCreate} type="submit" variant="primary" disabled={create.isPending} className="self-start">
          {create.isPending ? 'Creating…' : 'Create key'}
        </GatedButton>
      </form>
    </Panel>
  );
}
