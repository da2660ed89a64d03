/**
 * Replay jobs on a real cluster (TEST_RABBITMQ_CLUSTER; npm test starts one when RABBITMQ_CLUSTER_TESTS=1), kept in a
 * real SQLite database: a Switchboard that stops mid-replay resumes it when it starts again, and every message
 * arrives once, in order.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { ConfirmChannel, Message } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma } from '../store/prisma';
import { ClusterAmqp } from './cluster-amqp';
import { ClusterJobRepository } from './cluster-job-repository';
import { ClusterJobs } from './cluster-jobs';

const cluster = process.env.TEST_RABBITMQ_CLUSTER ? JSON.parse(process.env.TEST_RABBITMQ_CLUSTER) : undefined;

/**
 * The cluster's AMQP with one network fault: the ack of the message `lostId` is never sent, and the connection it was
 * on breaks at that moment, as when a node stops just after its confirm (a stopping node discards frames).
 */
class AckLosingAmqp extends ClusterAmqp {
  lost = false;

  constructor(
    clusterId: string,
    connection: ConstructorParameters<typeof ClusterAmqp>[1],
    private readonly lostId: string,
  ) {
    super(clusterId, connection);
  }

  override withConfirmChannel<T>(vhost: string, work: (channel: ConfirmChannel) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return super.withConfirmChannel(vhost, (channel) => work(this.losingOneAck(channel)), signal);
  }

  private losingOneAck(channel: ConfirmChannel): ConfirmChannel {
    return new Proxy(channel, {
      get: (target, property) => {
        if (property !== 'ack') return Reflect.get(target, property, target);
        return (message: Message, allUpTo?: boolean) => {
          if (this.lost || message.properties.messageId !== this.lostId) return target.ack(message, allUpTo);
          this.lost = true;
          (target as unknown as { connection: { stream: Socket } }).connection.stream.destroy(new Error('connection reset by the test'));
        };
      },
    });
  }
}

describe.runIf(cluster)('ClusterJobs on a real cluster', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-cluster-jobs-'));
  const prisma = createPrisma(`file:${dir}/jobs.db`);
  const pool = new ClusterAmqp('c-jobs', cluster);
  const dlq = `jobs-dlq-${randomUUID()}`;
  const target = `jobs-target-${randomUUID()}`;
  const arrivals = () =>
    pool.withChannel('/', async (channel) => {
      const seen: { id: unknown; redrives: unknown }[] = [];
      for (let got = await channel.get(target, { noAck: true }); got !== false; got = await channel.get(target, { noAck: true })) {
        seen.push({ id: got.properties.messageId, redrives: got.properties.headers?.['x-redrive-count'] });
      }
      return { seen, left: (await channel.checkQueue(dlq)).messageCount };
    });

  // The jobs' table refers to the cluster they run on; both tests use these two queues, each leaving them empty.
  beforeAll(async () => {
    await prisma.cluster.create({
      data: { id: 'c-jobs', name: 'jobs', managementUrls: '[]', amqpUrls: '[]', credentials: 'sealed', rabbitmqVersion: '3', clusterName: 'test', createdBy: 'admin', updatedAt: new Date() },
    });
    await pool.withChannel('/', async (channel) => {
      await channel.assertQueue(dlq, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
      await channel.assertQueue(target, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    });
  });

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
    const ids = Array.from({ length: 12 }, (_, i) => `m-${i}`);
    await pool.withConfirmChannel('/', async (channel) => {
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

    const arrived = await arrivals();
    expect(arrived.seen).toEqual(ids.map((id) => ({ id, redrives: 1 })));
    expect(arrived.left).toBe(0);
  }, 60_000);

  it('counts a message once when its ack was lost with the connection, and moves every other message', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `n-${i}`);
    await pool.withConfirmChannel('/', async (channel) => {
      for (const id of ids) channel.sendToQueue(dlq, Buffer.from(`body ${id}`), { messageId: id, persistent: true });
      await channel.waitForConfirms();
    });
    const lossy = new AckLosingAmqp('c-jobs', cluster, 'n-4');
    const jobs = await ClusterJobs.start({ repository: new ClusterJobRepository(prisma), amqp: () => lossy, isAttached: () => true });
    try {
      const replay = { to: { queue: target }, ratePerSec: 20 };
      const { count } = await jobs.scan('c-jobs', '/', dlq, replay);
      const started = await jobs.start('c-jobs', '/', dlq, replay, 'admin', count);
      await expect.poll(() => jobs.get('c-jobs', '/', started.id).status, { timeout: 30_000, interval: 100 }).toBe('completed');
      expect(lossy.lost).toBe(true);
      expect(jobs.get('c-jobs', '/', started.id)).toMatchObject({ total: 12, done: 12, failed: 0 });
    } finally {
      await jobs.close();
      lossy.close();
    }
    // n-4 was confirmed at the target before its ack was lost: it came back to the dead-letter queue and moved again.
    const arrived = await arrivals();
    // A publish in flight when the connection broke may have arrived too, unconfirmed: it also moved again.
    const arrivedIds = arrived.seen.map((m) => m.id);
    expect([...new Set(arrivedIds)].sort()).toEqual([...ids].sort());
    expect(arrivedIds.filter((id) => id === 'n-4')).toHaveLength(2);
    expect(arrivedIds.length).toBeLessThanOrEqual(ids.length + 2);
    expect(arrived.left).toBe(0);
  }, 60_000);
});
