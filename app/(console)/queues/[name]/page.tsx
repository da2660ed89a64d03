/** @module The Queue page: one queue's figures, charts, consumers, bindings and actions. */
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { QueueDetail } from '@/components/queues/queue-detail';
import { queueNameFromSegment } from '@/components/queues/queue-href';

interface QueuePageProps {
  params: Promise<{ name: string }>;
}

export async function generateMetadata({ params }: QueuePageProps): Promise<Metadata> {
  return { title: queueNameFromSegment((await params).name) };
}

export default async function QueuePage({ params }: QueuePageProps) {
  const name = queueNameFromSegment((await params).name);
  return (
    <Suspense fallback={<p className="text-sm text-ink-muted">Loading the queue…</p>}>
      <QueueDetail key={name} name={name} />
    </Suspense>
  );
}
