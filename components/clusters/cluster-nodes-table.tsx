/** @module An attached cluster's nodes: running or down, memory and disk alarms, partitions, version and uptime. */
import type { ClusterNode } from '@/lib/client/cluster-types';
import { humanizeDuration } from '@/lib/console/cluster-status';
import { StatusBadge } from './status-badge';

const cell = 'px-3 py-2 whitespace-nowrap';

function Alarm({ raised }: { raised: boolean }) {
  return raised ? <StatusBadge tone="bad">alarm</StatusBadge> : <span className="text-ink-muted">none</span>;
}

export function ClusterNodesTable({ nodes }: { nodes: readonly ClusterNode[] }) {
  const sorted = [...nodes].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">Nodes of the cluster with their state, alarms, partitions, version and uptime</caption>
        <thead className="bg-surface-muted text-left text-xs uppercase tracking-wide text-ink-muted">
          <tr>
            <th scope="col" className="px-3 py-2">Node</th>
            <th scope="col" className="px-3 py-2">State</th>
            <th scope="col" className="px-3 py-2">Memory alarm</th>
            <th scope="col" className="px-3 py-2">Disk alarm</th>
            <th scope="col" className="px-3 py-2">Partitions</th>
            <th scope="col" className="px-3 py-2">Version</th>
            <th scope="col" className="px-3 py-2">Uptime</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {sorted.map((node) => (
            <tr key={node.name} data-node={node.name}>
              <th scope="row" className="px-3 py-2 text-left font-mono font-medium break-all">{node.name}</th>
              <td className={cell}>
                <StatusBadge tone={node.running ? 'good' : 'bad'}>{node.running ? 'running' : 'down'}</StatusBadge>
              </td>
              <td className={cell}>
                <Alarm raised={node.memoryAlarm} />
              </td>
              <td className={cell}>
                <Alarm raised={node.diskAlarm} />
              </td>
              <td className="px-3 py-2">
                {node.partitions.length === 0 ? (
                  <span className="text-ink-muted">none</span>
                ) : (
                  <span className="text-danger">
                    cannot see <span className="font-mono break-all">{node.partitions.join(', ')}</span>
                  </span>
                )}
              </td>
              <td className={`${cell} font-mono`}>{node.version ?? '—'}</td>
              <td className={`${cell} tabular-nums`}>{node.running && node.uptimeMs !== null ? humanizeDuration(node.uptimeMs) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
