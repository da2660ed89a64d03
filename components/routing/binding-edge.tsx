/**
 * @module A binding (or alternate-exchange route) on the canvas: an arrow with its routing key or header arguments;
 * the label is a button, so an edge can be opened from the keyboard as well as by clicking the line.
 */
'use client';

import { BaseEdge, EdgeLabelRenderer, getBezierPath, useStore, type EdgeProps, type ReactFlowState } from '@xyflow/react';
import { memo } from 'react';
import { smoothPath } from '@/lib/console/edge-path';
import { edgeColor, type RoutingFlowEdge } from './flow-elements';
import { useRoutingActions } from './routing-actions';

const LANE_GAP = 24;
const LABEL_MAX = 32;
// Below this zoom a label is unreadable; leaving it out keeps hundreds of HTML labels off a zoomed-out canvas.
const LABEL_MIN_ZOOM = 0.45;
const labelsShown = (state: ReactFlowState) => state.transform[2] >= LABEL_MIN_ZOOM;

const stroke = {
  plain: { opacity: 1, strokeWidth: 1.5 },
  lit: { opacity: 1, strokeWidth: 3.5 },
  dim: { opacity: 0.2, strokeWidth: 1.5 },
};

const bezier = ([path, labelX, labelY]: ReturnType<typeof getBezierPath>) => ({ path, labelX, labelY });

function BindingEdgeView({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, data }: EdgeProps<RoutingFlowEdge>) {
  const { openEdge } = useRoutingActions();
  const showLabel = useStore(labelsShown);
  if (!data) return null;
  const { edge, lane, lighting, route } = data;
  const { path, labelX, labelY } = route
    ? smoothPath({ x: sourceX, y: sourceY }, route, { x: targetX, y: targetY })
    : bezier(getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition }));
  const alternate = edge.kind === 'alternate';
  const color = edgeColor(edge.kind, lighting);
  const text = edge.label.length > LABEL_MAX ? `${edge.label.slice(0, LABEL_MAX - 1)}…` : edge.label;
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        interactionWidth={16}
        style={{ stroke: color, ...stroke[lighting], strokeDasharray: alternate ? '6 4' : undefined }}
      />
      {showLabel ? (
        <EdgeLabelRenderer>
          <div
            className="nodrag nopan absolute"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY + lane * LANE_GAP}px)`, pointerEvents: 'all', opacity: lighting === 'dim' ? 0.35 : 1 }}
          >
            {alternate ? (
              <span className="rounded border border-amber-600 bg-surface px-1.5 py-0.5 text-[11px] font-medium text-amber-700 dark:text-amber-300">alternate</span>
            ) : (
              <button
                type="button"
                onClick={() => openEdge(edge.id)}
                title={edge.label}
                aria-label={`Open binding ${edge.label}`}
                className={`max-w-56 truncate rounded border bg-surface px-1.5 py-0.5 font-mono text-[11px] text-ink hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-focus ${
                  lighting === 'lit' ? 'border-accent font-semibold' : 'border-line'
                }`}
              >
                {text}
              </button>
            )}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}

export const BindingEdge = memo(BindingEdgeView);
