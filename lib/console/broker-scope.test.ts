import { describe, expect, it } from 'vitest';
import { chooseScope, clusterScope, EMBEDDED_SCOPE, scopeCluster, scopeKey, vhostStorageKey } from './broker-scope';

describe('chooseScope', () => {
  it('keeps a stored cluster that is still attached, and the embedded broker when nothing is stored', () => {
    expect(chooseScope({ stored: 'c1', attached: ['c0', 'c1'] })).toEqual({ kind: 'cluster', id: 'c1' });
    expect(chooseScope({ stored: null, attached: undefined })).toEqual(EMBEDDED_SCOPE);
    expect(chooseScope({ stored: '', attached: ['c1'] })).toEqual(EMBEDDED_SCOPE);
  });

  it('waits while the clusters are read, and falls back to the embedded broker when the cluster is gone or unknown', () => {
    expect(chooseScope({ stored: 'c1', attached: undefined })).toBeUndefined();
    expect(chooseScope({ stored: 'c1', attached: ['c2'] })).toEqual(EMBEDDED_SCOPE);
    expect(chooseScope({ stored: 'c1', attached: [] })).toEqual(EMBEDDED_SCOPE);
    expect(chooseScope({ stored: 'c1', attached: undefined, failed: true })).toEqual(EMBEDDED_SCOPE);
  });
});

describe('scope keys', () => {
  it('round-trips through what is stored, and names the cluster the client addresses', () => {
    for (const scope of [EMBEDDED_SCOPE, clusterScope('rabbit 1')]) expect(clusterScope(scopeKey(scope))).toEqual(scope);
    expect(scopeCluster(EMBEDDED_SCOPE)).toBeUndefined();
    expect(scopeCluster(clusterScope('c1'))).toBe('c1');
  });

  it('keeps a vhost choice per broker, the embedded one under the key it always had', () => {
    expect(vhostStorageKey(EMBEDDED_SCOPE)).toBe('switchboard.vhost');
    expect(vhostStorageKey(clusterScope('c1'))).toBe('switchboard.vhost@c1');
  });
});
