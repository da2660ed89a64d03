/** @module The page of one attached RabbitMQ cluster: its state, its nodes (every 5 s) and their last hour. */
import type { Metadata } from 'next';
import { ClusterDetail } from '@/components/clusters/cluster-detail';

interface ClusterPageProps {
  params: Promise<{ id: string }>;
}

export const metadata: Metadata = { title: 'Cluster' };

/** Next hands the segment over decoded after a full load, still encoded after a client-side navigation (see queue-href.ts). */
function idFromSegment(segment: string): string {
  try {
    return segment.includes('%') ? decodeURIComponent(segment) : segment;
  } catch {
    return segment;
  }
}

export default async function ClusterPage({ params }: ClusterPageProps) {
  const id = idFromSegment((await params).id);
  return <ClusterDetail key={id} id={id} />;
}
