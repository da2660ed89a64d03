/**
 * @module `npm run bench cluster-replay`: a dead-letter replay on an attached three-node RabbitMQ cluster. A quorum
 * dead-letter queue of MESSAGES messages is replayed to a quorum queue through Switchboard (`POST .../replay`, the
 * tracked job), and, in the same run on the same cluster, by the loop an operator would write with amqplib for the
 * same guarantee (basic.get, publish on a confirm channel, ack after the confirm). The ratio is Switchboard's rate
 * over the loop's. It uses TEST_RABBITMQ_CLUSTER when set, else starts a cluster of its own (see cluster-queues.ts).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import amqp from 'amqplib';
import { ownCluster, type TestCluster } from './cluster-queues';
import { startServer } from './server-process';

const MESSAGES = 5_000;
const DLQ = 'bench-replay-dlq';
const TARGET = 'bench-replay-target';

async function amqpTo(cluster: TestCluster): Promise<amqp.ChannelModel> {
  const url = new URL(cluster.amqpUrls[0]);
  url.username = cluster.username;
  url.password = cluster.password;
  return amqp.connect(url.toString());
}

/** Fresh quorum queues, the dead-letter one filled with MESSAGES persistent 1 KiB messages. */
async function fill(connection: amqp.ChannelModel): Promise<void> {
  const channel = await connection.createConfirmChannel();
  for (const name of [DLQ, TARGET]) {
    await channel.deleteQueue(name);
    await channel.assertQueue(name, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  }
  const payload = randomBytes(512).toString('hex');
  for (let i = 0; i < MESSAGES; i++) channel.sendToQueue(DLQ, Buffer.from(payload), { persistent: true, messageId: `m-${i}` });
  await channel.waitForConfirms();
  await channel.close();
}

/** The reference: one message at a time, acked after its publish is confirmed. */
async function handWritten(connection: amqp.ChannelModel): Promise<number> {
  const channel = await connection.createConfirmChannel();
  const started = performance.now();
  for (let got = await channel.get(DLQ, { noAck: false }); got !== false; got = await channel.get(DLQ, { noAck: false })) {
    await new Promise<void>((resolve, reject) => channel.sendToQueue(TARGET, got.content, got.properties, (error) => (error ? reject(error) : resolve())));
    channel.ack(got);
  }
  const ms = performance.now() - started;
  await channel.close();
  return ms;
}

export async function clusterReplayBench(): Promise<Record<string, unknown>> {
  const given = process.env.TEST_RABBITMQ_CLUSTER ? (JSON.parse(process.env.TEST_RABBITMQ_CLUSTER) as TestCluster) : undefined;
  const own = given ? undefined : await ownCluster();
  const cluster = given ?? own!.cluster;
  process.env.SWITCHBOARD_SECRET_KEY ??= randomBytes(32).toString('hex');
  const server = await startServer();
  const connection = await amqpTo(cluster);
  try {
    const auth = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
    const attached = await fetch(`${server.baseUrl}/api/v1/clusters`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'bench', ...cluster }) });
    if (attached.status !== 201) throw new Error(`attach: ${attached.status} ${await attached.text()}`);
    const { id } = (await attached.json()) as { id: string };
    const base = `${server.baseUrl}/api/v1/clusters/${id}/vhosts/%2F`;

    await fill(connection);
    const loopMs = await handWritten(connection);

    await fill(connection);
    const started = performance.now();
    const replay = await fetch(`${base}/queues/${DLQ}/replay`, { method: 'POST', headers: auth, body: JSON.stringify({ to: { queue: TARGET } }) });
    if (replay.status !== 202) throw new Error(`replay: ${replay.status} ${await replay.text()}`);
    const { jobId } = (await replay.json()) as { jobId: string };
    let job: { status: string; done: number; total: number };
    do {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = (await (await fetch(`${base}/jobs/${jobId}`, { headers: auth })).json()) as typeof job;
    } while (job.status === 'running');
    const switchboardMs = performance.now() - started;
    if (job.status !== 'completed' || job.done !== MESSAGES) throw new Error(`replay ended ${job.status} with ${job.done} of ${job.total}`);
    const moved = (await (await connection.createChannel()).checkQueue(TARGET)).messageCount;

    const rate = (ms: number) => Math.round(MESSAGES / (ms / 1000));
    return {
      messages: MESSAGES,
      switchboardReplay: { seconds: Number((switchboardMs / 1000).toFixed(2)), perSecond: rate(switchboardMs), movedToTarget: moved },
      handWrittenLoop: { seconds: Number((loopMs / 1000).toFixed(2)), perSecond: rate(loopMs) },
      switchboardToLoop: Number((loopMs / switchboardMs).toFixed(2)),
    };
  } finally {
    const channel = await connection.createChannel();
    for (const name of [DLQ, TARGET]) await channel.deleteQueue(name);
    await connection.close();
    await server.stop();
    await own?.stop();
  }
}
