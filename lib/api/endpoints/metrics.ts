/** @module Metrics: a queue's chart series, the consumers, the live event stream and the Prometheus exposition. */
import { anyoneInVhost } from '../endpoint-access';
import { revocable } from '../revocable-stream';
import { endpoint } from '../endpoint';
import { liveFeedOf, liveScope } from '../live-feed';
import { prometheusResponse, PROMETHEUS_CONTENT_TYPE, vhostMetricsOf, type ExpositionMode } from '../prometheus';
import { json } from '../respond';
import {
  consumerListQuerySchema,
  consumerListSchema,
  liveEventsQuerySchema,
  liveEventsSchema,
  overviewMetricsQuerySchema,
  overviewMetricsSchema,
  queueMetricsQuerySchema,
  queueMetricsSchema,
} from '../schemas/metrics';
import { queueParamsSchema } from '../schemas/queues';
import { eventStream } from '../sse';

export const getQueueMetrics = endpoint({
  operationId: 'getQueueMetrics',
  method: 'GET',
  path: '/queues/{name}/metrics',
  tag: 'metrics',
  summary: 'Chart series of a queue over a window ending now: depth, rates, latency, lag (same-length arrays)',
  description:
    'Windows within the last 15 minutes with steps under 10 s come from the in-memory 1 s points; longer ones from 10 s rollups (kept 24 h) or 1 min rollups (kept 30 days), which survive a restart.',
  params: queueParamsSchema,
  query: queueMetricsQuerySchema,
  responses: { 200: { description: 'The series', schema: queueMetricsSchema } },
  errors: ['not_found', 'unavailable'],
  vhostScoped: true,
  authorize: anyoneInVhost,
  onClusters: true,
  handle: async ({ backend, params, query, signal }) => json(await backend.queueMetrics(params.name, query, signal)),
});

export const listConsumers = endpoint({
  operationId: 'listConsumers',
  method: 'GET',
  path: '/consumers',
  tag: 'metrics',
  summary: 'Consumers (SSE subscribers, lease holders, AMQP consumers) with unacked, prefetch, rates and last activity',
  query: consumerListQuerySchema,
  responses: { 200: { description: 'The consumers', schema: consumerListSchema } },
  errors: ['not_found'],
  vhostScoped: true,
  authorize: anyoneInVhost,
  onClusters: true,
  handle: async ({ backend, query, signal }) => json(await backend.listConsumers(query.queue, signal)),
});

export const liveEvents = endpoint({
  operationId: 'liveEvents',
  method: 'GET',
  path: '/events',
  tag: 'metrics',
  summary: 'Live figures as Server-Sent Events: the overview once a second, and the queues the page shows as they change',
  description:
    'At once on connecting: an `overview` event (the Overview JSON), a `queues` event with the figures of every queue of the scope (LiveQueue, by name) and, with `scope=overview`, a `rankings` event. Then once a second: `overview`, `queues` with only the queues whose figures changed (merge them by name), `queues-removed` with the names of deleted ones, and `rankings`. A client that stops reading misses frames and gets its whole scope again once it reads. The schema below gives the data of each event under its name.',
  query: liveEventsQuerySchema,
  responses: { 200: { description: 'An event stream', contentType: 'text/event-stream', schema: liveEventsSchema } },
  errors: ['not_found'],
  vhostScoped: true,
  authorize: anyoneInVhost,
  onClusters: true,
  handle: async ({ services, caller, backend, request, query, signal }) => {
    const feed = liveFeedOf(await backend.liveSource(signal));
    return eventStream(request, revocable(services, caller, (sink) => feed.subscribe(sink, liveScope(query))));
  },
});

export const getOverviewMetrics = endpoint({
  operationId: 'getOverviewMetrics',
  method: 'GET',
  path: '/overview/metrics',
  tag: 'metrics',
  summary: "The vhost's totals second by second over the last minutes: rates and depth, for the overview's charts",
  description:
    "Summed from every queue's in-memory 1 s points, so it reaches back at most 15 minutes (and, for counts, to the start of this process). On an attached cluster: the totals of each 5 s sample Switchboard took (kept in memory, 15 minutes). The console draws it first, then appends the `overview` events of /events.",
  query: overviewMetricsQuerySchema,
  responses: { 200: { description: 'The series', schema: overviewMetricsSchema } },
  errors: ['not_found', 'unavailable'],
  vhostScoped: true,
  authorize: anyoneInVhost,
  onClusters: true,
  handle: async ({ backend, query, signal }) => json(await backend.overviewMetrics(query.windowMs, signal)),
});

/**
 * A Prometheus scrape served outside /api/v1: every vhost's metrics in `mode`, streamed as the scraper reads
 * (`unavailable`, before any byte, when metrics are off), for a user with the monitoring (or administrator) tag.
 */
function prometheusEndpoint(spec: { operationId: string; path: string; mode: ExpositionMode; summary: string; description: string }) {
  return endpoint({
    operationId: spec.operationId,
    method: 'GET',
    path: spec.path,
    server: '/',
    tag: 'metrics',
    summary: spec.summary,
    description: `${spec.description} Needs a user with the monitoring (or administrator) tag.`,
    responses: { 200: { description: 'The exposition', contentType: PROMETHEUS_CONTENT_TYPE } },
    errors: ['unavailable'],
    authorize: ({ access }) => access.requireTag('monitoring', `Scraping ${spec.path}`),
    handle: ({ services }) =>
      prometheusResponse(
        services.vhosts.all().map(([vhost, broker]) => vhostMetricsOf(vhost, broker)),
        spec.mode,
      ),
  });
}

export const getPrometheusMetrics = prometheusEndpoint({
  operationId: 'getPrometheusMetrics',
  path: '/metrics',
  mode: 'aggregated',
  summary: 'Counters, gauges and latency histograms summed per vhost, in Prometheus text format 0.0.4 (served at /metrics, not under /api/v1)',
  description:
    'Aggregated, as RabbitMQ\'s Prometheus plugin answers `/metrics`: each `switchboard_queue_*` and `switchboard_exchange_*` family has one sample per vhost, summed over its live queues or exchanges (the oldest-ready age is the oldest of them), so the answer stays small whatever the number of queues; `/metrics/per-object` has the same families per queue and exchange. Counters end in `_total`; dead-lettering is by `reason`; `switchboard_global_*` are per vhost with deleted queues and exchanges included. Latencies (publish → first delivery, publish → ack) are histograms in seconds. Every sample carries a `vhost` label. The answer is streamed.',
});

export const getPrometheusPerObjectMetrics = prometheusEndpoint({
  operationId: 'getPrometheusPerObjectMetrics',
  path: '/metrics/per-object',
  mode: 'per-object',
  summary: 'Counters, gauges and latency histograms per queue and exchange, in Prometheus text format 0.0.4 (served at /metrics/per-object)',
  description:
    'As RabbitMQ\'s `/metrics/per-object`: the families of `/metrics` with one sample per queue (`queue` label) and exchange (`exchange` label), queues in name order; a queue that never observed a latency has no histogram samples. Then the `switchboard_global_*` families. Streamed in chunks as the scraper reads them, so its size grows with the number of queues but not the memory it takes.',
});
