import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, inject, it } from 'vitest';
import { parseExposition, sampleValue } from '../support/prometheus-grammar';
import { openEventStream } from './event-stream';
import { ack, api, declareQueue, enc, errorCode, receive, send, unique } from './http';

/** Retries `check` (which throws until it holds) for up to `ms`: waits for seconds to close, asserts no timing. */
async function eventually<T>(check: () => Promise<T>, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function scrape(token: string | null = inject('token'), path = '/metrics/per-object'): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(`${inject('baseUrl')}${path}`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

describe('metrics over HTTP', () => {
  it('counts a scripted workload exactly in /metrics, /queues/{name}/metrics and /consumers', async () => {
    const queue = unique('q-metrics');
    await declareQueue(queue);
    for (let i = 0; i < 7; i++) await send(queue, `m${i}`);
    const leased = await receive(queue, { max: 5 });
    expect(leased).toHaveLength(5);
    expect(await ack(queue, leased.slice(0, 3).map((d) => d.deliveryTag))).toBe(3);

    // Counters and gauges are exact at once.
    const first = await scrape();
    expect(first.status).toBe(200);
    expect(first.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = parseExposition(first.text);
    const value = (name: string) => sampleValue(families, name, { vhost: '/', queue });
    expect(value('switchboard_queue_messages_published_total')).toBe(7);
    expect(value('switchboard_queue_messages_delivered_total')).toBe(5);
    expect(value('switchboard_queue_messages_acked_total')).toBe(3);
    expect(value('switchboard_queue_messages_redelivered_total')).toBe(0);
    expect(value('switchboard_queue_messages_ready')).toBe(2);
    expect(value('switchboard_queue_messages_unacked')).toBe(2);
    expect(sampleValue(families, 'switchboard_queue_messages_dead_lettered_total', { vhost: '/', queue, reason: 'rejected' })).toBe(0);
    expect(families.get('switchboard_queue_ack_latency_seconds')?.type).toBe('histogram');
    const parsed = parsePrometheusTextFormat(first.text);
    expect(parsed.find((f) => f.name === 'switchboard_queue_messages_acked_total')).toMatchObject({
      type: 'COUNTER',
      metrics: expect.arrayContaining([{ labels: { vhost: '/', queue }, value: '3' }]),
    });

    // /metrics sums every family per vhost, as RabbitMQ's plugin does by default: no queue label, this queue counted in.
    const summed = await scrape(inject('token'), '/metrics');
    expect(summed.status).toBe(200);
    expect(summed.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    const totals = parseExposition(summed.text);
    expect(sampleValue(totals, 'switchboard_queue_messages_published_total', { vhost: '/' })).toBeGreaterThanOrEqual(7);
    expect(sampleValue(totals, 'switchboard_queue_messages_ready', { vhost: '/' })).toBeGreaterThanOrEqual(2);
    expect(sampleValue(totals, 'switchboard_global_queues', { vhost: '/' })).toBeGreaterThanOrEqual(1);
    expect(totals.get('switchboard_queue_ack_latency_seconds')?.type).toBe('histogram');
    for (const family of totals.values()) for (const sample of family.samples) expect(sample.labels.queue, family.name).toBeUndefined();

    // Latency reaches the histograms when its second closes.
    await eventually(async () => {
      const later = parseExposition((await scrape()).text);
      expect(sampleValue(later, 'switchboard_queue_deliver_latency_seconds_count', { vhost: '/', queue })).toBe(5);
      expect(sampleValue(later, 'switchboard_queue_deliver_latency_seconds_bucket', { vhost: '/', queue, le: '+Inf' })).toBe(5);
      expect(sampleValue(later, 'switchboard_queue_ack_latency_seconds_count', { vhost: '/', queue })).toBe(3);
    });

    // The chart series: equal-length arrays whose last steps hold the workload. A server younger than the window
    // reads 10 s rollups (the 1 s ring only covers this process), so the step may come back as 10 s.
    const series = await eventually(async () => {
      const answer = await api('GET', `/queues/${enc(queue)}/metrics?windowMs=60000&stepMs=1000`);
      expect(answer.status).toBe(200);
      const body = answer.body;
      const total = (key: string) => (body[key] as number[]).reduce((a, b) => a + (b * body.stepMs) / 1000, 0);
      expect(total('publish')).toBeCloseTo(7, 9);
      expect(total('deliver')).toBeCloseTo(5, 9);
      expect(total('ack')).toBeCloseTo(3, 9);
      expect(body.ready.at(-1)).toBe(2);
      return body;
    }, 20_000);
    expect(series.windowMs).toBe(60_000);
    expect(series.stepMs).toBe(series.source === '1s' ? 1000 : 10_000);
    expect(series.t).toHaveLength(60_000 / series.stepMs);
    for (const key of ['ready', 'unacked', 'publish', 'deliver', 'ack', 'redeliver', 'latencyP50Ms', 'latencyP95Ms', 'latencyP99Ms', 'consumerLag', 'oldestReadyAgeMs', 'timeToDrainMs']) {
      expect(series[key], key).toHaveLength(series.t.length);
    }
    expect(series.unacked.at(-1)).toBe(2);
    expect(series.consumerLag.at(-1)).toBe(2);
    expect(series.latencyP99Ms.some((v: number | null) => v !== null)).toBe(true);

    // Consumers: the lease holder, then an SSE subscriber that takes the two ready messages.
    const stream = await openEventStream(`/queues/${enc(queue)}/subscribe?prefetch=10`);
    await stream.until((events) => events.length >= 2);
    const consumers = await api('GET', `/consumers?queue=${enc(queue)}`);
    expect(consumers.status).toBe(200);
    expect(consumers.body).toHaveLength(2);
    expect(consumers.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ queue, kind: 'sse', prefetch: 10, unacked: 2, lastActiveAt: expect.any(Number) }),
        expect.objectContaining({ id: `lease:${queue}`, queue, kind: 'lease', prefetch: 0, priority: 0, unacked: 2 }),
      ]),
    );
    for (const consumer of consumers.body) {
      expect(consumer).toEqual({
        id: expect.any(String),
        queue,
        kind: expect.any(String),
        prefetch: expect.any(Number),
        priority: 0,
        unacked: expect.any(Number),
        deliverRate: expect.any(Number),
        ackRate: expect.any(Number),
        lastActiveAt: expect.any(Number),
      });
    }
    const all = await api('GET', '/consumers');
    expect(all.body.filter((c: { queue: string }) => c.queue === queue)).toHaveLength(2);
    stream.close();
  }, 45_000);

  it('streams overview and per-queue figures from /events', async () => {
    const queue = unique('q-events');
    await declareQueue(queue);
    await send(queue, 'waiting');
    const stream = await openEventStream('/events');
    const events = await stream.until((list) => list.some((e) => e.event === 'queues'), 2500);
    stream.close();
    const overview = events.find((e) => e.event === 'overview');
    expect(overview?.data).toMatchObject({
      queues: expect.any(Number),
      messagesReady: expect.any(Number),
      rates: { publish: expect.any(Number), deliver: expect.any(Number), ack: expect.any(Number) },
      exchangeTotals: { published: expect.any(Number), routed: expect.any(Number), unroutable: expect.any(Number) },
    });
    const queues = events.find((e) => e.event === 'queues')!.data as any[];
    expect(queues.find((q) => q.name === queue)).toEqual({
      name: queue,
      messagesReady: 1,
      messagesUnacked: 0,
      consumers: 0,
      rates: expect.objectContaining({ publish: expect.any(Number) }),
      oldestReadyAgeMs: expect.any(Number),
      latencyP50Ms: null,
      latencyP99Ms: null,
    });
  });

  it('answers the overview with the exchange totals', async () => {
    const overview = await api('GET', '/overview');
    expect(overview.status).toBe(200);
    expect(overview.body.exchangeTotals).toEqual({ published: expect.any(Number), routed: expect.any(Number), unroutable: expect.any(Number) });
  });

  it('needs the token on /metrics, /metrics/per-object and /events', async () => {
    for (const path of ['/metrics', '/metrics/per-object']) {
      const bare = await scrape(null, path);
      expect(bare.status, path).toBe(401);
      expect(JSON.parse(bare.text).error.code).toBe('unauthorized');
      expect((await scrape('wrong-token', path)).status, path).toBe(401);
    }
    const events = await api('GET', '/events', { token: null });
    expect(events.status).toBe(401);
    expect(errorCode(events)).toBe('unauthorized');
  });

  it('answers 404 for an unknown queue and 400 for bad windows, steps and names', async () => {
    const missing = unique('q-none');
    expect(errorCode(await api('GET', `/queues/${enc(missing)}/metrics`))).toBe('not_found');
    expect((await api('GET', `/queues/${enc(missing)}/metrics`)).status).toBe(404);
    expect((await api('GET', `/consumers?queue=${enc(missing)}`)).status).toBe(404);

    const queue = unique('q-bad-window');
    await declareQueue(queue);
    for (const query of ['windowMs=1000', 'windowMs=2592000001', 'windowMs=abc', 'stepMs=999', 'stepMs=1.5', 'windowMs=60000&stepMs=120000']) {
      const answer = await api('GET', `/queues/${enc(queue)}/metrics?${query}`);
      expect(answer.status, query).toBe(400);
      expect(errorCode(answer)).toBe('bad_request');
      expect(answer.body.error.details[0]).toMatchObject({ in: 'query' });
    }
    expect((await api('GET', `/consumers?queue=${enc('ü'.repeat(128))}`)).status).toBe(400);
    const wide = await api('GET', `/queues/${enc(queue)}/metrics?windowMs=2592000000`);
    expect(wide.status).toBe(200);
    expect(wide.body.source).toBe('1m');
    expect(new Set(['t', 'ready', 'publish', 'latencyP50Ms', 'consumerLag'].map((k) => wide.body[k].length)).size).toBe(1);
  });

  it('lists /metrics and the new routes in the OpenAPI document', async () => {
    const doc = (await api('GET', '/openapi.json')).body;
    expect(doc.paths['/metrics'].servers).toEqual([{ url: '/' }]);
    expect(doc.paths['/metrics/per-object'].servers).toEqual([{ url: '/' }]);
    for (const path of ['/queues/{name}/metrics', '/consumers', '/events']) expect(doc.paths[path].get).toBeDefined();
  });
});
