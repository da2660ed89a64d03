/**
 * @module Which broker the console's pages act on: the embedded one, or an attached RabbitMQ cluster. Kept in the
 * browser like the vhost choice; a cluster that is no longer attached falls back to the embedded broker. Each broker
 * remembers its own vhost choice, since their vhosts differ.
 */

export type BrokerScope = { kind: 'embedded' } | { kind: 'cluster'; id: string };

export const EMBEDDED_SCOPE: BrokerScope = { kind: 'embedded' };

/** What is stored for a scope: the cluster's id, or '' for the embedded broker. */
export function scopeKey(scope: BrokerScope): string {
  return scope.kind === 'cluster' ? scope.id : '';
}

/** The attached cluster a scope acts on, for the client; undefined on the embedded broker. */
export function scopeCluster(scope: BrokerScope): string | undefined {
  return scope.kind === 'cluster' ? scope.id : undefined;
}

export function clusterScope(id: string): BrokerScope {
  return id === '' ? EMBEDDED_SCOPE : { kind: 'cluster', id };
}

export interface ScopeChoiceInput {
  /** The stored choice (`scopeKey`), or null when there is none. */
  stored: string | null;
  /** The attached clusters' ids; undefined while they are being read. */
  attached: readonly string[] | undefined;
  /** Reading the clusters failed: the stored cluster cannot be confirmed, so the embedded broker it is. */
  failed?: boolean;
}

/**
 * The scope to act on, or undefined while the stored cluster is looked up (pages wait rather than ask the wrong
 * broker). A cluster no longer attached, or not known, gives the embedded broker.
 */
export function chooseScope({ stored, attached, failed = false }: ScopeChoiceInput): BrokerScope | undefined {
  if (!stored) return EMBEDDED_SCOPE;
  if (attached === undefined) return failed ? EMBEDDED_SCOPE : undefined;
  return attached.includes(stored) ? { kind: 'cluster', id: stored } : EMBEDDED_SCOPE;
}

const VHOST_KEY = 'switchboard.vhost';

/** The storage key of the vhost chosen on a broker: the embedded broker keeps the key it always had. */
export function vhostStorageKey(scope: BrokerScope): string {
  return scope.kind === 'cluster' ? `${VHOST_KEY}@${scope.id}` : VHOST_KEY;
}
