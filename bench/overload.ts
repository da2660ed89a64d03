/**
 * @module The overload figures: an open-loop load of single publishes over HTTP (1,000/s for 10 s unless
 * BENCH_OVERLOAD_RATE / BENCH_OVERLOAD_SECONDS say otherwise) against Switchboard, then the same load against RabbitMQ's
 * management API (`POST /api/exchanges/%2F/amq.default/publish`) on a node of our own (rabbitmq-node.ts).
 */
import { openLoop, type OpenLoopResult } from './open-loop';
import { startRabbitMqNode } from './rabbitmq-node';
import { startServer } from './server-process';

const RATE = Number(process.env.BENCH_OVERLOAD_RATE ?? 1_000);
const SECONDS = Number(process.env.BENCH_OVERLOAD_SECONDS ?? 10);
const TIMEOUT_MS = 30_000;
const QUEUE = 'bench-overload';

type Figures = Omit<OpenLoopResult, 'outcomes'> & { stored?: number; acceptedNotStored?: number; storedUnknown?: string };

function figures(result: OpenLoopResult): Figures & { sampleAnswers: Record<string, string> } {
  const { outcomes, ...rest } = result;
  // One answer body per status, to tell what an error was.
  const sampleAnswers: Record<string, string> = {};
  for (const outcome of outcomes) if (outcome.status !== undefined && !(outcome.status in sampleAnswers)) sampleAnswers[outcome.status] = (outcome.body ?? '').slice(0, 200);
  return { ...rest, sampleAnswers };
}

async function switchboard(): Promise<Figures> {
  const server = await startServer();
  try {
    const headers = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
    await fetch(`${server.baseUrl}/api/v1/queues/${QUEUE}`, { method: 'PUT', headers, body: '{}' });
    const result = await openLoop({
      baseUrl: server.baseUrl,
      path: () => `/api/v1/queues/${QUEUE}/messages`,
      headers: { authorization: headers.authorization },
      body: (index) => ({ payload: `message ${index}`, properties: { messageId: `m-${index}` } }),
      rate: RATE,
      durationMs: SECONDS * 1000,
      timeoutMs: TIMEOUT_MS,
    });
    const queue = await (await fetch(`${server.baseUrl}/api/v1/queues/${QUEUE}`, { headers })).json();
    const accepted = result.byStatus['200'] ?? 0;
    return { ...figures(result), stored: queue.messages, acceptedNotStored: accepted - queue.messages };
  } finally {
    await server.stop();
  }
}

async function rabbitMq(): Promise<Figures | { skipped: string }> {
  let node;
  try {
    node = await startRabbitMqNode({ name: 'benchmgmt' });
  } catch (error) {
    return { skipped: (error as Error).message };
  }
  try {
    const headers = { authorization: node.authorization, 'content-type': 'application/json' };
    const declared = await fetch(`${node.managementUrl}/api/queues/%2F/${QUEUE}`, { method: 'PUT', headers, body: JSON.stringify({ durable: true }) });
    if (!declared.ok) throw new Error(`declaring ${QUEUE} on RabbitMQ answered ${declared.status}: ${await declared.text()}`);
    const result = await openLoop({
      baseUrl: node.managementUrl!,
      path: () => '/api/exchanges/%2F/amq.default/publish',
      headers: { authorization: node.authorization },
      body: (index) => ({ properties: { message_id: `m-${index}`, delivery_mode: 2 }, routing_key: QUEUE, payload: `message ${index}`, payload_encoding: 'string' }),
      rate: RATE,
      durationMs: SECONDS * 1000,
      timeoutMs: TIMEOUT_MS,
    });
    // The management API's queue totals lag by the stats interval (5 s): read them until two reads a whole interval
    // apart agree.
    let stored = -1;
    for (let attempt = 0; attempt < 10; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      const answer = await fetch(`${node.managementUrl}/api/queues/%2F/${QUEUE}`, { headers }).then((r) => r.text(), () => '');
      const messages = answer ? (JSON.parse(answer) as { messages?: number }).messages : undefined;
      if (messages !== undefined && messages === stored) break;
      stored = messages ?? stored;
    }
    // The management API may not answer its own stats under this load: then the count is unknown, not 0.
    if (stored < 0) return { ...figures(result), stored: undefined, storedUnknown: 'GET /api/queues/%2F/<queue> did not answer with a count' };
    return { ...figures(result), stored, acceptedNotStored: (result.byStatus['200'] ?? 0) - stored };
  } finally {
    await node.stop();
  }
}

/** Each half on stderr as soon as it is known, so a failure in the other does not lose it. */
function logged<T>(name: string, value: T): T {
  console.error(`overload ${name}: ${JSON.stringify(value)}`);
  return value;
}

export async function overloadBench() {
  return {
    load: { unit: 'ms', ratePerSecond: RATE, seconds: SECONDS, requests: RATE * SECONDS, clientTimeoutMs: TIMEOUT_MS, request: 'one publish per request' },
    switchboard: logged('switchboard', await switchboard()),
    rabbitMqManagement: logged('rabbitMqManagement', await rabbitMq().catch((error: Error) => ({ failed: error.message }))),
  };
}
