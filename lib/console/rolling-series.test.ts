import { describe, expect, it } from 'vitest';
import { appendPoint } from './rolling-series';

describe('appendPoint', () => {
  it('appends in time order and trims to the window', () => {
    let series: { t: number; v: number }[] = [];
    for (let t = 0; t <= 5000; t += 1000) series = appendPoint(series, { t, v: t / 1000 }, 3000);
    expect(series.map((p) => p.t)).toEqual([2000, 3000, 4000, 5000]);
  });

  it('replaces a point that is not newer than the last', () => {
    const series = appendPoint([{ t: 1000, v: 1 }], { t: 1000, v: 2 }, 60_000);
    expect(series).toEqual([{ t: 1000, v: 2 }]);
  });

  it('caps the number of points and leaves the input untouched', () => {
    const input = [{ t: 1 }, { t: 2 }, { t: 3 }];
    expect(appendPoint(input, { t: 4 }, 60_000, 2)).toEqual([{ t: 3 }, { t: 4 }]);
    expect(input).toHaveLength(3);
  });
});
