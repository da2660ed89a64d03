/** @module Metrics: a queue's chart series, the consumers, the live event stream and the Prometheus exposition. */
import { anyoneInVhost } from '../endpoint-access';
import { revocable } from '../revocable-stream';
import { endpoint } from '../endpoint';
import { liveFeedOf } from '../live-feed';
import { formatPrometheus, PROMETHEUS_CONTENT_TYPE } from '../prometheus';
import { json } from '../respond';
import { consumerListQuerySchema, consumerListSchema, liveEventsSchema, queueMetricsQuerySchema, queueMetricsSchema } from '../schemas/metrics';
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
  handle: async ({ broker, params, query }) => json(await broker.queueMetrics(params.name, query)),
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
  handle: ({ broker, query }) => json(broker.listConsumers(query.queue)),
});

export const liveEvents = endpoint({
  operationId: 'liveEvents',
  method: 'GET',
  path: '/events',
  tag: 'metrics',
  summary: 'Live figures as Server-Sent Events: an `overview` and a `queues` event once a second',
  description:
    'Each second (and at once on connecting) an `overview` event (the Overview JSON) and a `queues` event (an array of LiveQueue, by name). The schema below gives the data of each event under its name.',
  responses: { 200: { description: 'An event stream', contentType: 'text/event-stream', schema: liveEventsSchema } },
  vhostScoped: true,
  authorize: anyoneInVhost,
  handle: ({ services, caller, broker, request }) =>
    eventStream(request, revocable(services, caller, (sink) => liveFeedOf(broker).subscribe(sink))),
});

export const getPrometheusMetrics = endpoint({
  operationId: 'getPrometheusMetrics',
  method: 'GET',
  path: '/metrics',
  server: '/',
  tag: 'metrics',
  summary: 'Every counter, gauge and latency histogram in Prometheus text format 0.0.4 (served at /metrics, not under /api/v1)',
  description:
    'Counters end in `_total`; per queue (`queue` label), per exchange (`exchange`), dead-lettering by `reason`, and broker-wide as `switchboard_global_*`. Latencies (publish → first delivery, publish → ack) are histograms in seconds. Every sample carries a `vhost` label. Needs a user with the monitoring (or administrator) tag.',
  responses: { 200: { description: 'The exposition', contentType: PROMETHEUS_CONTENT_TYPE } },
  errors: ['unavailable'],
  authorize: ({ access }) => access.requireTag('monitoring', 'Scraping /metrics'),
  handle: ({ services }) =>
    new Response(formatPrometheus(services.vhosts.all().map(([vhost, broker]) => ({ vhost, snapshot: broker.metricsSnapshot() }))), {
      headers: { 'content-type': PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store' },
    }),
});
