/**
 * @module What the console's heaviest pages ask of the API: the queue list's first page with 10,000 queues, and a
 * message browser page of a queue 1,000,000 messages deep, each timed from request to parsed JSON (medians).
 */
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

export async function consolePages(queues: number, deep: number) {
  const server = await startServer();
  try {
    for (let i = 0; i < queues; i += 50) {
      await Promise.all(Array.from({ length: Math.min(50, queues - i) }, (_, j) => call(server, 'PUT', `/queues/q-${String(i + j).padStart(5, '0')}`, { durable: true })));
    }
    const queueListFirstPageMs = await timed(9, () => call(server, 'GET', '/queues?limit=50&sort=-messagesReady'));
    const queueSearchPageMs = await timed(9, () => call(server, 'GET', '/queues?limit=50&search=q-09'));

    await call(server, 'PUT', '/queues/deep', { durable: true });
    const payload = 'x'.repeat(1024);
    const batch = Array.from({ length: 1000 }, (_, i) => ({ routingKey: 'deep', payload, properties: { headers: { n: i } } }));
    for (let sent = 0; sent < deep; sent += 1000) await call(server, 'POST', '/exchanges/amq.default/publish-batch', { messages: batch });
    const firstPage = await call(server, 'GET', '/queues/deep/messages?limit=50');
    const browserFirstPageMs = await timed(9, () => call(server, 'GET', '/queues/deep/messages?limit=50'));
    const browserNextPageMs = await timed(9, () => call(server, 'GET', `/queues/deep/messages?limit=50&cursor=${firstPage.nextCursor}`));
    const { messagesReady } = await call(server, 'GET', '/queues/deep');
    return { queues: queues + 1, queueListFirstPageMs, queueSearchPageMs, deepQueueMessages: messagesReady, browserFirstPageMs, browserNextPageMs, unit: 'ms, median of 9' };
  } finally {
    await server.stop();
  }
}
