/** @module A cluster's state as a badge: reachable, unreachable, or unknown until its first check. */
import type { ClusterState } from '@/lib/client/cluster-types';
import { StatusBadge, type BadgeTone } from './status-badge';

const toneOf: Record<ClusterState, BadgeTone> = { reachable: 'good', unreachable: 'bad', unknown: 'neutral' };

export function ClusterStatusBadge({ state }: { state: ClusterState }) {
  return <StatusBadge tone={toneOf[state] ?? 'neutral'}>{state}</StatusBadge>;
}
