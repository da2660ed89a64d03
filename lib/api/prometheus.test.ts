import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterEach, describe, expect, it } from 'vitest';
import type { CumulativeLatency, MetricsSnapshot, QueueSnapshot } from '@/lib/engine';
import { emptyCounters, PROMETHEUS_BUCKETS_MS } from '@/lib/engine';
import { startEngine, type EngineFixture } from '../../tests/support/engine-fixture';
import { newQueue, send } from '../../tests/support/engine-helpers';
import { parseExposition, sampleValue } from '../../tests/support/prometheus-grammar';
import { escapeLabelValue, formatPrometheus, formatValue, histogramSamples } from './prometheus';

const exposed = (snapshot: MetricsSnapshot) => [{ vhost: '/', snapshot }];

const latency = (values: number[]): CumulativeLatency => {
  const bucketCounts = new Array(PROMETHEUS_BUCKETS_MS.length + 1).fill(0);
  for (const v of values) {
    const i = PROMETHEUS_BUCKETS_MS.findIndex((le) => v <= le);
    bucketCounts[i < 0 ? PROMETHEUS_BUCKETS_MS.length : i]++;
  }
  return { bucketCounts, count: values.length, sumMs: values.reduce((a, b) => a + b, 0), maxMs: Math.max(0, ...values) };
};

function queue(name: string, overrides: Partial<QueueSnapshot['counters']> = {}, ackLatencies: number[] = []): QueueSnapshot {
  const summary = { count: 0, p50: 0, p95: 0, p99: 0, max: 0 };
  return {
    name,
    counters: { ...emptyCounters(), ...overrides },
    gauges: { ready: 3, unacked: 1, bytes: 42, consumers: 2, oldestReadyAgeMs: 1500 },
    latency: {
      deliver: { cumulative: latency([]), lastMinute: summary },
      ack: { cumulative: latency(ackLatencies), lastMinute: summary },
    },
  };
}

function snapshot(queues: QueueSnapshot[], exchanges: MetricsSnapshot['exchanges'] = []): MetricsSnapshot {
  return {
    at: 0,
    queues,
    exchanges,
    total: {
      counters: queues[0]?.counters ?? queue('x').counters,
      exchanges: { published: 9, routed: 8, unroutable: 1 },
      gauges: { ready: 3, unacked: 1, bytes: 42, consumers: 2 },
    },
  };
}

describe('formatPrometheus', () => {
  it('writes HELP and TYPE before each family, counters as _total with a queue label', () => {
    const text = formatPrometheus(exposed(snapshot([queue('orders', { published: 7, acked: 3 })])));
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
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toContain('\n\n');
  });

  it('escapes backslash, double quote and line feed in label values', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    const text = formatPrometheus(exposed(snapshot([], [{ name: 'we\\ird"x\ny', published: 1, routed: 1, unroutable: 0 }])));
    expect(text).toContain('switchboard_exchange_messages_published_total{vhost="/",exchange="we\\\\ird\\"x\\ny"} 1\n');
    expect(parseExposition(text).get('switchboard_exchange_messages_published_total')!.samples[0].labels.exchange).toBe('we\\ird"x\ny');
    const parsed = parsePrometheusTextFormat(text).find((f) => f.name === 'switchboard_exchange_messages_published_total')!;
    expect(parsed.metrics[0].labels).toEqual({ vhost: '/', exchange: 'we\\ird"x\ny' });
  });

  it('names the default exchange amq.default, as the API does', () => {
    const text = formatPrometheus(exposed(snapshot([], [{ name: '', published: 2, routed: 2, unroutable: 0 }])));
    expect(text).toContain('switchboard_exchange_messages_routed_total{vhost="/",exchange="amq.default"} 2\n');
  });

  it('writes latency as a cumulative histogram in seconds, ending with le="+Inf", _sum and _count', () => {
    const samples = histogramSamples({ queue: 'q' }, latency([1, 3, 3, 40, 100_000_000]));
    const buckets = samples.filter((s) => s.suffix === '_bucket');
    expect(buckets.map((s) => s.labels.le)).toEqual([...PROMETHEUS_BUCKETS_MS.map((ms) => String(ms / 1000)), '+Inf']);
    expect(buckets[0]).toEqual({ suffix: '_bucket', labels: { queue: 'q', le: '0.001' }, value: 1 });
    expect(buckets.find((s) => s.labels.le === '0.005')!.value).toBe(3);
    expect(buckets.find((s) => s.labels.le === '0.05')!.value).toBe(4);
    expect(buckets.find((s) => s.labels.le === '1800')!.value).toBe(4);
    expect(buckets.at(-1)!.value).toBe(5);
    expect(samples.slice(-2)).toEqual([
      { suffix: '_sum', labels: { queue: 'q' }, value: (1 + 3 + 3 + 40 + 100_000_000) / 1000 },
      { suffix: '_count', labels: { queue: 'q' }, value: 5 },
    ]);
    const text = formatPrometheus(exposed(snapshot([queue('q', {}, [1, 3, 3, 40])])));
    expect(text).toContain('# TYPE switchboard_queue_ack_latency_seconds histogram\n');
    expect(text).toContain('switchboard_queue_ack_latency_seconds_bucket{vhost="/",queue="q",le="+Inf"} 4\n');
    expect(text).toContain('switchboard_queue_ack_latency_seconds_sum{vhost="/",queue="q"} 0.047\n');
    expect(text).toContain('switchboard_queue_ack_latency_seconds_count{vhost="/",queue="q"} 4\n');
    expect(sampleValue(parseExposition(text), 'switchboard_queue_ack_latency_seconds_bucket', { vhost: '/', queue: 'q', le: '0.025' })).toBe(3);
  });

  it('formats special values as Prometheus reads them', () => {
    expect([NaN, Infinity, -Infinity, 0, 2.5, 1e21].map(formatValue)).toEqual(['NaN', '+Inf', '-Inf', '0', '2.5', '1e+21']);
  });

  it('lists queues in name order and has families (HELP and TYPE) even with no queue', () => {
    const text = formatPrometheus(exposed(snapshot([queue('b'), queue('a')])));
    expect(text.indexOf('{vhost="/",queue="a"}')).toBeLessThan(text.indexOf('{vhost="/",queue="b"}'));
    const empty = parseExposition(formatPrometheus(exposed(snapshot([]))));
    expect(empty.get('switchboard_queue_messages_published_total')).toMatchObject({ type: 'counter', samples: [] });
    expect(empty.get('switchboard_global_queues')!.samples[0].value).toBe(0);
  });
});

describe('the exposition of a real broker', () => {
  let fx: EngineFixture;
  afterEach(() => fx?.cleanup());

  it('matches a scripted workload exactly and passes a strict grammar check and a Prometheus text parser', async () => {
    fx = await startEngine();
    const q = await newQueue(fx.broker, 'prom');
    for (let i = 0; i < 10; i++) await send(fx.broker, q, `m${i}`);
    await fx.advance(200);
    const got = await fx.broker.receive(q, { max: 6, visibilityTimeoutMs: 60_000 });
    await fx.advance(300);
    await fx.broker.ack(q, got.slice(0, 4).map((d) => d.deliveryTag));
    await fx.broker.nack(q, [got[4].deliveryTag], false);
    await fx.advance(1000); // closes the second: latency reaches the cumulative histograms

    const text = formatPrometheus(exposed(fx.broker.metricsSnapshot()));
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
    // This parser folds a labelled histogram into one bucket table; with one queue that table is the queue's.
    expect(ackLatency.metrics[0].buckets).toMatchObject({ '0.25': '0', '1': '4', '+Inf': '4' });
  });
});
