/**
 * @module `npm run bench cluster-queues`: an attached three-node RabbitMQ cluster holding 10,000 queues, and the time of
 * one page of its queue list (100 queues, the deepest first) read through Switchboard (`/api/v1/clusters/{id}/vhosts/%2F
 * /queues`) beside the same page read from RabbitMQ's own management API, interleaved, in the same run. The ratio is
 * what Switchboard adds to RabbitMQ's own answer. Then the vhost's Overview through Switchboard (answered from its last
 * 5 s sample) beside RabbitMQ's `/api/overview`, which its management UI's overview page reads. It uses TEST_RABBITMQ_CLUSTER when set, else starts a cluster of its
 * own with scripts/rabbitmq-cluster-lib.mjs (and stops it after).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import amqp from 'amqplib';
import { median } from './stats';
import { startServer } from './server-process';

export interface TestCluster {
  managementUrls: string[];
  amqpUrls: string[];
  username: string;
  password: string;
}

const QUEUES = 10_000;
const PAGE = 100;
const ROUNDS = 15;
const PREFIX = 'bench-fleet';

export async function ownCluster(): Promise<{ cluster: TestCluster; stop(): Promise<void> }> {
  // @ts-expect-error: a plain ES module of the scripts, without types
  const lib = await import('../scripts/rabbitmq-cluster-lib.mjs');
  const options = { basePort: 5851, prefix: 'sbbench' };
  const info = await lib.startCluster(options);
  const nodes = info.nodes as { amqpUrl: string; managementUrl: string }[];
  return {
    cluster: {
      managementUrls: nodes.map((node) => node.managementUrl),
      amqpUrls: nodes.map((node) => node.amqpUrl.replace(/\/\/[^@/]*@/, '//')),
      username: info.username,
      password: info.password,
    },
    stop: () => lib.stopCluster(options),
  };
}

async function onEveryQueue(cluster: TestCluster, work: (channel: amqp.Channel, name: string) => Promise<unknown>): Promise<void> {
  const url = new URL(cluster.amqpUrls[0]);
  url.username = cluster.username;
  url.password = cluster.password;
  const connection = await amqp.connect(url.toString());
  try {
    // Eight channels at a time: the declarations pipeline without one channel's round trips setting the pace.
    const channels = await Promise.all(Array.from({ length: 8 }, () => connection.createChannel()));
    let next = 0;
    await Promise.all(
      channels.map(async (channel) => {
        for (let index = next++; index < QUEUES; index = next++) await work(channel, `${PREFIX}-${String(index).padStart(5, '0')}`);
      }),
    );
  } finally {
    await connection.close();
  }
}

async function timed(read: () => Promise<Response>): Promise<number> {
  const started = performance.now();
  const response = await read();
  const body = await response.text();
  if (!response.ok) throw new Error(`${response.status}: ${body.slice(0, 200)}`);
  return performance.now() - started;
}

/**
 * ROUNDS reads each way, interleaved, after one warm read of each (RabbitMQ's first list after 10,000 declarations is
 * slower than the rest; Switchboard's first Overview waits for its first sample of the cluster).
 */
async function interleaved(viaSwitchboard: () => Promise<Response>, direct: () => Promise<Response>) {
  await timed(viaSwitchboard);
  await timed(direct);
  const switchboardMs: number[] = [];
  const rabbitMs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    switchboardMs.push(await timed(viaSwitchboard));
    rabbitMs.push(await timed(direct));
  }
  const ours = median(switchboardMs);
  const theirs = median(rabbitMs);
  return {
    switchboardMs: { median: Number(ours.toFixed(1)), runs: switchboardMs.map((ms) => Number(ms.toFixed(1))) },
    rabbitmqMs: { median: Number(theirs.toFixed(1)), runs: rabbitMs.map((ms) => Number(ms.toFixed(1))) },
    switchboardToRabbitmq: Number((ours / theirs).toFixed(3)),
  };
}

export async function clusterQueuesBench(): Promise<Record<string, unknown>> {
  const given = process.env.TEST_RABBITMQ_CLUSTER ? (JSON.parse(process.env.TEST_RABBITMQ_CLUSTER) as TestCluster) : undefined;
  const own = given ? undefined : await ownCluster();
  const cluster = given ?? own!.cluster;
  process.env.SWITCHBOARD_SECRET_KEY ??= randomBytes(32).toString('hex');
  const server = await startServer();
  try {
    const auth = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
    const attached = await fetch(`${server.baseUrl}/api/v1/clusters`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'bench', ...cluster }) });
    if (attached.status !== 201) throw new Error(`attach: ${attached.status} ${await attached.text()}`);
    const { id } = (await attached.json()) as { id: string };
    const declareStarted = performance.now();
    await onEveryQueue(cluster, (channel, name) => channel.assertQueue(name, { durable: true }));
    const declareMs = performance.now() - declareStarted;

    const basic = `Basic ${Buffer.from(`${cluster.username}:${cluster.password}`).toString('base64')}`;
    const viaSwitchboard = () => fetch(`${server.baseUrl}/api/v1/clusters/${id}/vhosts/%2F/queues?search=${PREFIX}&sort=-messages&limit=${PAGE}`, { headers: auth });
    const direct = () =>
      fetch(`${cluster.managementUrls[0]}/api/queues/%2F?page=1&page_size=${PAGE}&name=${PREFIX}&sort=messages&sort_reverse=true`, { headers: { authorization: basic } });
    const page = await interleaved(viaSwitchboard, direct);
    const overview = await interleaved(
      () => fetch(`${server.baseUrl}/api/v1/clusters/${id}/vhosts/%2F/overview`, { headers: auth }),
      () => fetch(`${cluster.managementUrls[0]}/api/overview`, { headers: { authorization: basic } }),
    );
    await onEveryQueue(cluster, (channel, name) => channel.deleteQueue(name));
    return {
      queues: QUEUES,
      pageSize: PAGE,
      rounds: ROUNDS,
      declareSeconds: Number((declareMs / 1000).toFixed(1)),
      page,
      overview,
    };
  } finally {
    await server.stop();
    await own?.stop();
  }
}
