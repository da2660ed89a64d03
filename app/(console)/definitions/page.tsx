/** @module The Definitions page: export the topology as a RabbitMQ definitions file, or import one with a diff preview. */
import type { Metadata } from 'next';
import Link from 'next/link';
import { DefinitionsStandalone } from '@/components/routing/definitions-standalone';

export const metadata: Metadata = { title: 'Definitions' };

export default function DefinitionsPage() {
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Definitions</h1>
        <Link href="/routing" className="rounded text-sm text-accent hover:underline focus-visible:outline-2 focus-visible:outline-focus">
          See the routing graph
        </Link>
      </div>
      <DefinitionsStandalone />
    </div>
  );
}
