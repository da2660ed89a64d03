/** @module The API keys page: one's own keys for applications and scripts, created (shown once), listed and revoked. */
import type { Metadata } from 'next';
import { ApiKeysConsole } from '@/components/api-keys/api-keys-console';

export const metadata: Metadata = { title: 'API keys' };

export default function ApiKeysPage() {
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold tracking-tight">API keys</h1>
      <ApiKeysConsole />
    </div>
  );
}
