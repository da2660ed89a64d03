/** @module An exchange on the canvas: its type, name and flags; bindings start from its right-hand handle. */
'use client';

import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { ExchangeType } from '@/lib/client/types';
import type { RoutingFlowNode } from './flow-elements';
import { nodeLighting } from './lighting-classes';

const typeBadge: Record<ExchangeType, string> = {
  direct: 'bg-blue-100 text-blue-900 dark:bg-blue-950 dark:text-blue-200',
  topic: 'bg-violet-100 text-violet-900 dark:bg-violet-950 dark:text-violet-200',
  fanout: 'bg-teal-100 text-teal-900 dark:bg-teal-950 dark:text-teal-200',
  headers: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
};

const handleClass = '!size-3 !border-2 !border-surface !bg-accent';

function ExchangeNodeView({ data }: NodeProps<RoutingFlowNode>) {
  const node = data.node;
  if (node.kind !== 'exchange') return null;
  const canBind = node.name !== 'amq.default';
  return (
    <div className={`flex h-full w-full flex-col justify-center gap-1 rounded-md border-2 bg-surface px-3 py-1.5 text-ink shadow-sm ${nodeLighting[data.lighting]}`}>
      <Handle type="target" position={Position.Left} className={handleClass} aria-label={`Bind into exchange ${node.name}`} />
      <div className="flex items-center gap-2 text-[11px] font-semibold tracking-wide uppercase">
        <span className={`rounded px-1.5 py-0.5 ${typeBadge[node.exchangeType]}`}>{node.exchangeType}</span>
        <span className="text-ink-muted">exchange</span>
        {node.internal ? <span className="text-ink-muted" title="Internal: clients cannot publish to it">internal</span> : null}
        {!node.durable ? <span className="text-ink-muted" title="Transient: gone after a restart">transient</span> : null}
      </div>
      <div className="truncate font-mono text-sm" title={node.name}>
        {node.name}
      </div>
      {canBind ? (
        <Handle
          type="source"
          position={Position.Right}
          className={`${handleClass} !size-4`}
          data-testid={`routing-handle-exchange-${node.name}`}
          title="Drag to a queue or exchange to bind it"
        />
      ) : null}
    </div>
  );
}

export const ExchangeNode = memo(ExchangeNodeView);
