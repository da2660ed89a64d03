/** @module The message browser page: one queue's ready messages, peeked without consuming. */
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { MessageBrowser } from '@/components/messages/message-browser';
import { queueNameFromSegment } from '@/components/queues/queue-href';

interface MessagesPageProps {
  params: Promise<{ name: string }>;
}

export async function generateMetadata({ params }: MessagesPageProps): Promise<Metadata> {
  return { title: `Messages · ${queueNameFromSegment((await params).name)}` };
}

export default async function MessagesPage({ params }: MessagesPageProps) {
  const name = queueNameFromSegment((await params).name);
  return (
    <Suspense fallback={<p className="text-sm text-ink-muted">Loading messages…</p>}>
      <MessageBrowser key={name} name={name} />
    </Suspense>
  );
}
