/**
 * @module The broker's metrics snapshot in Prometheus text exposition format 0.0.4: counters (`_total`), gauges and
 * the publish → delivery and publish → ack latencies as real histograms, in seconds as Prometheus expects.
 */
import type { CumulativeLatency, MetricsSnapshot, QueueCounters } from '@/lib/engine';
import { PROMETHEUS_BUCKETS_MS } from '@/lib/engine';
import { apiExchangeName } from './serialize';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type Labels = Record<string, string>;
type MetricType = 'counter' | 'gauge' | 'histogram';

interface Sample {
  /** `_bucket`, `_sum`, `_count` of a histogram. */
  suffix?: string;
  labels: Labels;
  value: number;
}

type CounterKey = Exclude<keyof QueueCounters, 'deadLettered'>;

/** Queue counters by exposition name; dead-lettering is its own family with a `reason` label. */
const QUEUE_COUNTERS: { key: CounterKey; name: string; help: string }[] = [
  { key: 'published', name: 'messages_published', help: 'Messages that entered the queue (routed by a publish, or dead-lettered into it)' },
  { key: 'delivered', name: 'messages_delivered', help: 'Deliveries, redeliveries included' },
  { key: 'redelivered', name: 'messages_redelivered', help: 'Deliveries of messages delivered before' },
  { key: 'acked', name: 'messages_acked', help: 'Messages acknowledged' },
  { key: 'nacked', name: 'messages_nacked', help: 'Explicit nacks and rejects, with or without requeue' },
  { key: 'expired', name: 'messages_expired', help: 'Messages whose TTL ran out (dead-lettered or dropped)' },
  { key: 'dropped', name: 'messages_dropped', help: 'Messages that died with no dead-letter exchange' },
  { key: 'purged', name: 'messages_purged', help: 'Ready messages removed by a purge' },
];

const EXCHANGE_COUNTERS = [
  { key: 'published', name: 'messages_published', help: 'Messages published to the exchange by clients' },
  { key: 'routed', name: 'messages_routed', help: 'Published messages that reached at least one queue' },
  { key: 'unroutable', name: 'messages_unroutable', help: 'Published messages that reached no queue' },
] as const;

const LATENCIES = [
  { key: 'deliver', name: 'deliver_latency_seconds', help: 'Time from publish to first delivery' },
  { key: 'ack', name: 'ack_latency_seconds', help: 'Time from publish to ack' },
] as const;

/** Escapes a label value: backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Escapes HELP text: backslash and line feed. */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A sample value as Prometheus (Go's ParseFloat) reads it. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',')}}`;
}

class Exposition {
  private readonly lines: string[] = [];

  family(name: string, type: MetricType, help: string, samples: Sample[]): void {
    this.lines.push(`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`);
    for (const s of samples) this.lines.push(`${name}${s.suffix ?? ''}${formatLabels(s.labels)} ${formatValue(s.value)}`);
  }

  toString(): string {
    return this.lines.join('\n') + '\n';
  }
}

/** `_bucket` samples (cumulative, ending with `le="+Inf"`), `_sum` and `_count` of one latency histogram. */
export function histogramSamples(labels: Labels, latency: CumulativeLatency): Sample[] {
  const samples: Sample[] = [];
  let cumulative = 0;
  PROMETHEUS_BUCKETS_MS.forEach((boundMs, i) => {
    cumulative += latency.bucketCounts[i] ?? 0;
    samples.push({ suffix: '_bucket', labels: { ...labels, le: formatValue(boundMs / 1000) }, value: cumulative });
  });
  samples.push({ suffix: '_bucket', labels: { ...labels, le: '+Inf' }, value: latency.count });
  samples.push({ suffix: '_sum', labels, value: latency.sumMs / 1000 });
  samples.push({ suffix: '_count', labels, value: latency.count });
  return samples;
}

function deadLetterSamples(counters: QueueCounters, labels: Labels): Sample[] {
  return Object.entries(counters.deadLettered).map(([reason, value]) => ({ labels: { ...labels, reason }, value }));
}

/** One vhost's snapshot: every sample of it carries a `vhost` label, as RabbitMQ's Prometheus plugin labels them. */
export interface VhostSnapshot {
  vhost: string;
  snapshot: MetricsSnapshot;
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Every vhost's snapshot as one exposition: per queue, per exchange, then per vhost (`switchboard_global_*`). */
export function formatPrometheus(vhosts: readonly VhostSnapshot[]): string {
  const out = new Exposition();
  const queues = vhosts.flatMap(({ vhost, snapshot }) => [...snapshot.queues].sort(byName).map((q) => ({ ...q, labels: { vhost, queue: q.name } })));
  const exchanges = vhosts.flatMap(({ vhost, snapshot }) =>
    snapshot.exchanges.map((e) => ({ ...e, name: apiExchangeName(e.name) })).sort(byName).map((e) => ({ ...e, labels: { vhost, exchange: e.name } })),
  );
  const perQueue = (value: (q: (typeof queues)[number]) => number) => queues.map((q) => ({ labels: q.labels, value: value(q) }));
  const perVhost = (value: (snapshot: MetricsSnapshot) => number) => vhosts.map(({ vhost, snapshot }) => ({ labels: { vhost }, value: value(snapshot) }));

  for (const c of QUEUE_COUNTERS) {
    out.family(`switchboard_queue_${c.name}_total`, 'counter', c.help, perQueue((q) => q.counters[c.key]));
  }
  out.family(
    'switchboard_queue_messages_dead_lettered_total',
    'counter',
    'Messages dead-lettered out of the queue, by reason',
    queues.flatMap((q) => deadLetterSamples(q.counters, q.labels)),
  );
  out.family('switchboard_queue_messages_ready', 'gauge', 'Messages ready for delivery', perQueue((q) => q.gauges.ready));
  out.family('switchboard_queue_messages_unacked', 'gauge', 'Messages delivered and not yet acked', perQueue((q) => q.gauges.unacked));
  out.family('switchboard_queue_messages_ready_bytes', 'gauge', 'Payload bytes of the ready messages', perQueue((q) => q.gauges.bytes));
  out.family('switchboard_queue_consumers', 'gauge', 'Consumers of the queue', perQueue((q) => q.gauges.consumers));
  out.family(
    'switchboard_queue_oldest_ready_age_seconds',
    'gauge',
    'Age of the oldest ready message (0 when none is ready)',
    perQueue((q) => (q.gauges.oldestReadyAgeMs ?? 0) / 1000),
  );
  for (const l of LATENCIES) {
    out.family(
      `switchboard_queue_${l.name}`,
      'histogram',
      `${l.help}, since start`,
      queues.flatMap((q) => histogramSamples(q.labels, q.latency[l.key].cumulative)),
    );
  }

  for (const c of EXCHANGE_COUNTERS) {
    out.family(`switchboard_exchange_${c.name}_total`, 'counter', c.help, exchanges.map((e) => ({ labels: e.labels, value: e[c.key] })));
  }

  for (const c of QUEUE_COUNTERS) {
    out.family(`switchboard_global_${c.name}_total`, 'counter', `${c.help}; all queues of the vhost, deleted ones included`, perVhost((v) => v.total.counters[c.key]));
  }
  out.family(
    'switchboard_global_messages_dead_lettered_total',
    'counter',
    'Messages dead-lettered, by reason; all queues of the vhost, deleted ones included',
    vhosts.flatMap(({ vhost, snapshot }) => deadLetterSamples(snapshot.total.counters, { vhost })),
  );
  for (const c of EXCHANGE_COUNTERS) {
    out.family(`switchboard_global_exchange_${c.name}_total`, 'counter', `${c.help}; all exchanges of the vhost, deleted ones included`, perVhost((v) => v.total.exchanges[c.key]));
  }
  out.family('switchboard_global_queues', 'gauge', 'Queues of the vhost', perVhost((v) => v.queues.length));
  out.family('switchboard_global_messages_ready', 'gauge', 'Ready messages in all queues of the vhost', perVhost((v) => v.total.gauges.ready));
  out.family('switchboard_global_messages_unacked', 'gauge', 'Unacked messages in all queues of the vhost', perVhost((v) => v.total.gauges.unacked));
  out.family('switchboard_global_messages_ready_bytes', 'gauge', 'Payload bytes of all ready messages of the vhost', perVhost((v) => v.total.gauges.bytes));
  out.family('switchboard_global_consumers', 'gauge', 'Consumers of all queues of the vhost', perVhost((v) => v.total.gauges.consumers));
  return out.toString();
}
