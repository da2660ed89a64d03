/** @module A per-second rate as a table shows it: `0/s`, `0.4/s`, `12/s`, `1,200/s`. */

const small = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const large = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatRate(perSecond: number): string {
  return `${(perSecond >= 100 ? large : small).format(perSecond)}/s`;
}
