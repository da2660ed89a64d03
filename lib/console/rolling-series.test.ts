import { describe, expect, it } from 'vitest';
import { appendPoint, withHistory } from './rolling-series';

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

describe('withHistory', () => {
  it('draws the history before the first live point, then the live points, within the window', () => {
    const history = [0, 1000, 2000, 3000, 4000].map((t) => ({ t, v: 'history' }));
    const live = [3500, 4500].map((t) => ({ t, v: 'live' }));
    expect(withHistory(history, live, 60_000).map((p) => [p.t, p.v])).toEqual([
      [0, 'history'],
      [1000, 'history'],
      [2000, 'history'],
      [3000, 'history'],
      [3500, 'live'],
      [4500, 'live'],
    ]);
    expect(withHistory(history, live, 2000).map((p) => p.t)).toEqual([3000, 3500, 4500]);
  });

  it('is the history alone before the stream starts, and the live points alone without history', () => {
    const history = [{ t: 1 }, { t: 2 }];
    expect(withHistory(history, [], 60_000)).toEqual(history);
    expect(withHistory([], [{ t: 5 }], 60_000)).toEqual([{ t: 5 }]);
    expect(withHistory([], [], 60_000)).toEqual([]);
  });
});
