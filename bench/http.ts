/** @module One producer (publish-batch of 100) and one consumer (receive up to 100, one ack per batch) over HTTP. */
import { startServer } from './server-process';
import { median } from './stats';

/** Where the API is and the admin token for it (a started server.ts, or tests/support/bare-server.ts). */
export interface ApiTarget {
  baseUrl: string;
  token: string;
}

async function call(server: ApiTarget, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

/** W1 over HTTP: `count` 1 KB persistent messages through a fresh durable queue (deleted after), in msg/s end to end. */
export async function httpW1Run(server: ApiTarget, queue: string, count: number): Promise<number> {
  await call(server, 'PUT', `/queues/${queue}`, { durable: true });
  const payload = 'x'.repeat(1024);
  const batch = Array.from({ length: 100 }, () => ({ routingKey: queue, payload, properties: { persistent: true } }));
  const started = performance.now();
  const produce = async () => {
    for (let sent = 0; sent < count; sent += 100) await call(server, 'POST', '/exchanges/amq.default/publish-batch', { messages: batch });
  };
  const consume = async () => {
    let received = 0;
    while (received < count) {
      const { messages } = await call(server, 'POST', `/queues/${queue}/receive`, { max: 100, waitMs: 1000 });
      if (messages.length) await call(server, 'POST', `/queues/${queue}/ack`, { deliveryTags: messages.map((m: { deliveryTag: string }) => m.deliveryTag) });
      received += messages.length;
    }
  };
  await Promise.all([produce(), consume()]);
  const rate = count / ((performance.now() - started) / 1000);
  await call(server, 'DELETE', `/queues/${queue}`);
  return rate;
}

export async function httpThroughput(count: number, runs: number): Promise<{ median: number; runs: number[] }> {
  const server = await startServer();
  try {
    await httpW1Run(server, 'bench-warmup', 20_000);
    const rates: number[] = [];
    for (let i = 0; i < runs; i++) rates.push(await httpW1Run(server, `bench-${i}`, count));
    return { median: Math.round(median(rates)), runs: rates.map(Math.round) };
  } finally {
    await server.stop();
  }
}
