/** @module A tiny inline chart for table rows: one polyline, points shaped by sparklinePoints. */
import { sparklinePoints } from '@/lib/console/sparkline-points';

export interface SparklineProps {
  values: readonly (number | null)[];
  /** What the line shows, for screen readers ("Ready messages over the last minute"). */
  label: string;
  width?: number;
  height?: number;
}

export function Sparkline({ values, label, width = 96, height = 24 }: SparklineProps) {
  const points = sparklinePoints(values, width, height);
  return (
    <svg role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="text-accent">
      {points ? <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" /> : null}
    </svg>
  );
}
