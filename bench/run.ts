/**
 * `npm run bench [workload...]`: throughput and memory figures as JSON (medians of repeated runs).
 * Workloads: inprocess, http, peer (RabbitMQ through amqplib, when AMQP_PEER_URL is set), memory,
 * metrics (in-process throughput with metrics on and off, interleaved, and their ratio), console (the queue list's
 * first page and /metrics, aggregated and per object, at 10,000 and 100,000 queues, RabbitMQ's management API queue
 * page beside them, and a message browser page 1,000,000 messages deep, over HTTP), routing (the routing
 * page's graph building and layout for 500 nodes and 800 bindings, in-process), amqp (issue 6's AMQP workloads through
 * amqplib against Switchboard, and against RabbitMQ in the same run when AMQP_PEER_URL is set), overload (an open-loop
 * load of 1,000 single HTTP publishes per second for 10 s: answers by status, resets, time-outs, p50/p99, against
 * Switchboard and against RabbitMQ's management API on a node of its own), http-load (issue 13's HTTP figures, each
 * beside its reference in the same run: health and one persistent publish per request with wrk against plain node:http
 * and RabbitMQ's management API, an open loop of 1,000 publishes/s with an SSE or receive + ack consumer against
 * amqplib on RabbitMQ, W1 over HTTP against RabbitMQ classic; see bench/http-load.ts), scale (100,000 queues of one 1 KB
 * message each: idle RSS and CPU, and restart until healthy, also with one queue 1,000,000 deep; RabbitMQ's RSS at 10,000),
 * restart (the engine's share of a restart, in-process: 100,000 stored queues of one 1 KB message each recovered through
 * the store's worker thread; time, CPU and live heap; see bench/restart.ts), takeover (an active and a standby on
 * TEST_POSTGRES_URL, the active killed with SIGKILL ten times under confirmed publishing and acking: each takeover's
 * time, median and max; see bench/takeover.ts). BENCH_STORE=postgres runs the spawned server on a schema of
 * TEST_POSTGRES_URL instead of SQLite (for `amqp`: W1 on PostgreSQL). cluster-queues (an attached three-node RabbitMQ
 cluster with 10,000 queues: one page of its queue list through Switchboard beside the same page from RabbitMQ's
 management API; see bench/cluster-queues.ts), cluster-replay (a dead-letter replay on such a cluster beside the
 * amqplib loop an operator would write; see bench/cluster-replay.ts).
 */
import os from 'node:os';
import { inProcessBacklog, inProcessThroughput } from './in-process';
import { median, repeat } from './stats';

const all = ['inprocess', 'metrics', 'http', 'peer', 'memory', 'console', 'routing', 'amqp', 'overload', 'http-load', 'scale', 'restart', 'takeover', 'cluster-queues', 'cluster-replay'];
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : all;

async function main(): Promise<void> {
  const report: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  };
  if (chosen.includes('inprocess')) {
    report.inProcess = { unit: 'msg/s', messages: 100_000, ...(await repeat(3, () => inProcessThroughput(100_000))) };
    report.inProcessBacklog = { unit: 'msg/s', messages: 100_000, ...(await inProcessBacklog(100_000)) };
  }
  if (chosen.includes('metrics')) {
    // Interleaved so drift (thermal, GC, page cache) hits both alike.
    const on: number[] = [];
    const off: number[] = [];
    for (let i = 0; i < 5; i++) {
      off.push(await inProcessThroughput(100_000, 1000, false));
      on.push(await inProcessThroughput(100_000, 1000, true));
    }
    const medianOn = median(on);
    const medianOff = median(off);
    report.metricsCost = {
      unit: 'msg/s',
      messages: 100_000,
      metricsOn: { median: Math.round(medianOn), runs: on.map(Math.round) },
      metricsOff: { median: Math.round(medianOff), runs: off.map(Math.round) },
      onToOffRatio: Number((medianOn / medianOff).toFixed(3)),
    };
  }
  if (chosen.includes('http')) {
    const { httpThroughput } = await import('./http');
    report.http = { unit: 'msg/s', messages: 50_000, ...(await httpThroughput(50_000, 3)) };
  }
  if (chosen.includes('peer')) {
    const url = process.env.AMQP_PEER_URL;
    if (url) {
      const { peerThroughput } = await import('./peer');
      report.peerRabbitMq = { unit: 'msg/s', messages: 50_000, ...(await repeat(3, () => peerThroughput(url, 50_000))) };
    } else {
      report.peerRabbitMq = { skipped: 'AMQP_PEER_URL is not set' };
    }
  }
  if (chosen.includes('memory')) {
    const { deepQueueMemory, deepQueueOverAmqp } = await import('./memory');
    report.deepQueue = await deepQueueMemory(1_000_000);
    report.deepQueueOverAmqp = await deepQueueOverAmqp(Number(process.env.BENCH_DEEP_MESSAGES ?? 1_000_000));
  }
  if (chosen.includes('console')) {
    const { consolePages } = await import('./console');
    report.console = await consolePages();
  }
  if (chosen.includes('routing')) {
    const { routingLayout } = await import('./routing-layout');
    report.routingLayout = routingLayout();
    const { topicRouting } = await import('./topic-routing');
    report.topicRouting = await topicRouting();
  }
  if (chosen.includes('amqp')) {
    const { amqpBench } = await import('./amqp');
    report.amqp = await amqpBench(process.env.AMQP_PEER_URL);
  }
  if (chosen.includes('overload')) {
    const { overloadBench } = await import('./overload');
    report.overload = await overloadBench();
  }
  if (chosen.includes('http-load')) {
    const { httpLoadBench } = await import('./http-load');
    report.httpLoad = await httpLoadBench();
  }
  if (chosen.includes('scale')) {
    const { scaleBench } = await import('./scale');
    report.scale = await scaleBench(process.env.AMQP_PEER_URL);
  }
  if (chosen.includes('restart')) {
    const { restartBench } = await import('./restart');
    report.restart = await restartBench();
  }
  if (chosen.includes('cluster-queues')) {
    const { clusterQueuesBench } = await import('./cluster-queues');
    report.clusterQueues = await clusterQueuesBench();
  }
  if (chosen.includes('cluster-replay')) {
    const { clusterReplayBench } = await import('./cluster-replay');
    report.clusterReplay = await clusterReplayBench();
  }
  if (chosen.includes('takeover')) {
    const { takeoverBench } = await import('./takeover');
    report.takeover = await takeoverBench();
  }
  const http = report.http as { median?: number } | undefined;
  const peer = report.peerRabbitMq as { median?: number } | undefined;
  if (http?.median && peer?.median) report.httpToRabbitMqRatio = Number((http.median / peer.median).toFixed(2));
  console.log(JSON.stringify(report, null, 2));
  // Keep-alive sockets of fetch would hold the process open for minutes.
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
