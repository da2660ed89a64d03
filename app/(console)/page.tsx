/** @module The Overview: totals, live rates and depth, the queues most behind, and growing dead-letter queues. */
import type { Metadata } from 'next';
import Link from 'next/link';
import { OverviewDashboard } from '@/components/overview/overview-dashboard';

export const metadata: Metadata = { title: 'Overview' };

export default function OverviewPage() {
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Overview</h1>
        <Link href="/queues" className="rounded text-sm text-accent hover:underline focus-visible:outline-2 focus-visible:outline-focus">
          All queues and declare a queue →
        </Link>
      </div>
      <OverviewDashboard />
    </div>
  );
}
