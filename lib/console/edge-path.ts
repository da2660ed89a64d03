/** @module An edge drawn through the bends the layout reserved for it: a smooth SVG path and where its label sits. */
import type { Point } from './routing-layout';

const STUB = 40;

/**
 * From `source` (a right-hand handle) through `bends` to `target` (a left-hand handle): short horizontal stubs at both
 * ends so the edge leaves and arrives like the others, curved in between (Catmull-Rom as cubic Béziers).
 */
export function smoothPath(source: Point, bends: readonly Point[], target: Point): { path: string; labelX: number; labelY: number } {
  const points = [source, { x: source.x + STUB, y: source.y }, ...bends, { x: target.x - STUB, y: target.y }, target];
  const at = (i: number) => points[Math.max(0, Math.min(points.length - 1, i))];
  const round = (n: number) => Math.round(n * 10) / 10;
  let path = `M${round(source.x)},${round(source.y)}`;
  for (let i = 0; i < points.length - 1; i++) {
    const [p0, p1, p2, p3] = [at(i - 1), at(i), at(i + 1), at(i + 2)];
    const c1 = { x: p1.x + (p2.x - p0.x) / 6, y: p1.y + (p2.y - p0.y) / 6 };
    const c2 = { x: p2.x - (p3.x - p1.x) / 6, y: p2.y - (p3.y - p1.y) / 6 };
    path += ` C${round(c1.x)},${round(c1.y)} ${round(c2.x)},${round(c2.y)} ${round(p2.x)},${round(p2.y)}`;
  }
  const mid = bends.length ? bends[Math.floor((bends.length - 1) / 2)] : { x: (source.x + target.x) / 2, y: (source.y + target.y) / 2 };
  return { path, labelX: mid.x, labelY: mid.y };
}
