/** @module The Dead letters page: every dead-letter queue with its counts, and tracked, filtered replays out of one. */
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DeadLettersConsole } from '@/components/dead-letters/dead-letters-console';

export const metadata: Metadata = { title: 'Dead letters' };

export default function DeadLettersPage() {
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold tracking-tight">Dead letters</h1>
      <Suspense fallback={<p className="text-sm text-ink-muted">Loading dead-letter queues…</p>}>
        <DeadLettersConsole />
      </Suspense>
    </div>
  );
}
