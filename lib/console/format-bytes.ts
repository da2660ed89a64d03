/** @module Sizes as people read them, in powers of 1024 as RabbitMQ's own management UI shows memory: 512 B, 1.5 GiB. */

const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number): string {
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 ? String(Math.round(value)) : String(Number(value.toFixed(value < 10 ? 1 : 0)));
  // A no-break space: a chart's narrow axis would otherwise wrap the unit under the number.
  return `${bytes < 0 ? '-' : ''}${shown}\u00a0${units[unit]}`;
}
