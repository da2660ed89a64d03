/** @module The API keys page's body: the viewer's own keys and a form for a new one, whose secret is shown once. */
'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Panel } from '@/components/ui/panel';
import { useViewer } from '@/components/viewer/viewer-provider';
import { browserClient } from '@/lib/client/browser-client';
import type { CreatedApiKey } from '@/lib/client/types';
import { apiKeyKeys } from './api-key-keys';
import { ApiKeyTable } from './api-key-table';
import { CreateApiKeyForm } from './create-api-key-form';
import { CreatedKeyDialog } from './created-key-dialog';

export function ApiKeysConsole() {
  const { whoami } = useViewer();
  const [created, setCreated] = useState<CreatedApiKey>();
  const keys = useQuery({ queryKey: apiKeyKeys.all, queryFn: ({ signal }) => browserClient.listApiKeys({ signal }) });
  return (
    <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
      <Panel title={`Keys of ${whoami.name}`} description="A key acts as you, with your tags and permissions (or only reads, when read-only).">
        {keys.isError ? <ErrorAlert error={keys.error} title="Could not load your keys" /> : null}
        {keys.data === undefined ? (
          keys.isPending ? <p className="text-sm text-ink-muted">Loading keys…</p> : null
        ) : keys.data.length === 0 ? (
          <p className="text-sm text-ink-muted">No API keys yet.</p>
        ) : (
          <ApiKeyTable keys={keys.data} now={keys.dataUpdatedAt} />
        )}
      </Panel>
      <CreateApiKeyForm onCreated={setCreated} />
      <CreatedKeyDialog created={created} onClose={() => setCreated(undefined)} />
    </div>
  );
}
