/**
 * @module The memory high watermark as RabbitMQ's vm_memory_high_watermark: a fraction of the machine's memory
 * (`0.4`, the default) or an absolute size (`2GiB`, `512MiB`, `1500000000`), and the limit in bytes it makes.
 */

export type Watermark = { relative: number } | { absolute: number };

export const DEFAULT_WATERMARK: Watermark = { relative: 0.4 };

/** Units as RabbitMQ reads them: k/kiB, M/MiB, G/GiB, T/TiB are powers of 1024; KB, MB, GB, TB powers of 1000. */
const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tib: 1024 ** 4,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  tb: 1000 ** 4,
};

/**
 * Reads a watermark: a number from 0 to 1 (inclusive; 0 blocks every publisher, as in RabbitMQ) is a fraction,
 * a whole number of bytes or a size with a unit is absolute. Throws a sentence naming what is wrong.
 */
export function parseWatermark(raw: string | number): Watermark {
  if (typeof raw === 'number') {
    if (Number.isFinite(raw) && raw >= 0 && raw <= 1) return { relative: raw };
    if (Number.isSafeInteger(raw) && raw > 1) return { absolute: raw };
    throw new Error(`a memory watermark is a fraction from 0 to 1 or a size like "2GiB", not ${raw}`);
  }
  const text = raw.trim();
  const fraction = /^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.exec(text);
  if (fraction) return { relative: Number(text) };
  const size = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text);
  const unit = size ? UNITS[size[2].toLowerCase()] : undefined;
  // A bare number above 1 is bytes, and whole: `1.5` is neither a fraction nor a size.
  if (size && unit !== undefined && (size[2] !== '' || /^\d+$/.test(size[1]))) {
    const bytes = Math.floor(Number(size[1]) * unit);
    if (Number.isSafeInteger(bytes) && bytes >= 1) return { absolute: bytes };
  }
  throw new Error(`a memory watermark is a fraction from 0 to 1 or a size like "2GiB" or "512MiB", not "${raw}"`);
}

/** The limit in bytes a watermark sets on a machine with `totalBytes` of memory. */
export function limitBytes(watermark: Watermark, totalBytes: number): number {
  return 'absolute' in watermark ? watermark.absolute : Math.floor(watermark.relative * totalBytes);
}

/** How the API shows a watermark: the fraction as a number, an absolute size as bytes. */
export function describeWatermark(watermark: Watermark): number | string {
  return 'absolute' in watermark ? formatBytes(watermark.absolute) : watermark.relative;
}

/** Bytes in the largest binary unit that keeps a value of at least 1, with one decimal: `1.6 GiB`. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${Number(value.toFixed(1))} ${units[unit]}`;
}
