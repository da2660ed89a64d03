import { describe, expect, it } from 'vitest';
import { formatDuration } from './format-duration';

describe('formatDuration', () => {
  it('picks the largest unit that keeps the number readable', () => {
    expect(formatDuration(500)).toBe('500 ms');
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(90_000)).toBe('1.5 min');
    expect(formatDuration(7_200_000)).toBe('2 h');
    expect(formatDuration(3 * 86_400_000)).toBe('3 d');
  });
});
