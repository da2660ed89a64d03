/**
 * @module The open-loop HTTP run of `npm run bench http-load`: single persistent publishes to
 * `POST /queues/{name}/messages` on schedule (open-loop.ts), with one consumer (http-consumers.ts) on a fresh durable
 * queue. Errors are publishes answered other than 200 (or not at all), consumer calls that failed, and accepted
 * messages never received; latency is from the publish request's start to the consumer having the message.
 */
import type { ApiTarget } from './http';
import { startConsumer, type ConsumerKind } from './http-consumers';
import { latencyFigures, type LatencyFigures } from './latency';
import { openLoop } from './open-loop';

export interface HttpOpenLoopResult extends LatencyFigures {
  consumer: ConsumerKind;
  sent: number;
  publishedOk: number;
  publishErrors: Record<string, number>;
  consumerErrors: Record<string, number>;
  received: number;
  /** Publishes answered 200 whose message the consumer never saw (within 30 s of the last publish). */
  lost: number;
  errors: number;
  publishP99Ms: number;
}

const DRAIN_MS = 30_000;
/** The publishing client's connection pool. */
export const OPEN_LOOP_CONNECTIONS = 64;

export async function httpOpenLoop(target: ApiTarget, kind: ConsumerKind, rate: number, seconds: number, warmUpSeconds: number): Promise<HttpOpenLoopResult> {
  const queue = `bench-open-loop-${kind}`;
  const headers = { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' };
  const queueUrl = `${target.baseUrl}/api/v1/queues/${queue}`;
  const declared = await fetch(queueUrl, { method: 'PUT', headers, body: JSON.stringify({ durable: true }) });
  if (!declared.ok) throw new Error(`declaring ${queue} answered ${declared.status}: ${await declared.text()}`);
  const consumer = await startConsumer(target, queue, kind);
  const sentAt = new Map<string, number>();
  const payload = 'x'.repeat(1024);
  try {
    const result = await openLoop({
      baseUrl: target.baseUrl,
      path: () => `/api/v1/queues/${queue}/messages`,
      headers: { authorization: headers.authorization },
      body: (index) => {
        sentAt.set(`m-${index}`, performance.now());
        return { payload, properties: { messageId: `m-${index}`, persistent: true } };
      },
      rate,
      durationMs: seconds * 1000,
      timeoutMs: 30_000,
      // A client with a connection pool, as HTTP clients have (open-loop.ts says why).
      maxSockets: OPEN_LOOP_CONNECTIONS,
    });
    const accepted = result.outcomes.filter((outcome) => outcome.status === 200).map((outcome) => `m-${outcome.index}`);
    const deadline = performance.now() + DRAIN_MS;
    while (accepted.some((id) => !consumer.arrivals.has(id)) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await consumer.stop();
    const warmUp = warmUpSeconds * rate;
    const latencies: number[] = [];
    for (const [id, at] of consumer.arrivals) {
      if (Number(id.slice(2)) >= warmUp) latencies.push(at - sentAt.get(id)!);
    }
    const publishErrors: Record<string, number> = { ...result.otherErrors };
    for (const [status, count] of Object.entries(result.byStatus)) if (status !== '200') publishErrors[`status ${status}`] = count;
    if (result.resets) publishErrors.resets = result.resets;
    if (result.timeouts) publishErrors.timeouts = result.timeouts;
    const lost = accepted.filter((id) => !consumer.arrivals.has(id)).length;
    const count = (errors: Record<string, number>) => Object.values(errors).reduce((sum, n) => sum + n, 0);
    return {
      consumer: kind,
      sent: result.sent,
      publishedOk: accepted.length,
      publishErrors,
      consumerErrors: consumer.errors,
      received: consumer.arrivals.size,
      lost,
      errors: count(publishErrors) + count(consumer.errors) + lost,
      publishP99Ms: result.p99Ms,
      ...latencyFigures(latencies),
    };
  } finally {
    await consumer.stop();
    await fetch(queueUrl, { method: 'DELETE', headers }).catch(() => undefined);
  }
}
