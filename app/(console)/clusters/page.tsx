/** @module The Clusters page: the RabbitMQ clusters Switchboard is attached to; administrators attach, edit and detach them. */
import type { Metadata } from 'next';
import { ClustersConsole } from '@/components/clusters/clusters-console';

export const metadata: Metadata = { title: 'Clusters' };

export default function ClustersPage() {
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold tracking-tight">Clusters</h1>
      <ClustersConsole />
    </div>
  );
}
