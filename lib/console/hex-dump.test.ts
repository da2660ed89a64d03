import { describe, expect, it } from 'vitest';
import { hexDump } from './hex-dump';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('hexDump', () => {
  it('gives nothing for no bytes', () => {
    expect(hexDump(new Uint8Array())).toEqual({ rows: [], omitted: 0 });
  });
  it('writes 16 bytes a row, two groups of 8, with printable ASCII', () => {
    const { rows } = hexDump(bytes('0123456789abcdefXY'));
    expect(rows).toEqual([
      { offset: '00000000', hex: '30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66', ascii: '0123456789abcdef' },
      { offset: '00000010', hex: '58 59', ascii: 'XY' },
    ]);
  });
  it('shows control and non-ASCII bytes as dots', () => {
    const { rows } = hexDump(new Uint8Array([0x00, 0x0a, 0x7f, 0xff, 0x41]));
    expect(rows[0]).toEqual({ offset: '00000000', hex: '00 0a 7f ff 41', ascii: '....A' });
  });
  it('stops at maxBytes and counts what it left out', () => {
    const dump = hexDump(new Uint8Array(100), 32);
    expect(dump.rows).toHaveLength(2);
    expect(dump.rows[1]?.offset).toBe('00000010');
    expect(dump.omitted).toBe(68);
  });
});
