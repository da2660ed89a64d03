/**
 * @module The broker's metrics in Prometheus text exposition format 0.0.4, streamed: counters (`_total`), gauges and
 * the publish → delivery and publish → ack latencies as histograms in seconds; aggregated per vhost by default, per
 * queue and exchange on request (RabbitMQ's `/metrics` and `/metrics/per-object`).
 */
import { exposition, type ExpositionMode } from './exposition';
import type { VhostMetrics } from './source';
import { collectText, pacedTextStream } from './stream';
import { PROMETHEUS_CONTENT_TYPE } from './text';

export type { ExpositionMode } from './exposition';
export { vhostMetricsOf, type ExchangeFigures, type VhostMetrics } from './source';
export { escapeHelp, escapeLabelValue, formatValue, histogramLines, PROMETHEUS_CONTENT_TYPE } from './text';

/** The exposition as a streamed answer: chunks written as the scraper reads them. */
export function prometheusResponse(sources: readonly VhostMetrics[], mode: ExpositionMode): Response {
  return new Response(pacedTextStream(exposition(sources, mode)), {
    headers: { 'content-type': PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store' },
  });
}

/** The exposition as one string (tests; a real scrape streams). */
export function formatPrometheus(sources: readonly VhostMetrics[], mode: ExpositionMode): Promise<string> {
  return collectText(exposition(sources, mode));
}
