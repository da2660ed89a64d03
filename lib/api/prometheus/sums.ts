/** @module Adding up a vhost's queues: what the aggregated families and the global gauges show. */
import { emptyCounters, PROMETHEUS_BUCKETS_MS, type CumulativeLatency, type QueueCounters, type QueueReading } from '@/lib/engine';

export interface VhostSums {
  queues: number;
  /** Over the live queues only (the global families add the retired ones). */
  counters: QueueCounters;
  gauges: { ready: number; unacked: number; bytes: number; consumers: number };
  /** The oldest ready message of any queue; 0 when none is ready. */
  oldestReadyAgeMs: number;
  latency: { deliver: CumulativeLatency; ack: CumulativeLatency };
}

const emptyLatency = (): CumulativeLatency => ({ bucketCounts: new Array(PROMETHEUS_BUCKETS_MS.length + 1).fill(0), count: 0, sumMs: 0, maxMs: 0 });

export function emptySums(): VhostSums {
  return {
    queues: 0,
    counters: emptyCounters(),
    gauges: { ready: 0, unacked: 0, bytes: 0, consumers: 0 },
    oldestReadyAgeMs: 0,
    latency: { deliver: emptyLatency(), ack: emptyLatency() },
  };
}

export function addQueue(sums: VhostSums, queue: QueueReading): void {
  sums.queues++;
  const c = queue.counters;
  const into = sums.counters;
  into.published += c.published;
  into.delivered += c.delivered;
  into.redelivered += c.redelivered;
  into.acked += c.acked;
  into.nacked += c.nacked;
  into.expired += c.expired;
  into.dropped += c.dropped;
  into.purged += c.purged;
  for (const reason in into.deadLettered) {
    const key = reason as keyof QueueCounters['deadLettered'];
    into.deadLettered[key] += c.deadLettered[key];
  }
  sums.gauges.ready += queue.ready;
  sums.gauges.unacked += queue.unacked;
  sums.gauges.bytes += queue.bytes;
  sums.gauges.consumers += queue.consumers;
  if (queue.oldestReadyAgeMs !== null && queue.oldestReadyAgeMs > sums.oldestReadyAgeMs) sums.oldestReadyAgeMs = queue.oldestReadyAgeMs;
  addLatency(sums.latency.deliver, queue.latency.deliver);
  addLatency(sums.latency.ack, queue.latency.ack);
}

function addLatency(into: CumulativeLatency, from: Readonly<CumulativeLatency>): void {
  if (from.count === 0) return;
  for (let i = 0; i < into.bucketCounts.length; i++) into.bucketCounts[i] += from.bucketCounts[i] ?? 0;
  into.count += from.count;
  into.sumMs += from.sumMs;
  if (from.maxMs > into.maxMs) into.maxMs = from.maxMs;
}
