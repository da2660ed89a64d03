/**
 * @module What the console's heaviest pages and a Prometheus scraper ask of the API, over HTTP, from request to
 * parsed answer (medians): at 10,000 and 100,000 queues each holding one 1 KB message, the queue list's first page
 * of 100 by name and by depth, a search page, `/metrics` (aggregated) and `/metrics/per-object` with their sizes and
 * the longest a health probe waited meanwhile; a message browser page of a queue 1,000,000 deep; and, with RabbitMQ
 * available (a node of its own, rabbitmq-node.ts), its management API's first page of /api/queues at 10,000 queues.
 * BENCH_CONSOLE_QUEUES (comma-separated counts) and BENCH_CONSOLE_DEEP override the sizes.
 */
import { declareFleet } from './queue-fleet';
import { startRabbitMqNode } from './rabbitmq-node';
import { startServer, type RunningServer } from './server-process';
import { median } from './stats';

async function call(server: RunningServer, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

async function timed(times: number, run: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return Number(median(samples).toFixed(1));
}

/** Reads a whole scrape; meanwhile probes /api/v1/health every 10 ms and keeps the longest answer (event-loop holds). */
async function scrape(server: RunningServer, path: string): Promise<{ ms: number; bytes: number; longestHealthMs: number }> {
  let scraping = true;
  let longestHealthMs = 0;
  const prober = (async () => {
    while (scraping) {
      const started = performance.now();
      await fetch(`${server.baseUrl}/api/v1/health`).then((r) => r.arrayBuffer());
      longestHealthMs = Math.max(longestHealthMs, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  const started = performance.now();
  const response = await fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${server.token}` } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  let bytes = 0;
  const reader = response.body!.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) bytes += next.value.byteLength;
  const ms = performance.now() - started;
  scraping = false;
  await prober;
  return { ms, bytes, longestHealthMs };
}

async function scrapes(server: RunningServer, path: string, times: number) {
  const runs = [];
  for (let i = 0; i < times; i++) runs.push(await scrape(server, path));
  return {
    medianMs: Number(median(runs.map((r) => r.ms)).toFixed(1)),
    megabytes: Number((runs[0].bytes / 1e6).toFixed(2)),
    longestHealthMs: Number(Math.max(...runs.map((r) => r.longestHealthMs)).toFixed(1)),
  };
}

async function queuePages(queues: number) {
  const server = await startServer({ amqp: true });
  try {
    const started = performance.now();
    await declareFleet(`amqp://admin:${encodeURIComponent(server.token)}@127.0.0.1:${server.amqpPort}`, queues, async () => (await call(server, 'GET', '/overview')).messagesReady);
    const fleetSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
    const heavy = queues >= 100_000;
    return {
      queues,
      fleetSeconds,
      queueListFirstPageMs: await timed(9, () => call(server, 'GET', '/queues?limit=100')),
      queueListByDepthFirstPageMs: await timed(9, () => call(server, 'GET', '/queues?limit=100&sort=-messagesReady')),
      queueSearchPageMs: await timed(9, () => call(server, 'GET', '/queues?limit=50&search=q-0009')),
      metricsAggregated: await scrapes(server, '/metrics', 9),
      metricsPerObject: await scrapes(server, '/metrics/per-object', heavy ? 3 : 5),
    };
  } finally {
    await server.stop();
  }
}

async function messageBrowser(deep: number) {
  const server = await startServer();
  try {
    await call(server, 'PUT', '/queues/deep', { durable: true });
    const payload = 'x'.repeat(1024);
    const batch = Array.from({ length: 1000 }, (_, i) => ({ routingKey: 'deep', payload, properties: { headers: { n: i } } }));
    for (let sent = 0; sent < deep; sent += 1000) await call(server, 'POST', '/exchanges/amq.default/publish-batch', { messages: batch });
    const firstPage = await call(server, 'GET', '/queues/deep/messages?limit=50');
    const browserFirstPageMs = await timed(9, () => call(server, 'GET', '/queues/deep/messages?limit=50'));
    const browserNextPageMs = await timed(9, () => call(server, 'GET', `/queues/deep/messages?limit=50&cursor=${firstPage.nextCursor}`));
    const { messagesReady } = await call(server, 'GET', '/queues/deep');
    return { deepQueueMessages: messagesReady, browserFirstPageMs, browserNextPageMs };
  } finally {
    await server.stop();
  }
}

/** RabbitMQ's management API, first page of 100 queues (its default sort, by name) at `queues` queues. */
async function rabbitMqQueuePage(queues: number) {
  let node;
  try {
    node = await startRabbitMqNode({ name: 'benchconsole' });
  } catch (error) {
    return { skipped: (error as Error).message };
  }
  try {
    const headers = { authorization: node.authorization };
    const get = (path: string) => fetch(`${node.managementUrl}${path}`, { headers }).then((r) => r.json());
    // The management API's message counts lag by its stats interval: wait until they show the whole fleet.
    await declareFleet(node.amqpUrl, queues, async () => (await get('/api/overview')).queue_totals?.messages_ready ?? 0);
    const firstPageMs = await timed(9, () => get('/api/queues?page=1&page_size=100'));
    return { queues, managementFirstPageMs: firstPageMs };
  } finally {
    await node.stop();
  }
}

export async function consolePages() {
  const counts = (process.env.BENCH_CONSOLE_QUEUES ?? '10000,100000').split(',').map(Number);
  const deep = Number(process.env.BENCH_CONSOLE_DEEP ?? 1_000_000);
  const report: Record<string, unknown> = { unit: 'ms, medians (9 runs; per-object scrapes 5, at 100,000 queues 3)' };
  for (const count of counts) {
    report[`queues${count}`] = await queuePages(count);
    // Long runs: each part on stderr as it ends, so a run cut short still tells what it measured.
    console.error(JSON.stringify({ [`queues${count}`]: report[`queues${count}`] }));
  }
  if (deep > 0) report.messageBrowser = await messageBrowser(deep);
  const reference = counts.includes(10_000) ? 10_000 : counts[0];
  const rabbit = await rabbitMqQueuePage(reference);
  report.rabbitMq = rabbit;
  const ours = (report[`queues${reference}`] as { queueListFirstPageMs: number }).queueListFirstPageMs;
  if ('managementFirstPageMs' in rabbit && rabbit.managementFirstPageMs) report.queueListToRabbitMqRatio = Number((ours / rabbit.managementFirstPageMs).toFixed(3));
  return report;
}
