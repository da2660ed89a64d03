import { describe, expect, it } from 'vitest';
import { sparklinePoints } from './sparkline-points';

describe('sparklinePoints', () => {
  it('scales from zero to the maximum, top of the box being the maximum', () => {
    expect(sparklinePoints([0, 5, 10], 22, 12)).toBe('1,11 11,6 21,1');
  });

  it('draws a flat line along the bottom when all is zero or missing', () => {
    expect(sparklinePoints([0, null, 0], 12, 10)).toBe('1,9 6,9 11,9');
  });

  it('draws nothing for an empty series', () => {
    expect(sparklinePoints([], 10, 10)).toBe('');
  });
});
