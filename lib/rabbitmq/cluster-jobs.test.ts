/**
 * Replay jobs on a real cluster (TEST_RABBITMQ_CLUSTER; npm test starts one when RABBITMQ_CLUSTER_TESTS=1), kept in a
 * real SQLite database: a Switchboard that stops mid-replay resumes it when it starts again, and every message
 * arrives once, in order.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrisma } from '../store/prisma';
import { ClusterAmqp } from './cluster-amqp';
import { ClusterJobRepository } from './cluster-job-repository';
import { ClusterJobs } from './cluster-jobs';

const cluster = process.env.TEST_RABBITMQ_CLUSTER ? JSON.parse(process.env.TEST_RABBITMQ_CLUSTER) : undefined;

describe.runIf(cluster)('ClusterJobs on a real cluster', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-cluster-jobs-'));
  const prisma = createPrisma(`file:${dir}/jobs.db`);
  const pool = new ClusterAmqp('c-jobs', cluster);
  const dlq = `jobs-dlq-${randomUUID()}`;
  const target = `jobs-target-${randomUUID()}`;

  afterAll(async () => {
    await pool.withChannel('/', async (channel) => {
      await channel.deleteQueue(dlq);
      await channel.deleteQueue(target);
    });
    pool.close();
    await prisma.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('resumes a running replay after a restart; each message arrives once, in order', async () => {
    await prisma.cluster.create({
      data: { id: 'c-jobs', name: 'jobs', managementUrls: '[]', amqpUrls: '[]', credentials: 'sealed', rabbitmqVersion: '3', clusterName: 'test', createdBy: 'admin', updatedAt: new Date() },
    });
    const ids = Array.from({ length: 12 }, (_, i) => `m-${i}`);
    await pool.withConfirmChannel('/', async (channel) => {
      await channel.assertQueue(dlq, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
      await channel.assertQueue(target, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
      for (const id of ids) channel.sendToQueue(dlq, Buffer.from(`body ${id}`), { messageId: id, persistent: true });
      await channel.waitForConfirms();
    });
    const options = { repository: new ClusterJobRepository(prisma), amqp: () => pool, isAttached: () => true };

    const before = await ClusterJobs.start(options);
    const replay = { to: { queue: target }, ratePerSec: 10 };
    const { count } = await before.scan('c-jobs', '/', dlq, replay);
    const started = await before.start('c-jobs', '/', dlq, replay, 'admin', count);
    expect(started).toMatchObject({ status: 'running', total: 12, done: 0 });
    await expect.poll(() => before.get('c-jobs', '/', started.id).done, { timeout: 10_000, interval: 50 }).toBeGreaterThanOrEqual(3);
    // The process stops: the pass ends and gives back what it held; the job is kept as running.
    await before.close();
    const stopped = before.get('c-jobs', '/', started.id);
    expect(stopped.status).toBe('running');
    expect(stopped.done).toBeLessThan(12);

    const after = await ClusterJobs.start(options);
    try {
      await expect.poll(() => after.get('c-jobs', '/', started.id).status, { timeout: 20_000, interval: 100 }).toBe('completed');
      expect(after.get('c-jobs', '/', started.id)).toMatchObject({ total: 12, done: 12, skipped: 0, failed: 0 });
    } finally {
      await after.close();
    }

    const arrived = await pool.withChannel('/', async (channel) => {
      const seen: { id: unknown; redrives: unknown }[] = [];
      for (let got = await channel.get(target, { noAck: true }); got !== false; got = await channel.get(target, { noAck: true })) {
        seen.push({ id: got.properties.messageId, redrives: got.properties.headers?.['x-redrive-count'] });
      }
      return { seen, left: (await channel.checkQueue(dlq)).messageCount };
    });
    expect(arrived.seen).toEqual(ids.map((id) => ({ id, redrives: 1 })));
    expect(arrived.left).toBe(0);
  }, 60_000);
});
