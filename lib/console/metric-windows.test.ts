import { describe, expect, it } from 'vitest';
import { METRIC_WINDOWS, metricWindow, metricsParams } from './metric-windows';

describe('metricWindow', () => {
  it('reads the URL value, defaulting to 5 minutes', () => {
    expect(metricWindow('1h').windowMs).toBe(3_600_000);
    expect(metricWindow('30d').windowMs).toBe(30 * 86_400_000);
    expect(metricWindow(null).id).toBe('5m');
    expect(metricWindow('bogus').id).toBe('5m');
  });

  it('spans 1 minute to 30 days, each refreshing no faster than once a second', () => {
    expect(METRIC_WINDOWS.map((w) => w.id)).toEqual(['1m', '5m', '15m', '1h', '24h', '7d', '30d']);
    expect(METRIC_WINDOWS.every((w) => w.refreshMs >= 1000)).toBe(true);
    expect(metricsParams(metricWindow('1m'))).toEqual({ windowMs: 60_000 });
  });
});
