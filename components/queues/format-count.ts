/** @module Counts as people read them: 1,234,567. */

const counts = new Intl.NumberFormat('en-US');

export function formatCount(value: number): string {
  return counts.format(value);
}
