/** @module The metric families the exposition writes, by exposition name, with their help text. */
import type { QueueCounters } from '@/lib/engine';

export type CounterKey = Exclude<keyof QueueCounters, 'deadLettered'>;

/** Queue counters; dead-lettering is its own family with a `reason` label. */
export const QUEUE_COUNTERS: readonly { key: CounterKey; name: string; help: string }[] = [
  { key: 'published', name: 'messages_published', help: 'Messages that entered the queue (routed by a publish, or dead-lettered into it)' },
  { key: 'delivered', name: 'messages_delivered', help: 'Deliveries, redeliveries included' },
  { key: 'redelivered', name: 'messages_redelivered', help: 'Deliveries of messages delivered before' },
  { key: 'acked', name: 'messages_acked', help: 'Messages acknowledged' },
  { key: 'nacked', name: 'messages_nacked', help: 'Explicit nacks and rejects, with or without requeue' },
  { key: 'expired', name: 'messages_expired', help: 'Messages whose TTL ran out (dead-lettered or dropped)' },
  { key: 'dropped', name: 'messages_dropped', help: 'Messages that died with no dead-letter exchange' },
  { key: 'purged', name: 'messages_purged', help: 'Ready messages removed by a purge' },
];

export const DEAD_LETTERED = { name: 'switchboard_queue_messages_dead_lettered_total', help: 'Messages dead-lettered out of the queue, by reason' };

export type GaugeKey = 'ready' | 'unacked' | 'bytes' | 'consumers';

/** Queue gauges, summed over a vhost's queues when aggregated. */
export const QUEUE_GAUGES: readonly { key: GaugeKey; name: string; help: string }[] = [
  { key: 'ready', name: 'switchboard_queue_messages_ready', help: 'Messages ready for delivery' },
  { key: 'unacked', name: 'switchboard_queue_messages_unacked', help: 'Messages delivered and not yet acked' },
  { key: 'bytes', name: 'switchboard_queue_messages_ready_bytes', help: 'Payload bytes of the ready messages' },
  { key: 'consumers', name: 'switchboard_queue_consumers', help: 'Consumers of the queue' },
];

/** Aggregated, the oldest over the vhost's queues: still the age of the oldest ready message. */
export const OLDEST_READY_AGE = { name: 'switchboard_queue_oldest_ready_age_seconds', help: 'Age of the oldest ready message (0 when none is ready)' };

export const LATENCIES = [
  { key: 'deliver', name: 'switchboard_queue_deliver_latency_seconds', help: 'Time from publish to first delivery, since start' },
  { key: 'ack', name: 'switchboard_queue_ack_latency_seconds', help: 'Time from publish to ack, since start' },
] as const;

export type ExchangeKey = 'published' | 'routed' | 'unroutable';

export const EXCHANGE_COUNTERS: readonly { key: ExchangeKey; name: string; help: string }[] = [
  { key: 'published', name: 'messages_published', help: 'Messages published to the exchange by clients' },
  { key: 'routed', name: 'messages_routed', help: 'Published messages that reached at least one queue' },
  { key: 'unroutable', name: 'messages_unroutable', help: 'Published messages that reached no queue' },
];
