/** @module An SVG polyline of a series for a table sparkline, scaled to a box; the floor is always zero. */

/** `"x,y x,y ..."` for `<polyline points>`; empty when there is nothing to draw. */
export function sparklinePoints(values: readonly (number | null)[], width: number, height: number, pad = 1): string {
  const numbers = values.map((v) => (v === null || !Number.isFinite(v) ? 0 : v));
  if (numbers.length === 0) return '';
  const max = Math.max(...numbers, 0);
  const innerH = height - 2 * pad;
  const stepX = numbers.length > 1 ? (width - 2 * pad) / (numbers.length - 1) : 0;
  const round = (n: number) => Math.round(n * 100) / 100;
  return numbers
    .map((v, i) => {
      const x = pad + i * stepX;
      const y = max === 0 ? height - pad : pad + innerH - (v / max) * innerH;
      return `${round(x)},${round(y)}`;
    })
    .join(' ');
}
