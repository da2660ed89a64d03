import { describe, expect, it } from 'vitest';
import type { ClusterNodeHistory, ClusterNodeSample } from '@/lib/client/cluster-types';
import { historyNodeNames, memoryRows, runningKey, runningRows } from './cluster-node-history';

const node = (name: string, running: boolean, used: number | null): ClusterNodeSample => ({
  name,
  running,
  memoryUsedBytes: used,
  memoryLimitBytes: used === null ? null : 1000,
  diskFreeBytes: null,
  diskFreeLimitBytes: null,
  fdUsed: null,
  fdTotal: null,
});

const t0 = Date.parse('2025-01-01T12:00:00Z');
const history: ClusterNodeHistory = {
  intervalMs: 5000,
  samples: [
    { at: t0, nodes: [node('rabbit@b.example', true, 200), node('rabbit@a.example', true, 100)] },
    { at: t0 + 5000, nodes: [node('rabbit@a.example', false, null)] },
  ],
};

describe('cluster node history', () => {
  it('names every node of the hour, sorted', () => {
    expect(historyNodeNames(history)).toEqual(['rabbit@a.example', 'rabbit@b.example']);
  });

  it('gives one memory row per sample, a gap where the node is missing or unmeasured', () => {
    expect(memoryRows(history, 'rabbit@b.example')).toEqual([
      { t: t0, used: 200, limit: 1000 },
      { t: t0 + 5000, used: null, limit: null },
    ]);
    expect(memoryRows(history, 'rabbit@a.example')[1]).toEqual({ t: t0 + 5000, used: null, limit: null });
  });

  it('gives running as 1 or 0 under index keys, null where a sample does not name the node', () => {
    const names = historyNodeNames(history);
    expect(runningKey(1)).toBe('n1');
    expect(runningRows(history, names)).toEqual([
      { t: t0, n0: 1, n1: 1 },
      { t: t0 + 5000, n0: 0, n1: null },
    ]);
  });
});
