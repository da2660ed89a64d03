/**
 * @module What the console says of an attached cluster's health: its state in words, how old the figures shown are,
 * and a node's uptime, from the API's times (epoch ms) and the browser's clock.
 */
import type { ClusterNode, ClusterStatus } from '@/lib/client/cluster-types';

/** `12 s`, `4 min 10 s`, `2 h 5 min`, `3 d 4 h`: the two largest units, enough to tell a restart from a long run. */
export function humanizeDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const units: [size: number, suffix: string][] = [
    [86_400, 'd'],
    [3_600, 'h'],
    [60, 'min'],
    [1, 's'],
  ];
  const first = units.findIndex(([size]) => seconds >= size);
  if (first === -1) return '0 s';
  const [size, suffix] = units[first]!;
  const whole = Math.floor(seconds / size);
  const next = units[first + 1];
  const rest = next ? Math.floor((seconds % size) / next[0]) : 0;
  return next && rest > 0 ? `${whole} ${suffix} ${rest} ${next[1]}` : `${whole} ${suffix}`;
}

/** `5 s ago`; a clock a little ahead of the server's never makes it negative. */
export function ago(at: number, now: number): string {
  return `${humanizeDuration(now - at)} ago`;
}

export function formatTime(at: number): string {
  return new Date(at).toLocaleString();
}

/** When the newest of the node figures was observed; undefined without any. */
export function newestObservation(nodes: readonly Pick<ClusterNode, 'observedAt'>[]): number | undefined {
  let newest: number | undefined;
  for (const node of nodes) if (newest === undefined || node.observedAt > newest) newest = node.observedAt;
  return newest;
}

/** One sentence on the cluster's state, for its page and the list's tooltip. */
export function statusSentence(status: ClusterStatus, now: number): string {
  switch (status.state) {
    case 'reachable':
      return `Reachable${status.managementUrl ? ` through ${status.managementUrl}` : ''}${status.checkedAt !== null ? `, checked ${ago(status.checkedAt, now)}` : ''}.`;
    case 'unreachable':
      return status.lastReachableAt !== null
        ? `Unreachable since ${formatTime(status.lastReachableAt)} (last answered ${ago(status.lastReachableAt, now)}).`
        : 'Unreachable: it has not answered since it was attached.';
    default:
      return 'Not checked yet.';
  }
}

/** What the nodes table's figures are: live, or the last known ones and how old they are. */
export function figuresSentence(status: ClusterStatus, nodes: readonly Pick<ClusterNode, 'observedAt'>[], now: number): string | undefined {
  const newest = newestObservation(nodes);
  if (status.state !== 'unreachable') return newest !== undefined ? `Figures from ${ago(newest, now)}.` : undefined;
  const since = status.lastReachableAt !== null ? `since ${formatTime(status.lastReachableAt)}` : 'since it was attached';
  return newest !== undefined ? `Unreachable ${since}, figures from ${ago(newest, now)}.` : `Unreachable ${since}; no figures yet.`;
}
