/** @module A hex dump of bytes: offset, 16 hex bytes (split in two groups of 8) and their printable ASCII. */

export interface HexDumpRow {
  offset: string;
  hex: string;
  ascii: string;
}

export interface HexDump {
  rows: HexDumpRow[];
  /** Bytes left out past `maxBytes`. */
  omitted: number;
}

const WIDTH = 16;

export function hexDump(bytes: Uint8Array, maxBytes = 4096): HexDump {
  const shown = Math.min(bytes.length, maxBytes);
  const rows: HexDumpRow[] = [];
  for (let start = 0; start < shown; start += WIDTH) {
    const line = bytes.subarray(start, Math.min(start + WIDTH, shown));
    const cells: string[] = [];
    let ascii = '';
    for (let i = 0; i < WIDTH; i++) {
      if (i === 8) cells.push('');
      const byte = line[i];
      cells.push(byte === undefined ? '  ' : byte.toString(16).padStart(2, '0'));
      if (byte !== undefined) ascii += byte >= 0x20 && byte <= 0x7e ? String.fromCharCode(byte) : '.';
    }
    rows.push({ offset: start.toString(16).padStart(8, '0'), hex: cells.join(' ').trimEnd(), ascii });
  }
  return { rows, omitted: bytes.length - shown };
}
