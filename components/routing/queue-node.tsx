/** @module A queue on the canvas: name, depth and rates (live), and the handle bindings arrive at. */
'use client';

import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { formatCount } from '@/components/queues/format-count';
import { formatRate } from '@/lib/console/format-rate';
import type { RoutingFlowNode } from './flow-elements';
import { nodeLighting } from './lighting-classes';

function QueueNodeView({ data }: NodeProps<RoutingFlowNode>) {
  const node = data.node;
  if (node.kind !== 'queue') return null;
  return (
    <div className={`flex h-full w-full flex-col justify-center gap-0.5 rounded-xl border-2 bg-surface-muted px-3 py-1.5 text-ink shadow-sm ${nodeLighting[data.lighting]}`}>
      <Handle
        type="target"
        position={Position.Left}
        className="!size-4 !border-2 !border-surface !bg-success"
        data-testid={`routing-handle-queue-${node.name}`}
        title="Drop a binding here"
      />
      <div className="text-[11px] font-semibold tracking-wide text-ink-muted uppercase">queue</div>
      <div className="truncate font-mono text-sm" title={node.name}>
        {node.name}
      </div>
      <div className="flex gap-3 text-xs text-ink-muted tabular-nums">
        <span data-testid="routing-queue-depth">
          <span className="font-semibold text-ink">{formatCount(node.messagesReady)}</span> ready
          {node.messagesUnacked > 0 ? `, ${formatCount(node.messagesUnacked)} unacked` : ''}
        </span>
        <span title="Publish and deliver rate">
          ↓{formatRate(node.publishRate)} ↑{formatRate(node.deliverRate)}
        </span>
      </div>
    </div>
  );
}

export const QueueNode = memo(QueueNodeView);
