import { describe, expect, it } from 'vitest';
import { formatBytes, payloadBytes, payloadPreview, payloadText } from './payload-bytes';

describe('payloadBytes / payloadText', () => {
  it('encodes utf8 payloads as UTF-8 bytes', () => {
    expect(Array.from(payloadBytes({ payload: 'é', payloadEncoding: 'utf8' }))).toEqual([0xc3, 0xa9]);
    expect(payloadText({ payload: 'é', payloadEncoding: 'utf8' })).toBe('é');
  });
  it('decodes base64 payloads', () => {
    expect(Array.from(payloadBytes({ payload: '/wBB', payloadEncoding: 'base64' }))).toEqual([0xff, 0x00, 0x41]);
    expect(payloadText({ payload: '/wBB', payloadEncoding: 'base64' })).toBe('\ufffd\u0000A');
  });
  it('gives no bytes for broken base64 rather than throwing', () => {
    expect(payloadBytes({ payload: '%%%', payloadEncoding: 'base64' })).toHaveLength(0);
  });
});

describe('payloadPreview', () => {
  it('collapses whitespace and truncates with an ellipsis', () => {
    expect(payloadPreview({ payload: '{\n  "a": 1\n}', payloadEncoding: 'utf8' })).toBe('{ "a": 1 }');
    expect(payloadPreview({ payload: 'x'.repeat(100), payloadEncoding: 'utf8' }, 10)).toBe(`${'x'.repeat(9)}…`);
    expect(payloadPreview({ payload: 'short', payloadEncoding: 'utf8' }, 10)).toBe('short');
  });
});

describe('formatBytes', () => {
  it('uses B, KB and MB', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(200 * 1024)).toBe('200 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
  });
});
