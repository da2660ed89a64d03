/** ClusterAmqp against a real cluster (TEST_RABBITMQ_CLUSTER; npm test starts one when RABBITMQ_CLUSTER_TESTS=1). */
import { describe, expect, it } from 'vitest';
import { ClusterAmqp } from './cluster-amqp';

const cluster = process.env.TEST_RABBITMQ_CLUSTER ? JSON.parse(process.env.TEST_RABBITMQ_CLUSTER) : undefined;

describe.runIf(cluster)('ClusterAmqp', () => {
  it("opens one connection per vhost for every caller: one caller leaving does not fail the others' wait for it", async () => {
    const pool = new ClusterAmqp('test', cluster);
    try {
      const leaving = new AbortController();
      const first = pool.withChannel('/', async (channel) => channel.checkQueue('amq.rabbitmq.reply-to').catch(() => 'checked'), leaving.signal);
      const second = pool.withChannel('/', async () => 'second served');
      leaving.abort(new Error('the first caller left'));
      await expect(second).resolves.toBe('second served');
      await first.catch(() => undefined);
    } finally {
      pool.close();
    }
  });

  it('tries the next AMQP URL when one does not answer, and says which vhost it cannot open', async () => {
    const pool = new ClusterAmqp('test', { ...cluster, amqpUrls: ['amqp://127.0.0.1:1', ...cluster.amqpUrls] });
    try {
      await expect(pool.withChannel('/', async () => 'through another node')).resolves.toBe('through another node');
      await expect(pool.withChannel('no-such-vhost', async () => 'never')).rejects.toMatchObject({ code: 'not_found', details: { kind: 'vhost', name: 'no-such-vhost' } });
    } finally {
      pool.close();
    }
  });
});
