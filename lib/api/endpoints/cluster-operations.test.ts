import { describe, expect, it } from 'vitest';
import { endpoints } from './catalog';
import { CLUSTER_OPERATIONS } from './cluster-operations';

describe('the operations served on attached clusters', () => {
  it('are exactly the catalog entries marked onClusters', () => {
    expect([...CLUSTER_OPERATIONS].sort()).toEqual(endpoints.filter((entry) => entry.onClusters).map((entry) => entry.operationId).sort());
  });
});
