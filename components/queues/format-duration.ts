/** @module A duration in milliseconds, shortened for a table: 500 ms, 30 s, 1.5 min, 2 h, 7 d. */

const units: [limit: number, size: number, suffix: string][] = [
  [1_000, 1, 'ms'],
  [60_000, 1_000, 's'],
  [3_600_000, 60_000, 'min'],
  [86_400_000, 3_600_000, 'h'],
  [Infinity, 86_400_000, 'd'],
];

export function formatDuration(ms: number): string {
  const [, size, suffix] = units.find(([limit]) => ms < limit) ?? units[units.length - 1]!;
  return `${Number((ms / size).toFixed(1))} ${suffix}`;
}
