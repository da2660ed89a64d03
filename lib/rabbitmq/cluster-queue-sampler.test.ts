/**
 * The queue sampler against a real cluster (TEST_RABBITMQ_CLUSTER; npm test starts one when RABBITMQ_CLUSTER_TESTS=1)
 * on a fake clock: what RabbitMQ's counters grew by between samples lands in the bucket it grew in, with the depth
 * read last, once the bucket closes; and a chart read sees the rows before they are written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../access/secret-box';
import { MemoryMetricsHistory } from '../engine/metrics/metrics-history';
import { createPrisma } from '../store/prisma';
import { checkCluster } from './cluster-check';
import { ClusterClients } from './cluster-clients';
import { ClusterQueueSampler } from './cluster-queue-sampler';
import { ClusterRegistry } from './cluster-registry';
import { ClusterRepository } from './cluster-repository';

const cluster = process.env.TEST_RABBITMQ_CLUSTER ? JSON.parse(process.env.TEST_RABBITMQ_CLUSTER) : undefined;

describe.runIf(cluster)('ClusterQueueSampler on a real cluster', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-sampler-'));
  const prisma = createPrisma(`file:${dir}/sampler.db`);
  const queue = `sampled-${randomUUID()}`;
  let clients: ClusterClients | undefined;
  let deleteQueue = async () => undefined as unknown;

  afterAll(async () => {
    await deleteQueue().catch(() => undefined);
    clients?.close();
    await prisma.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes what the counters grew by into the bucket they grew in, with the depth read last, once it closes', async () => {
    const registry = await ClusterRegistry.start({
      repository: new ClusterRepository(prisma),
      secretBox: () => SecretBox.fromEnv({ SWITCHBOARD_SECRET_KEY: 'd'.repeat(64) }),
      check: checkCluster,
    });
    const { record } = await registry.attach({ name: 'sampled', ...cluster }, 'admin');
    clients = new ClusterClients(registry);
    const management = clients.management(record.id);
    deleteQueue = () => management.delete(`/api/queues/%2F/${encodeURIComponent(queue)}`);
    let now = 1_800_000_000_000; // a 1 min boundary
    const shared = new MemoryMetricsHistory();
    const sampler = new ClusterQueueSampler({ registry, clients, shared, now: () => now });

    await management.put(`/api/queues/%2F/${encodeURIComponent(queue)}`, { durable: true });
    const totals = async () => {
      const answer = (await management.get<{ messages_ready?: number; message_stats?: { publish?: number } }>(`/api/queues/%2F/${encodeURIComponent(queue)}`)) ?? {};
      return { published: answer.message_stats?.publish ?? 0, ready: answer.messages_ready ?? 0 };
    };
    await sampler.sampleAll();
    const baseline = await totals();

    for (let i = 0; i < 5; i++) {
      await management.post(`/api/exchanges/%2F/amq.default/publish`, { routing_key: queue, payload: `m${i}`, payload_encoding: 'string', properties: {} });
    }
    // RabbitMQ's management counters catch up every few seconds.
    await expect.poll(totals, { timeout: 30_000, interval: 250 }).toEqual({ published: baseline.published + 5, ready: 5 });
    now += 5_000;
    await sampler.sampleAll();
    expect(sampler.pending(record.id, '/')).toEqual([]);

    now += 5_000; // the first 10 s bucket closes
    await sampler.sampleAll();
    const expected = { entity: `queue:${queue}`, resolutionMs: 10_000, t: 1_800_000_000_000, publish: 5, deliver: 0, ack: 0, ready: 5, unacked: 0 };
    expect(sampler.pending(record.id, '/').filter((row) => row.entity === expected.entity)).toMatchObject([expected]);
    await sampler.written();
    const history = sampler.history(record.id, '/');
    expect(await history.read(expected.entity, 10_000, 0, Number.MAX_SAFE_INTEGER)).toMatchObject([expected]);
    // Kept under the cluster's own prefix in the shared rollups, apart from the embedded broker's `queue:` entities.
    expect(await shared.read(expected.entity, 10_000, 0, Number.MAX_SAFE_INTEGER)).toEqual([]);
    expect(await shared.read(`cluster:${record.id}:%2F:queue:${queue}`, 10_000, 0, Number.MAX_SAFE_INTEGER)).toHaveLength(1);
  }, 90_000);
});
