/**
 * @module An open-loop HTTP load: requests start on schedule (`rate` per second for `durationMs`) whatever the
 * answers, each on a socket of its own if none is free, as many clients would. Counts every outcome: answers by status
 * (with Retry-After), resets, time-outs and other errors, and latencies. Used by the overload test and bench.
 */
import { Agent, request as httpRequest } from 'node:http';

export interface OpenLoopOptions {
  /** http://host:port */
  baseUrl: string;
  method?: string;
  path: (index: number) => string;
  headers: Record<string, string>;
  body: (index: number) => unknown;
  rate: number;
  durationMs: number;
  /** A request with no answer after this long counts as a time-out (and is abandoned). */
  timeoutMs: number;
  /**
   * Connections the client keeps at most (default: a new one whenever none is free, as a flood of clients would).
   * With no bound, a cold start cascades: each slow early answer makes the client open more connections, and a plain
   * node:http server shows a p99 over a second at 1,000 requests/s; a client with a pool (64) does not.
   */
  maxSockets?: number;
}

export interface Outcome {
  index: number;
  status?: number;
  retryAfter?: string;
  /** `reset`, `timeout` or another error code. */
  error?: string;
  /** The error as Node named it (ECONNRESET, EPIPE, socket hang up). */
  detail?: string;
  latencyMs: number;
  body?: string;
}

export interface OpenLoopResult {
  sent: number;
  answered: number;
  byStatus: Record<string, number>;
  resets: number;
  timeouts: number;
  otherErrors: Record<string, number>;
  /** Refusals (429, 503) that came without a Retry-After header. */
  refusalsWithoutRetryAfter: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  outcomes: Outcome[];
}

export async function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? Infinity, maxFreeSockets: 1024 });
  const total = Math.round((options.rate * options.durationMs) / 1000);
  const outcomes: Outcome[] = [];
  const pending: Promise<void>[] = [];
  const started = performance.now();
  const fire = (index: number) =>
    new Promise<void>((resolve) => {
      const sentAt = performance.now();
      const payload = JSON.stringify(options.body(index));
      let settled = false;
      const settle = (outcome: Omit<Outcome, 'index' | 'latencyMs'>) => {
        if (settled) return;
        settled = true;
        outcomes.push({ index, latencyMs: performance.now() - sentAt, ...outcome });
        resolve();
      };
      const request = httpRequest(
        `${options.baseUrl}${options.path(index)}`,
        {
          method: options.method ?? 'POST',
          agent,
          headers: { ...options.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            settle({ status: response.statusCode, retryAfter: response.headers['retry-after'], body: Buffer.concat(chunks).toString('utf8') }),
          );
          response.on('error', (error: NodeJS.ErrnoException) => settle({ error: errorName(error), detail: error.code ?? error.message }));
        },
      );
      request.setTimeout(options.timeoutMs, () => {
        settle({ error: 'timeout' });
        request.destroy();
      });
      request.on('error', (error: NodeJS.ErrnoException) => settle({ error: errorName(error), detail: `${error.code ?? error.message}${request.reusedSocket ? ' (reused socket)' : ''}` }));
      request.end(payload);
    });
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - started) * options.rate) / 1000));
      while (next < due) pending.push(fire(next++));
      if (next >= total) return resolve();
      setTimeout(tick, 5);
    };
    tick();
  });
  await Promise.all(pending);
  agent.destroy();
  return summarize(outcomes);
}

function errorName(error: NodeJS.ErrnoException): string {
  if (error.code === 'ECONNRESET' || error.code === 'EPIPE' || error.message === 'socket hang up') return 'reset';
  return error.code ?? error.message;
}

export function summarize(outcomes: Outcome[]): OpenLoopResult {
  const byStatus: Record<string, number> = {};
  const otherErrors: Record<string, number> = {};
  let resets = 0;
  let timeouts = 0;
  let refusalsWithoutRetryAfter = 0;
  for (const outcome of outcomes) {
    if (outcome.status !== undefined) {
      byStatus[outcome.status] = (byStatus[outcome.status] ?? 0) + 1;
      if ((outcome.status === 429 || outcome.status === 503) && !outcome.retryAfter) refusalsWithoutRetryAfter++;
    } else if (outcome.error === 'reset') resets++;
    else if (outcome.error === 'timeout') timeouts++;
    else otherErrors[outcome.error ?? 'unknown'] = (otherErrors[outcome.error ?? 'unknown'] ?? 0) + 1;
  }
  const latencies = outcomes.filter((outcome) => outcome.status !== undefined).map((outcome) => outcome.latencyMs).sort((a, b) => a - b);
  const at = (q: number) => (latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]) : 0);
  return {
    sent: outcomes.length,
    answered: latencies.length,
    byStatus,
    resets,
    timeouts,
    otherErrors,
    refusalsWithoutRetryAfter,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: Math.round(latencies.at(-1) ?? 0),
    outcomes: outcomes.sort((a, b) => a.index - b.index),
  };
}
