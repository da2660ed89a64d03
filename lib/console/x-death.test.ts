import { describe, expect, it } from 'vitest';
import { exchangeLabel, formatEpochMs, formatEpochSeconds, xDeathEntries } from './x-death';

describe('xDeathEntries', () => {
  it('is empty without an x-death array', () => {
    expect(xDeathEntries(undefined)).toEqual([]);
    expect(xDeathEntries({})).toEqual([]);
    expect(xDeathEntries({ 'x-death': 'nope' })).toEqual([]);
  });
  it('reads entries and orders them newest first', () => {
    const headers = {
      'x-death': [
        { queue: 'a', reason: 'expired', count: 1, exchange: '', 'routing-keys': ['a'], time: 1_600_000_000 },
        { queue: 'b', reason: 'rejected', count: 3, exchange: 'dlx', 'routing-keys': ['to-b', 7], time: 1_700_000_000 },
      ],
    };
    expect(xDeathEntries(headers)).toEqual([
      { queue: 'b', reason: 'rejected', count: 3, exchange: 'dlx', routingKeys: ['to-b'], time: 1_700_000_000 },
      { queue: 'a', reason: 'expired', count: 1, exchange: '', routingKeys: ['a'], time: 1_600_000_000 },
    ]);
  });
  it('skips malformed entries, fills defaults and keeps ties in header order', () => {
    const entries = xDeathEntries({ 'x-death': [null, 'x', { queue: 'q1', time: 5 }, { queue: 'q2', time: 5 }, { queue: 'q3' }] });
    expect(entries.map((e) => e.queue)).toEqual(['q1', 'q2', 'q3']);
    expect(entries[2]).toEqual({ queue: 'q3', reason: 'unknown', count: 1, exchange: '', routingKeys: [], time: null });
  });
});

describe('formatting', () => {
  it('turns seconds and milliseconds into a UTC date', () => {
    expect(formatEpochSeconds(1_700_000_000)).toBe('2023-11-14 22:13:20 UTC');
    expect(formatEpochSeconds(null)).toBe('unknown time');
    expect(formatEpochMs(0)).toBe('1970-01-01 00:00:00 UTC');
    expect(formatEpochMs(Number.NaN)).toBe('invalid time');
  });
  it('names the default exchange', () => {
    expect(exchangeLabel('')).toBe('(default exchange)');
    expect(exchangeLabel('dlx')).toBe('dlx');
  });
});
