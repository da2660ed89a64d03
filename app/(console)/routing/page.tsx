/** @module The Routing page: exchanges, queues and bindings as a graph to read, edit and test routes on. */
import type { Metadata } from 'next';
import { RoutingConsole } from '@/components/routing/routing-console';

export const metadata: Metadata = { title: 'Routing' };

export default function RoutingPage() {
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold tracking-tight">Routing</h1>
      <RoutingConsole />
    </div>
  );
}
