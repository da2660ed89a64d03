/**
 * @module One vhost's view of the metric rollups that every vhost of a database shares. Vhost `/` keeps the
 * entities it has always had (`queue:<name>`), so history from before vhosts stays its own; any other vhost's
 * entities carry it as `vhost:<percent-encoded vhost>:queue:<name>`, which no `/` entity can start with.
 */
import { DEFAULT_VHOST } from '../store';
import type { MetricsHistory, RollupRow } from './metrics-history';

/** What every entity of a vhost other than `/` starts with. */
export const VHOST_ENTITY_MARK = 'vhost:';

/** The prefix a vhost puts before its entities: '' for `/`. encodeURIComponent leaves no ':' to confuse it. */
export function rollupEntityPrefix(vhost: string): string {
  return vhost === DEFAULT_VHOST ? '' : `${VHOST_ENTITY_MARK}${encodeURIComponent(vhost)}:`;
}

/** The rollups of one vhost: the broker reads and writes its own entity names, stored under the vhost's prefix. */
export function vhostMetricsHistory(shared: MetricsHistory, vhost: string): MetricsHistory {
  return prefixedMetricsHistory(shared, rollupEntityPrefix(vhost));
}

/** A view of the shared rollups whose entities are stored with `prefix` before them (an attached cluster's too). */
export function prefixedMetricsHistory(shared: MetricsHistory, prefix: string): MetricsHistory {
  if (prefix === '') return shared;
  const stored = (row: RollupRow): RollupRow => ({ ...row, entity: prefix + row.entity });
  const own = (row: RollupRow): RollupRow => ({ ...row, entity: row.entity.slice(prefix.length) });
  return {
    write: (rows) => shared.write(rows.map(stored)),
    read: async (entity, resolutionMs, fromMs, toMs) => (await shared.read(prefix + entity, resolutionMs, fromMs, toMs)).map(own),
    latestBefore: async (entity, resolutionMs, beforeMs) => {
      const row = await shared.latestBefore(prefix + entity, resolutionMs, beforeMs);
      return row && own(row);
    },
    // Retention is the same for every vhost: pruning all of them from each is redundant but harmless.
    prune: (resolutionMs, beforeMs) => shared.prune(resolutionMs, beforeMs),
  };
}
