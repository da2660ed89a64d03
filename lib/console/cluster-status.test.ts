import { describe, expect, it } from 'vitest';
import type { ClusterStatus } from '@/lib/client/cluster-types';
import { ago, figuresSentence, humanizeDuration, newestObservation, statusSentence } from './cluster-status';

const now = Date.parse('2025-01-01T12:00:00Z');
const status = (over: Partial<ClusterStatus>): ClusterStatus => ({ state: 'unknown', checkedAt: null, lastReachableAt: null, message: null, managementUrl: null, ...over });

describe('humanizeDuration', () => {
  it('gives the two largest units', () => {
    expect(humanizeDuration(400)).toBe('0 s');
    expect(humanizeDuration(12_000)).toBe('12 s');
    expect(humanizeDuration(250_000)).toBe('4 min 10 s');
    expect(humanizeDuration(7_500_000)).toBe('2 h 5 min');
    expect(humanizeDuration(3 * 86_400_000 + 4 * 3_600_000 + 59_000)).toBe('3 d 4 h');
    expect(humanizeDuration(3_600_000)).toBe('1 h');
  });

  it('never goes negative when the browser’s clock is behind', () => {
    expect(ago(Date.parse('2025-01-01T12:00:03Z'), now)).toBe('0 s ago');
  });
});

describe('statusSentence', () => {
  it('says through which URL a reachable cluster answered', () => {
    expect(statusSentence(status({ state: 'reachable', managementUrl: 'http://a:15672', checkedAt: Date.parse('2025-01-01T11:59:55Z') }), now)).toBe(
      'Reachable through http://a:15672, checked 5 s ago.',
    );
  });

  it('says since when an unreachable cluster has not answered', () => {
    expect(statusSentence(status({ state: 'unreachable', lastReachableAt: Date.parse('2025-01-01T11:58:00Z') }), now)).toMatch(/^Unreachable since .+ \(last answered 2 min ago\)\.$/);
    expect(statusSentence(status({ state: 'unreachable' }), now)).toContain('has not answered');
    expect(statusSentence(status({}), now)).toBe('Not checked yet.');
  });
});

describe('figuresSentence', () => {
  const nodes = [{ observedAt: Date.parse('2025-01-01T11:59:00Z') }, { observedAt: Date.parse('2025-01-01T11:59:30Z') }];

  it('gives the age of the newest figures', () => {
    expect(newestObservation(nodes)).toBe(Date.parse('2025-01-01T11:59:30Z'));
    expect(figuresSentence(status({ state: 'reachable' }), nodes, now)).toBe('Figures from 30 s ago.');
  });

  it('says the figures of an unreachable cluster are its last known ones', () => {
    expect(figuresSentence(status({ state: 'unreachable', lastReachableAt: Date.parse('2025-01-01T11:59:30Z') }), nodes, now)).toMatch(/^Unreachable since .+, figures from 30 s ago\.$/);
    expect(figuresSentence(status({ state: 'unreachable' }), [], now)).toBe('Unreachable since it was attached; no figures yet.');
  });
});
