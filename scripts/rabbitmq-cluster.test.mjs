// The loopback RabbitMQ cluster of issue 15: three nodes that see one another, share a quorum queue, and are gone
// after stopCluster. It starts real Erlang VMs (about 1 GB of memory and a minute), so it runs only when asked:
// RABBITMQ_CLUSTER_TESTS=1 npx vitest run scripts/rabbitmq-cluster.test.mjs (as root or the rabbitmq user).
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ManagementClient } from '../lib/rabbitmq/management-client';
import { startClusters } from '../lib/rabbitmq/clusters';
import { createPrisma } from '../lib/store/prisma';
import { startCluster, startNode, stopCluster, stopNode } from './rabbitmq-cluster-lib.mjs';

// Not the CLI's default 5701, so a cluster someone started by hand is left alone.
const options = { basePort: 5751 };

describe.runIf(process.env.RABBITMQ_CLUSTER_TESTS === '1')('rabbitmq-cluster', () => {
  let info;
  const get = (node, pathname, init = {}) =>
    fetch(`${node.managementUrl}${pathname}`, {
      ...init,
      headers: {
        authorization: `Basic ${Buffer.from(`${info.username}:${info.password}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      signal: AbortSignal.timeout(10_000),
    });

  // Whatever happens in the test, no VM of ours outlives the file.
  afterAll(() => stopCluster(options), 120_000);

  it('starts three clustered nodes, replicates a quorum queue, and stops them', async () => {
    info = await startCluster(options);
    expect(info.username).toBe('switchboard');
    expect(info.nodes.map((n) => n.name)).toEqual(['sbtest1@localhost', 'sbtest2@localhost', 'sbtest3@localhost']);
    expect(info.nodes.map((n) => n.amqpUrl)).toEqual([5751, 5752, 5753].map((p) => `amqp://switchboard:sbtest-cluster-password@127.0.0.1:${p}`));

    for (const node of info.nodes) {
      const nodes = await (await get(node, '/api/nodes')).json();
      expect(nodes.filter((n) => n.running).map((n) => n.name).sort()).toEqual(info.nodes.map((n) => n.name));
      const overview = await (await get(node, '/api/overview')).json();
      expect(overview.cluster_name).toBe('switchboard-test-5751');
      expect(overview.node).toBe(node.name);
    }

    const [first, , third] = info.nodes;
    const declared = await get(first, '/api/queues/%2F/sb-cluster-quorum', {
      method: 'PUT',
      body: JSON.stringify({ durable: true, arguments: { 'x-queue-type': 'quorum' } }),
    });
    expect(declared.status).toBe(201);
    // Queue details come from the stats of the queue's leader; a moment may pass before node 3 has them.
    let queue;
    for (let attempt = 0; attempt < 30; attempt++) {
      const response = await get(third, '/api/queues/%2F/sb-cluster-quorum');
      if (response.ok) {
        queue = await response.json();
        if (queue.members?.length === 3) break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(queue).toMatchObject({ name: 'sb-cluster-quorum', type: 'quorum', durable: true });
    expect([...queue.members].sort()).toEqual(info.nodes.map((n) => n.name));

    // The management client across the three management URLs: it keeps answering with the node it used stopped.
    const client = new ManagementClient({ urls: info.nodes.map((n) => n.managementUrl), username: info.username, password: info.password });
    expect((await client.overview()).clusterName).toBe('switchboard-test-5751');
    expect(await client.whoami()).toEqual({ name: 'switchboard', tags: ['administrator'] });
    expect(client.currentUrl).toBe(first.managementUrl);

    // Switchboard's own view of it: attached through the real check, sampled every 5 s.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-cluster-monitor-'));
    const prisma = createPrisma(`file:${dir}/x.db`);
    const clusters = await startClusters(prisma, { env: { SWITCHBOARD_SECRET_KEY: 'c'.repeat(64) } });
    try {
      const { record, warnings } = await clusters.registry.attach(
        { name: 'test', managementUrls: info.nodes.map((n) => n.managementUrl), amqpUrls: info.nodes.map((n) => n.amqpUrl.replace(/\/\/[^@]*@/, '//')), username: info.username, password: info.password },
        'admin',
      );
      expect(warnings).toEqual([]);
      const runningSeen = async () => (await clusters.monitor.nodes(record.id)).nodes.map((n) => [n.name, n.running]);
      expect(await runningSeen()).toEqual(info.nodes.map((n) => [n.name, true]));

      // The backend the API uses for this cluster, its AMQP connection opened on node 1 (the first URL).
      const backend = clusters.backend(record.id, '/');
      const publish = (text) => backend.publishToQueue('sb-cluster-quorum', { exchange: '', routingKey: 'sb-cluster-quorum', payload: Buffer.from(text), properties: { persistent: true } });
      await publish('before 1');
      await publish('before 2');

      // A replay in flight, its AMQP connection on node 1 too: it must go on through another node.
      for (const name of ['sb-replay-dlq', 'sb-replay-target']) await backend.declareQueue(name, { durable: true, autoDelete: false, type: 'quorum', arguments: {} });
      const replayed = Array.from({ length: 30 }, (_, i) => `dead ${i}`);
      for (const text of replayed) await backend.publishToQueue('sb-replay-dlq', { exchange: '', routingKey: 'sb-replay-dlq', payload: Buffer.from(text), properties: { persistent: true } });
      const replay = { to: { queue: 'sb-replay-target' }, ratePerSec: 10 };
      const job = await backend.startReplay('sb-replay-dlq', replay, 'admin', await backend.planReplay('sb-replay-dlq', replay));
      await expect.poll(async () => (await backend.getJob(job.id)).done, { timeout: 10_000, interval: 50 }).toBeGreaterThan(0);

      await stopNode(1, options);
      // The issue's bound: the cluster page shows a stopped node down within 10 seconds.
      await expect.poll(runningSeen, { timeout: 10_000, interval: 250 }).toEqual(info.nodes.map((n, i) => [n.name, i !== 0]));
      expect(clusters.monitor.status(record.id).state).toBe('reachable');
      // Every page keeps working through the other nodes, and the quorum queue keeps its messages.
      await publish('after');
      await expect.poll(async () => (await backend.getQueue('sb-cluster-quorum')).messages, { timeout: 20_000 }).toBe(3);
      const page = await backend.browse('sb-cluster-quorum', { limit: 10, getAndRequeue: true });
      expect(page.items.map((m) => m.payload)).toEqual(['before 1', 'before 2', 'after']);
      expect((await backend.listQueues({ sort: 'name', limit: 10, search: 'sb-cluster' })).items.map((q) => q.name)).toEqual(['sb-cluster-quorum']);
      expect(await backend.purgeQueue('sb-cluster-quorum')).toBe(3);
      await expect.poll(async () => (await backend.getJob(job.id)).status, { timeout: 40_000, interval: 250 }).toBe('completed');
      expect(await backend.getJob(job.id)).toMatchObject({ total: 30, done: 30, failed: 0 });
      // Every message arrived. One publish in flight when the node went may have arrived twice (its confirm was lost),
      // and so may the one before it (confirmed, but its ack was lost: counted once all the same).
      const arrived = await backend.browse('sb-replay-target', { limit: 100, getAndRequeue: true });
      expect([...new Set(arrived.items.map((m) => m.payload))].sort()).toEqual([...replayed].sort());
      expect(arrived.items.length).toBeLessThanOrEqual(32);
      expect(await backend.purgeQueue('sb-replay-dlq')).toBe(0);
      await expect
        .poll(async () => (await client.nodes()).map((n) => [n.name, n.running]), { timeout: 20_000 })
        .toEqual(info.nodes.map((n, i) => [n.name, i !== 0]));
      expect(client.currentUrl).not.toBe(first.managementUrl);
      await startNode(1, options);
      expect((await client.nodes()).every((n) => n.running)).toBe(true);
      await expect.poll(runningSeen, { timeout: 10_000, interval: 250 }).toEqual(info.nodes.map((n) => [n.name, true]));
    } finally {
      await clusters.stop();
      await prisma.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    }

    await stopCluster(options);
    for (const node of info.nodes) {
      await expect(fetch(`${node.managementUrl}/api/overview`, { signal: AbortSignal.timeout(5_000) })).rejects.toThrow();
    }
  }, 240_000);
});
