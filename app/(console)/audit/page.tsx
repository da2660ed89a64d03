/** @module The Audit page: every state change and refusal (one's own without monitoring), filtered, paged, tailed live and downloadable. */
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AuditConsole } from '@/components/audit/audit-console';

export const metadata: Metadata = { title: 'Audit' };

export default function AuditPage() {
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
      <Suspense fallback={<p className="text-sm text-ink-muted">Loading the audit log…</p>}>
        <AuditConsole />
      </Suspense>
    </div>
  );
}
