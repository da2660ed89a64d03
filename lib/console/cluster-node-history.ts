/**
 * @module Turns `GET /clusters/{id}/nodes/history` into Recharts rows: one memory chart per node (used against its
 * limit) and one chart of every node's running state as a step. Series are keyed `n0`, `n1`… by node, never by the
 * node's name: Recharts reads a dotted key (`rabbit@host.example`) as a path into the row.
 */
import type { ClusterNodeHistory } from '@/lib/client/cluster-types';

export interface MemoryRow {
  t: number;
  used: number | null;
  limit: number | null;
}

export type RunningRow = { t: number } & Record<string, number | null>;

/** Every node named in the hour, sorted, so a node that left mid-hour keeps its chart and its colour. */
export function historyNodeNames(history: ClusterNodeHistory): string[] {
  const names = new Set<string>();
  for (const sample of history.samples) for (const node of sample.nodes) names.add(node.name);
  return [...names].sort();
}

export function runningKey(index: number): string {
  return `n${index}`;
}

/** A node missing from a sample is a gap (null), not a zero: nothing was learned of it then. */
export function memoryRows(history: ClusterNodeHistory, node: string): MemoryRow[] {
  return history.samples.map((sample) => {
    const found = sample.nodes.find((n) => n.name === node);
    return { t: sample.at, used: found?.memoryUsedBytes ?? null, limit: found?.memoryLimitBytes ?? null };
  });
}

/** 1 while running, 0 while down, null where the sample does not name the node; keyed by `runningKey(i)` of `names`. */
export function runningRows(history: ClusterNodeHistory, names: readonly string[]): RunningRow[] {
  return history.samples.map((sample) => {
    const row: RunningRow = { t: sample.at };
    names.forEach((name, i) => {
      const found = sample.nodes.find((n) => n.name === name);
      row[runningKey(i)] = found === undefined ? null : found.running ? 1 : 0;
    });
    return row;
  });
}
