/**
 * The backends the contract suites run over: the embedded broker always, and an attached three-node RabbitMQ cluster
 * when TEST_RABBITMQ_CLUSTER names one (npm test starts one when RABBITMQ_CLUSTER_TESTS=1). Each suite gets targets
 * of its own, attached and detached by its own beforeAll and afterAll.
 */
import { expect, inject } from 'vitest';
import { api, unique } from './http';

export const testCluster = process.env.TEST_RABBITMQ_CLUSTER ? JSON.parse(process.env.TEST_RABBITMQ_CLUSTER) : undefined;

export interface Target {
  name: string;
  /** The path prefix of the vhost `/` on this backend, filled in before the tests run. */
  prefix: string;
  /** What a browse must add to be allowed: RabbitMQ reads classic and quorum queues only by get-and-requeue. */
  browse: string;
  /** An AMQP URL of this backend with credentials, to vhost `/`. */
  amqpUrl: () => string;
  setUp?: () => Promise<void>;
  tearDown?: () => Promise<void>;
}

export function backendTargets(label: string): Target[] {
  const targets: Target[] = [{ name: 'the embedded broker', prefix: '/vhosts/%2F', browse: '', amqpUrl: () => inject('amqpUrl') }];
  if (!testCluster) return targets;
  let clusterId: string | undefined;
  const onCluster: Target = {
    name: 'an attached RabbitMQ cluster',
    prefix: '',
    browse: '&getAndRequeue=true',
    amqpUrl: () => {
      const url = new URL(testCluster.amqpUrls[0]);
      url.username = encodeURIComponent(testCluster.username);
      url.password = encodeURIComponent(testCluster.password);
      return url.toString();
    },
    setUp: async () => {
      const attached = await api('POST', '/clusters', { body: { name: unique(label), ...testCluster } });
      expect(attached.status, attached.text).toBe(201);
      clusterId = attached.body.id;
      onCluster.prefix = `/clusters/${clusterId}/vhosts/%2F`;
    },
    tearDown: async () => {
      if (clusterId) await api('DELETE', `/clusters/${clusterId}`);
    },
  };
  return [...targets, onCluster];
}
