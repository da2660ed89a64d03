/** @module The Queues page: every queue, searched, sorted and paged by the server, and a form to declare one. */
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DeclareQueueForm } from '@/components/queues/declare-queue-form';
import { QueuesBrowser } from '@/components/queues/queues-browser';

export const metadata: Metadata = { title: 'Queues' };

export default function QueuesPage() {
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold tracking-tight">Queues</h1>
      <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,1fr)_20rem]">
        <Suspense fallback={<p className="text-sm text-ink-muted">Loading queues…</p>}>
          <QueuesBrowser />
        </Suspense>
        <DeclareQueueForm />
      </div>
    </div>
  );
}
