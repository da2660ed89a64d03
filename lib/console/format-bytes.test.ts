import { describe, expect, it } from 'vitest';
import { formatBytes } from './format-bytes';

describe('formatBytes', () => {
  it('uses powers of 1024, one decimal below ten, the unit kept with its number', () => {
    expect(formatBytes(512)).toBe('512\u00a0B');
    expect(formatBytes(1536)).toBe('1.5\u00a0KiB');
    expect(formatBytes(200 * 1024 * 1024)).toBe('200\u00a0MiB');
    expect(formatBytes(3.25 * 1024 ** 3)).toBe('3.3\u00a0GiB');
    expect(formatBytes(0)).toBe('0\u00a0B');
  });
});
