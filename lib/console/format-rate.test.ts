import { describe, expect, it } from 'vitest';
import { formatRate } from './format-rate';

describe('formatRate', () => {
  it('keeps one decimal for small rates and none for large ones', () => {
    expect(formatRate(0)).toBe('0/s');
    expect(formatRate(0.44)).toBe('0.4/s');
    expect(formatRate(12)).toBe('12/s');
    expect(formatRate(1234.6)).toBe('1,235/s');
  });
});
