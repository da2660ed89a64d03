/** @module The first page: every queue with its depth, and a form to declare one. */
import type { Metadata } from 'next';
import { DeclareQueueForm } from '@/components/queues/declare-queue-form';
import { QueueList } from '@/components/queues/queue-list';

export const metadata: Metadata = { title: 'Queues' };

export default function QueuesPage() {
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold tracking-tight">Queues</h1>
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <QueueList />
        <DeclareQueueForm />
      </div>
    </div>
  );
}
