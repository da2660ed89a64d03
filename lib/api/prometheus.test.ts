import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterEach, describe, expect, it } from 'vitest';
import type { CumulativeLatency, QueueReading } from '@/lib/engine';
import { emptyCounters, PROMETHEUS_BUCKETS_MS } from '@/lib/engine';
import { startEngine, type EngineFixture } from '../../tests/support/engine-fixture';
import { newQueue, send } from '../../tests/support/engine-helpers';
import { parseExposition, sampleValue } from '../../tests/support/prometheus-grammar';
import { escapeLabelValue, formatPrometheus, formatValue, histogramLines, prometheusResponse, vhostMetricsOf, type ExchangeFigures, type VhostMetrics } from './prometheus';

const latency = (values: number[]): CumulativeLatency => {
  const bucketCounts = new Array(PROMETHEUS_BUCKETS_MS.length + 1).fill(0);
  for (const v of values) {
    const i = PROMETHEUS_BUCKETS_MS.findIndex((le) => v <= le);
    bucketCounts[i < 0 ? PROMETHEUS_BUCKETS_MS.length : i]++;
  }
  return { bucketCounts, count: values.length, sumMs: values.reduce((a, b) => a + b, 0), maxMs: Math.max(0, ...values) };
};

interface QueueSpec {
  counters?: Partial<Omit<QueueReading['counters'], 'deadLettered'>>;
  ready?: number;
  age?: number | null;
  ackLatencies?: number[];
}

function reading(spec: QueueSpec = {}): QueueReading {
  return {
    ready: spec.ready ?? 3,
    unacked: 1,
    bytes: 42,
    consumers: 2,
    oldestReadyAgeMs: spec.age === undefined ? 1500 : spec.age,
    counters: { ...emptyCounters(), ...spec.counters },
    latency: { deliver: latency([]), ack: latency(spec.ackLatencies ?? []) },
  };
}

/** A vhost as the exposition reads it, from plain figures (the broker's own reads are tested below). */
function vhostOf(vhost: string, queues: Record<string, QueueSpec>, exchanges: ExchangeFigures[] = []): VhostMetrics {
  const byName = new Map(Object.entries(queues).map(([name, spec]) => [name, reading(spec)]));
  return {
    vhost,
    queueNames: [...byName.keys()].sort(),
    queue: (name) => byName.get(name),
    exchanges,
    retiredCounters: { ...emptyCounters(), published: 100 },
    exchangeTotals: { published: 9, routed: 8, unroutable: 1 },
  };
}

const perObject = (...vhosts: VhostMetrics[]) => formatPrometheus(vhosts, 'per-object');
const aggregated = (...vhosts: VhostMetrics[]) => formatPrometheus(vhosts, 'aggregated');

describe('the per-object exposition', () => {
  it('writes HELP and TYPE before each family, counters as _total with a queue label', async () => {
    const text = await perObject(vhostOf('/', { orders: { counters: { published: 7, acked: 3 } } }));
    expect(text).toContain(
      '# HELP switchboard_queue_messages_published_total Messages that entered the queue (routed by a publish, or dead-lettered into it)\n' +
        '# TYPE switchboard_queue_messages_published_total counter\n' +
        'switchboard_queue_messages_published_total{vhost="/",queue="orders"} 7\n',
    );
    expect(text).toContain('switchboard_queue_messages_acked_total{vhost="/",queue="orders"} 3\n');
    expect(text).toContain('# TYPE switchboard_queue_messages_ready gauge\nswitchboard_queue_messages_ready{vhost="/",queue="orders"} 3\n');
    expect(text).toContain('switchboard_queue_oldest_ready_age_seconds{vhost="/",queue="orders"} 1.5\n');
    expect(text).toContain('switchboard_queue_messages_dead_lettered_total{vhost="/",queue="orders",reason="delivery_limit"} 0\n');
    expect(text).toContain('switchboard_global_exchange_messages_unroutable_total{vhost="/"} 1\n');
    expect(text).toContain('switchboard_global_messages_published_total{vhost="/"} 107\n');
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toContain('\n\n');
    parseExposition(text);
  });

  it('escapes backslash, double quote and line feed in label values', async () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    expect(escapeLabelValue('plain')).toBe('plain');
    const text = await perObject(vhostOf('/', { 'q"\\\n': {} }, [{ name: 'we\\ird"x\ny', published: 1, routed: 1, unroutable: 0 }]));
    expect(text).toContain('switchboard_exchange_messages_published_total{vhost="/",exchange="we\\\\ird\\"x\\ny"} 1\n');
    expect(parseExposition(text).get('switchboard_exchange_messages_published_total')!.samples[0].labels.exchange).toBe('we\\ird"x\ny');
    expect(parseExposition(text).get('switchboard_queue_messages_ready')!.samples[0].labels.queue).toBe('q"\\\n');
    const parsed = parsePrometheusTextFormat(text).find((f) => f.name === 'switchboard_exchange_messages_published_total')!;
    expect(parsed.metrics[0].labels).toEqual({ vhost: '/', exchange: 'we\\ird"x\ny' });
  });

  it('writes latency as a cumulative histogram in seconds, ending with le="+Inf", _sum and _count', async () => {
    const lines = histogramLines('h', 'queue="q"', latency([1, 3, 3, 40, 100_000_000])).trimEnd().split('\n');
    const buckets = lines.filter((line) => line.startsWith('h_bucket'));
    expect(buckets.map((line) => /le="([^"]+)"/.exec(line)![1])).toEqual([...PROMETHEUS_BUCKETS_MS.map((ms) => String(ms / 1000)), '+Inf']);
    expect(buckets[0]).toBe('h_bucket{queue="q",le="0.001"} 1');
    expect(buckets).toContain('h_bucket{queue="q",le="0.005"} 3');
    expect(buckets).toContain('h_bucket{queue="q",le="0.05"} 4');
    expect(buckets).toContain('h_bucket{queue="q",le="1800"} 4');
    expect(buckets.at(-1)).toBe('h_bucket{queue="q",le="+Inf"} 5');
    expect(lines.slice(-2)).toEqual([`h_sum{queue="q"} ${(1 + 3 + 3 + 40 + 100_000_000) / 1000}`, 'h_count{queue="q"} 5']);
    const text = await perObject(vhostOf('/', { q: { ackLatencies: [1, 3, 3, 40] } }));
    expect(text).toContain('# TYPE switchboard_queue_ack_latency_seconds histogram\n');
    expect(text).toContain('switchboard_queue_ack_latency_seconds_bucket{vhost="/",queue="q",le="+Inf"} 4\n');
    expect(text).toContain('switchboard_queue_ack_latency_seconds_sum{vhost="/",queue="q"} 0.047\n');
    expect(text).toContain('switchboard_queue_ack_latency_seconds_count{vhost="/",queue="q"} 4\n');
    expect(sampleValue(parseExposition(text), 'switchboard_queue_ack_latency_seconds_bucket', { vhost: '/', queue: 'q', le: '0.025' })).toBe(3);
  });

  it('leaves out the histograms of queues that never observed a latency', async () => {
    const families = parseExposition(await perObject(vhostOf('/', { idle: {}, busy: { ackLatencies: [5] } })));
    const queuesIn = (family: string) => new Set(families.get(family)!.samples.map((s) => s.labels.queue));
    expect(queuesIn('switchboard_queue_ack_latency_seconds')).toEqual(new Set(['busy']));
    expect(families.get('switchboard_queue_deliver_latency_seconds')).toMatchObject({ type: 'histogram', samples: [] });
    expect(queuesIn('switchboard_queue_messages_ready')).toEqual(new Set(['busy', 'idle']));
  });

  it('formats special values as Prometheus reads them', () => {
    expect([NaN, Infinity, -Infinity, 0, 2.5, 1e21].map(formatValue)).toEqual(['NaN', '+Inf', '-Inf', '0', '2.5', '1e+21']);
  });

  it('lists queues in name order and has families (HELP and TYPE) even with no queue', async () => {
    const text = await perObject(vhostOf('/', { b: {}, a: {} }));
    expect(text.indexOf('{vhost="/",queue="a"}')).toBeLessThan(text.indexOf('{vhost="/",queue="b"}'));
    const empty = parseExposition(await perObject(vhostOf('/', {})));
    expect(empty.get('switchboard_queue_messages_published_total')).toMatchObject({ type: 'counter', samples: [] });
    expect(empty.get('switchboard_global_queues')!.samples[0].value).toBe(0);
  });
});

describe('the aggregated exposition', () => {
  it('sums each queue family per vhost (the age: the oldest), with no queue or exchange label', async () => {
    const shop = vhostOf(
      'shop',
      {
        orders: { counters: { published: 7, acked: 3 }, ready: 2, age: 1500, ackLatencies: [1, 40] },
        billing: { counters: { published: 5 }, ready: 4, age: 9000, ackLatencies: [3] },
        empty: { ready: 0, age: null },
      },
      [
        { name: 'amq.default', published: 4, routed: 4, unroutable: 0 },
        { name: 'events', published: 6, routed: 5, unroutable: 1 },
      ],
    );
    const text = await aggregated(vhostOf('/', { solo: { counters: { published: 1 } } }), shop);
    const families = parseExposition(text);
    const value = (name: string, labels: Record<string, string> = { vhost: 'shop' }) => sampleValue(families, name, labels);
    expect(value('switchboard_queue_messages_published_total')).toBe(12);
    expect(value('switchboard_queue_messages_published_total', { vhost: '/' })).toBe(1);
    expect(value('switchboard_queue_messages_acked_total')).toBe(3);
    expect(value('switchboard_queue_messages_ready')).toBe(6);
    expect(value('switchboard_queue_messages_unacked')).toBe(3);
    expect(value('switchboard_queue_consumers')).toBe(6);
    expect(value('switchboard_queue_oldest_ready_age_seconds')).toBe(9);
    expect(value('switchboard_queue_messages_dead_lettered_total', { vhost: 'shop', reason: 'rejected' })).toBe(0);
    expect(value('switchboard_queue_ack_latency_seconds_count')).toBe(3);
    expect(value('switchboard_queue_ack_latency_seconds_bucket', { vhost: 'shop', le: '0.005' })).toBe(2);
    expect(value('switchboard_queue_ack_latency_seconds_sum')).toBeCloseTo(0.044, 9);
    expect(value('switchboard_queue_deliver_latency_seconds_count')).toBe(0);
    expect(value('switchboard_exchange_messages_unroutable_total')).toBe(1);
    expect(value('switchboard_exchange_messages_published_total')).toBe(10);
    expect(value('switchboard_global_messages_published_total')).toBe(112);
    expect(value('switchboard_global_queues')).toBe(3);
    for (const family of families.values()) {
      for (const sample of family.samples) expect(Object.keys(sample.labels).filter((l) => l !== 'le' && l !== 'reason')).toEqual(['vhost']);
    }
    expect(parsePrometheusTextFormat(text).map((f) => f.name)).toEqual([...families.keys()]);
  });
});

describe('the exposition of a real broker', () => {
  let fx: EngineFixture;
  afterEach(() => fx?.cleanup());

  it('matches a scripted workload exactly and passes a strict grammar check and a Prometheus text parser', async () => {
    fx = await startEngine();
    const q = await newQueue(fx.broker, 'prom');
    const idle = await newQueue(fx.broker, 'idle');
    for (let i = 0; i < 10; i++) await send(fx.broker, q, `m${i}`);
    await fx.advance(200);
    const got = await fx.broker.receive(q, { max: 6, visibilityTimeoutMs: 60_000 });
    await fx.advance(300);
    await fx.broker.ack(q, got.slice(0, 4).map((d) => d.deliveryTag));
    await fx.broker.nack(q, [got[4].deliveryTag], false);
    await fx.advance(1000); // closes the second: latency reaches the cumulative histograms

    const text = await formatPrometheus([vhostMetricsOf('/', fx.broker)], 'per-object');
    const families = parseExposition(text);
    const value = (name: string, labels: Record<string, string> = { vhost: '/', queue: q }) => sampleValue(families, name, labels);
    expect(value('switchboard_queue_messages_published_total')).toBe(10);
    expect(value('switchboard_queue_messages_delivered_total')).toBe(6);
    expect(value('switchboard_queue_messages_acked_total')).toBe(4);
    expect(value('switchboard_queue_messages_nacked_total')).toBe(1);
    expect(value('switchboard_queue_messages_dropped_total')).toBe(1);
    expect(value('switchboard_queue_messages_ready')).toBe(4);
    expect(value('switchboard_queue_messages_unacked')).toBe(1);
    expect(value('switchboard_queue_deliver_latency_seconds_count')).toBe(6);
    expect(value('switchboard_queue_deliver_latency_seconds_sum')).toBeCloseTo(6 * 0.2, 6);
    expect(value('switchboard_queue_deliver_latency_seconds_bucket', { vhost: '/', queue: q, le: '0.1' })).toBe(0);
    expect(value('switchboard_queue_deliver_latency_seconds_bucket', { vhost: '/', queue: q, le: '0.25' })).toBe(6);
    expect(value('switchboard_queue_ack_latency_seconds_count')).toBe(4);
    expect(value('switchboard_queue_ack_latency_seconds_bucket', { vhost: '/', queue: q, le: '0.25' })).toBe(0);
    expect(value('switchboard_queue_ack_latency_seconds_bucket', { vhost: '/', queue: q, le: '1' })).toBe(4);
    expect(value('switchboard_queue_messages_ready', { vhost: '/', queue: idle })).toBe(0);
    expect(value('switchboard_queue_ack_latency_seconds_count', { vhost: '/', queue: idle })).toBeUndefined();
    expect(value('switchboard_exchange_messages_published_total', { vhost: '/', exchange: 'amq.default' })).toBe(10);

    const parsed = parsePrometheusTextFormat(text);
    expect(parsed.map((f) => f.name)).toEqual([...families.keys()]);
    for (const family of parsed) {
      expect(family.type).toBe(families.get(family.name)!.type.toUpperCase());
      expect(family.help).toBe(families.get(family.name)!.help);
    }
    const published = parsed.find((f) => f.name === 'switchboard_queue_messages_published_total')!;
    expect(published.metrics).toContainEqual({ labels: { vhost: '/', queue: q }, value: '10' });
    const ackLatency = parsed.find((f) => f.name === 'switchboard_queue_ack_latency_seconds')!;
    // This parser folds a labelled histogram into one bucket table; only the queue that acked has one.
    expect(ackLatency.metrics[0].buckets).toMatchObject({ '0.25': '0', '1': '4', '+Inf': '4' });

    const totals = parseExposition(await formatPrometheus([vhostMetricsOf('/', fx.broker)], 'aggregated'));
    expect(sampleValue(totals, 'switchboard_queue_messages_published_total', { vhost: '/' })).toBe(10);
    expect(sampleValue(totals, 'switchboard_queue_messages_ready', { vhost: '/' })).toBe(4);
    expect(sampleValue(totals, 'switchboard_queue_ack_latency_seconds_count', { vhost: '/' })).toBe(4);
    expect(sampleValue(totals, 'switchboard_global_queues', { vhost: '/' })).toBe(2);
  });

  it('streams a large exposition in chunks as they are read, every family at the instant the scrape began', async () => {
    fx = await startEngine();
    // Enough queues that the first family alone outgrows a chunk.
    const names = Array.from({ length: 1500 }, (_, i) => `q-${String(i).padStart(4, '0')}`);
    await Promise.all(names.map((name) => fx.broker.declareQueue(name)));
    await send(fx.broker, names[1], 'one');
    const response = prometheusResponse([vhostMetricsOf('/', fx.broker)], 'per-object');
    expect(response.body).toBeInstanceOf(ReadableStream);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const first = await reader.read();
    expect(first.done).toBe(false);
    let text = decoder.decode(first.value, { stream: true });
    await fx.broker.deleteQueue(names[0]);
    let chunks = 1;
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      text += decoder.decode(next.value, { stream: true });
      chunks++;
    }
    expect(chunks).toBeGreaterThan(5);
    const families = parseExposition(text);
    const queuesIn = (family: string) => families.get(family)!.samples.map((s) => s.labels.queue);
    // The queues were read once, before the first chunk: the queue deleted mid-scrape is in every family, as it was.
    expect(queuesIn('switchboard_queue_messages_published_total')).toEqual(names);
    expect(queuesIn('switchboard_queue_messages_ready')).toEqual(names);
    expect(sampleValue(families, 'switchboard_queue_messages_ready', { vhost: '/', queue: names[1] })).toBe(1);
  }, 30_000);

  it('answers unavailable when metrics are turned off', async () => {
    fx = await startEngine({ metrics: false });
    expect(() => vhostMetricsOf('/', fx.broker)).toThrow(expect.objectContaining({ code: 'unavailable' }));
  });
});
