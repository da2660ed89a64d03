/** @module The Connections page: AMQP clients with their channels, and closing one. */
import type { Metadata } from 'next';
import { ConnectionsConsole } from '@/components/connections/connections-console';

export const metadata: Metadata = { title: 'Connections' };

export default function ConnectionsPage() {
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold tracking-tight">Connections</h1>
      <ConnectionsConsole />
    </div>
  );
}
