/**
 * HTTP fuzz from the served OpenAPI document: 5,000+ hostile requests over every operation, as the admin. No answer is
 * a 5xx (but 503 with Retry-After from admission), no connection is reset or left hanging, every error answer has the
 * contract's JSON shape, and a queue filled beforehand (with its binding) is unchanged afterwards.
 * `FUZZ_SEED=<n>` replays a run; the seed is printed with any failure.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { RequestFuzzer, prng, type FuzzRequest } from './fuzz-requests';
import { api, bind, declareExchange, declareQueue, enc, send } from './http';

const REQUESTS = 5_200;
const CONCURRENCY = 12;
const TIMEOUT_MS = 40_000;

interface Failure {
  request: string;
  problem: string;
}

async function snapshot(queue: string) {
  const info = await api('GET', `/queues/${enc(queue)}`);
  const page = await api('GET', `/queues/${enc(queue)}/messages?limit=500`);
  const bindings = await api('GET', `/bindings?destination=${enc(queue)}`);
  return {
    messages: info.body.messages,
    ready: info.body.messagesReady,
    contents: page.body.items.map((item: { messageId: string; payload: string }) => [item.messageId, item.payload]),
    bindings: bindings.body,
  };
}

async function send1(request: FuzzRequest): Promise<string | undefined> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(`${inject('baseUrl')}${request.path}`, { method: request.method, headers: request.headers, body: request.body, signal: controller.signal });
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('text/event-stream')) {
      controller.abort();
      return response.status === 200 ? undefined : `event stream with status ${response.status}`;
    }
    const text = await response.text();
    if (response.status >= 500 && !(response.status === 503 && response.headers.get('retry-after'))) return `answered ${response.status}: ${text.slice(0, 300)}`;
    if (response.status >= 400 && request.method !== 'HEAD') {
      if (!type.includes('application/json')) return `error ${response.status} as ${type || 'no content type'}: ${text.slice(0, 200)}`;
      try {
        const body = JSON.parse(text);
        if (typeof body?.error?.code !== 'string' || typeof body?.error?.message !== 'string') return `error ${response.status} without the error shape: ${text.slice(0, 200)}`;
      } catch {
        return `error ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`;
      }
    }
    return undefined;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (controller.signal.aborted) return `no answer within ${TIMEOUT_MS} ms`;
    return `connection failed: ${cause?.code ?? ''} ${cause?.message ?? (error as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
}

describe('HTTP fuzz', () => {
  it(`${REQUESTS} generated hostile requests: no 5xx, no reset, JSON errors, the canary queue unchanged`, async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const canary = `fuzz-canary-${randomUUID()}`;
    const exchange = `${canary}-x`;
    await declareQueue(canary, { durable: true });
    await declareExchange(exchange, 'direct');
    await bind(exchange, canary, 'canary');
    for (let i = 0; i < 100; i++) await send(canary, `canary message ${i}`, { properties: { messageId: `canary-${i}` } });
    const before = await snapshot(canary);
    expect(before.contents).toHaveLength(100);
    // Server-wide settings an administrator may change; the fuzz changes them too, and they are put back for the tests after it.
    const watermark = (await api('GET', '/memory-watermark')).body.watermark;

    const specAnswer = await api('GET', '/openapi.json');
    expect(specAnswer.status).toBe(200);
    const spec = specAnswer.body;
    const protectedNames = new Set(['admin', '/', canary, exchange]);
    const fuzzer = new RequestFuzzer(spec, prng(seed), (value) => protectedNames.has(value) || value.startsWith('amq.') || value.startsWith('fuzz-canary'));
    const operations = fuzzer.operations();
    const requests: FuzzRequest[] = [];
    // Every operation at least 20 times, then at random.
    for (let i = 0; i < REQUESTS; i++) requests.push(fuzzer.request(i < operations.length * 20 ? operations[i % operations.length] : operations[Math.floor((i * 7919) % operations.length)], inject('token')));

    const failures: Failure[] = [];
    const covered = new Set<string>();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < requests.length) {
          const request = requests[next++];
          covered.add(request.operation);
          const problem = await send1(request);
          if (problem) failures.push({ request: `${request.method} ${request.path.slice(0, 200)} ${request.headers['content-type'] ?? ''} ${(request.body ?? '').slice(0, 200)}`, problem });
        }
      }),
    );
    // The demo is an operation like any other; a valid start must not leave it running for the tests after this one.
    await api('POST', '/demo', { body: { action: 'stop' } });
    expect((await api('PUT', '/memory-watermark', { body: { watermark } })).status).toBe(200);
    expect((await api('GET', '/health', { token: null })).body.status, 'health after the fuzz').toBe('ok');

    const after = await snapshot(canary);
    expect(covered.size, `seed ${seed}`).toBe(operations.length);
    expect(failures.slice(0, 10), `seed ${seed}: ${failures.length} failures`).toEqual([]);
    expect(after, `seed ${seed}`).toEqual(before);
    await api('DELETE', `/queues/${enc(canary)}`);
    await api('DELETE', `/exchanges/${enc(exchange)}`);
  }, 300_000);
});
