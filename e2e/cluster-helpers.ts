/** @module The journeys' attached test cluster (TEST_RABBITMQ_CLUSTER): attached through the API, detached after. */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { adminToken } from './admin-token';

export interface TestCluster {
  managementUrls: string[];
  amqpUrls: string[];
  username: string;
  password: string;
}

const auth = () => ({ authorization: `Bearer ${adminToken()}` });

export const testCluster = (): TestCluster => JSON.parse(process.env.TEST_RABBITMQ_CLUSTER!) as TestCluster;

/** Skips the describe block without a test cluster, and detaches what its tests attached after each one. */
export function withTestCluster(): { attach(request: APIRequestContext, name: string): Promise<{ id: string; base: string }> } {
  test.skip(!process.env.TEST_RABBITMQ_CLUSTER, 'needs TEST_RABBITMQ_CLUSTER (npm test starts a cluster when RABBITMQ_CLUSTER_TESTS=1)');
  const attached: string[] = [];
  test.afterEach(async ({ request }) => {
    for (const id of attached.splice(0)) await request.delete(`/api/v1/clusters/${encodeURIComponent(id)}`, { headers: auth() });
  });
  return {
    /** Attaches the test cluster as `name`; `base` is the API path of its vhost `/`. */
    async attach(request, name) {
      const response = await request.post('/api/v1/clusters', { headers: auth(), data: { name, ...testCluster() }, timeout: 30_000 });
      expect(response.status(), await response.text()).toBe(201);
      const { id } = (await response.json()) as { id: string };
      attached.push(id);
      return { id, base: `/api/v1/clusters/${encodeURIComponent(id)}/vhosts/%2F` };
    },
  };
}
