/** @module The pieces of Prometheus text exposition 0.0.4: escaping, values, family headers, histogram lines. */
import { PROMETHEUS_BUCKETS_MS, type CumulativeLatency } from '@/lib/engine';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type MetricType = 'counter' | 'gauge' | 'histogram';

const NEEDS_ESCAPE = /[\\"\n]/;

/** Escapes a label value: backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
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

/** `name="value"` pairs, escaped, without braces: the caller adds more pairs or closes them. */
export function labelPairs(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([name, value]) => `${name}="${escapeLabelValue(value)}"`)
    .join(',');
}

export function familyHeader(name: string, type: MetricType, help: string): string {
  return `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${type}\n`;
}

/** One sample line; `pairs` from labelPairs (empty for none). */
export function sampleLine(name: string, pairs: string, value: number): string {
  return pairs === '' ? `${name} ${formatValue(value)}\n` : `${name}{${pairs}} ${formatValue(value)}\n`;
}

const BUCKET_LABELS = PROMETHEUS_BUCKETS_MS.map((ms) => formatValue(ms / 1000));

/** `_bucket` lines (cumulative, ending with `le="+Inf"`), `_sum` and `_count` of one latency histogram, in seconds. */
export function histogramLines(name: string, pairs: string, latency: Readonly<CumulativeLatency>): string {
  const sep = pairs === '' ? '' : ',';
  let out = '';
  let cumulative = 0;
  for (let i = 0; i < BUCKET_LABELS.length; i++) {
    cumulative += latency.bucketCounts[i] ?? 0;
    out += `${name}_bucket{${pairs}${sep}le="${BUCKET_LABELS[i]}"} ${cumulative}\n`;
  }
  out += `${name}_bucket{${pairs}${sep}le="+Inf"} ${latency.count}\n`;
  out += sampleLine(`${name}_sum`, pairs, latency.sumMs / 1000);
  out += sampleLine(`${name}_count`, pairs, latency.count);
  return out;
}
