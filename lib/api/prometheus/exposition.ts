/**
 * @module The exposition in two modes, as RabbitMQ's Prometheus plugin offers them. Aggregated (`/metrics`, the
 * default): every `switchboard_queue_*` and `switchboard_exchange_*` family summed per vhost, a few lines whatever the
 * number of queues. Per object (`/metrics/per-object`): one sample per queue and exchange, histograms only for queues
 * that observed a latency. Both end with the `switchboard_global_*` families (deleted queues and exchanges included).
 * Every sample carries a `vhost` label; each family is written whole before the next, as the text format requires.
 */
import type { QueueReading } from '@/lib/engine';
import { DEAD_LETTERED, EXCHANGE_COUNTERS, LATENCIES, OLDEST_READY_AGE, QUEUE_COUNTERS, QUEUE_GAUGES } from './families';
import type { VhostMetrics } from './source';
import { ChunkBuffer } from './stream';
import { sumQueues, type VhostSums } from './sums';
import { escapeLabelValue, familyHeader, histogramLines, sampleLine } from './text';

export type ExpositionMode = 'aggregated' | 'per-object';

interface Vhost {
  source: VhostMetrics;
  sums: VhostSums;
  /** `vhost="…"`, escaped. */
  pairs: string;
}

async function withSums(sources: readonly VhostMetrics[]): Promise<Vhost[]> {
  const vhosts: Vhost[] = [];
  for (const source of sources) vhosts.push({ source, sums: await sumQueues(source), pairs: `vhost="${escapeLabelValue(source.vhost)}"` });
  return vhosts;
}

export async function* exposition(sources: readonly VhostMetrics[], mode: ExpositionMode): AsyncGenerator<string, void> {
  const vhosts = await withSums(sources);
  if (mode === 'aggregated') yield aggregatedFamilies(vhosts);
  else yield* perObjectFamilies(vhosts);
  yield globalFamilies(vhosts);
}

function aggregatedFamilies(vhosts: readonly Vhost[]): string {
  let out = '';
  for (const c of QUEUE_COUNTERS) {
    const name = `switchboard_queue_${c.name}_total`;
    out += familyHeader(name, 'counter', c.help);
    for (const v of vhosts) out += sampleLine(name, v.pairs, v.sums.counters[c.key]);
  }
  out += familyHeader(DEAD_LETTERED.name, 'counter', DEAD_LETTERED.help);
  for (const v of vhosts) out += deadLetterLines(DEAD_LETTERED.name, v.pairs, v.sums.counters.deadLettered);
  for (const g of QUEUE_GAUGES) {
    out += familyHeader(g.name, 'gauge', g.help);
    for (const v of vhosts) out += sampleLine(g.name, v.pairs, v.sums.gauges[g.key]);
  }
  out += familyHeader(OLDEST_READY_AGE.name, 'gauge', OLDEST_READY_AGE.help);
  for (const v of vhosts) out += sampleLine(OLDEST_READY_AGE.name, v.pairs, v.sums.oldestReadyAgeMs / 1000);
  for (const l of LATENCIES) {
    out += familyHeader(l.name, 'histogram', l.help);
    for (const v of vhosts) out += histogramLines(l.name, v.pairs, v.sums.latency[l.key]);
  }
  for (const c of EXCHANGE_COUNTERS) {
    const name = `switchboard_exchange_${c.name}_total`;
    out += familyHeader(name, 'counter', c.help);
    for (const v of vhosts) out += sampleLine(name, v.pairs, v.source.exchanges.reduce((sum, e) => sum + e[c.key], 0));
  }
  return out;
}

async function* perObjectFamilies(vhosts: readonly Vhost[]): AsyncGenerator<string, void> {
  const out = new ChunkBuffer();
  // `vhost="…",queue="…"` per queue, escaped once per scrape rather than once per family.
  const queuePairs = vhosts.map((v) => new Array<string | undefined>(v.source.queueNames.length));

  /** One family over every queue: `line` gives the queue's lines ('' for none); a chunk is handed on when full. */
  function* eachQueue(line: (queue: QueueReading, pairs: string) => string): Generator<string, void> {
    for (let i = 0; i < vhosts.length; i++) {
      const { source, pairs } = vhosts[i];
      const names = source.queueNames;
      const cache = queuePairs[i];
      for (let j = 0; j < names.length; j++) {
        const queue = source.queue(names[j]);
        if (!queue) continue;
        const labels = (cache[j] ??= `${pairs},queue="${escapeLabelValue(names[j])}"`);
        out.write(line(queue, labels));
        if (out.full) yield out.take();
      }
    }
  }

  for (const c of QUEUE_COUNTERS) {
    const name = `switchboard_queue_${c.name}_total`;
    out.write(familyHeader(name, 'counter', c.help));
    yield* eachQueue((queue, labels) => sampleLine(name, labels, queue.counters[c.key]));
  }
  out.write(familyHeader(DEAD_LETTERED.name, 'counter', DEAD_LETTERED.help));
  yield* eachQueue((queue, labels) => deadLetterLines(DEAD_LETTERED.name, labels, queue.counters.deadLettered));
  for (const g of QUEUE_GAUGES) {
    out.write(familyHeader(g.name, 'gauge', g.help));
    yield* eachQueue((queue, labels) => sampleLine(g.name, labels, queue[g.key]));
  }
  out.write(familyHeader(OLDEST_READY_AGE.name, 'gauge', OLDEST_READY_AGE.help));
  yield* eachQueue((queue, labels) => sampleLine(OLDEST_READY_AGE.name, labels, (queue.oldestReadyAgeMs ?? 0) / 1000));
  for (const l of LATENCIES) {
    out.write(familyHeader(l.name, 'histogram', l.help));
    // A queue that never observed a latency has no histogram: 19 lines of zeros each would be most of the text.
    yield* eachQueue((queue, labels) => (queue.latency[l.key].count === 0 ? '' : histogramLines(l.name, labels, queue.latency[l.key])));
  }
  for (const c of EXCHANGE_COUNTERS) {
    const name = `switchboard_exchange_${c.name}_total`;
    out.write(familyHeader(name, 'counter', c.help));
    for (const v of vhosts) {
      for (const e of v.source.exchanges) {
        out.write(sampleLine(name, `${v.pairs},exchange="${escapeLabelValue(e.name)}"`, e[c.key]));
        if (out.full) yield out.take();
      }
    }
  }
  yield out.take();
}

function deadLetterLines(name: string, pairs: string, byReason: Readonly<Record<string, number>>): string {
  let out = '';
  for (const reason in byReason) out += sampleLine(name, `${pairs},reason="${reason}"`, byReason[reason]);
  return out;
}

/** Per vhost, deleted queues and exchanges included; the gauges over the live queues. */
function globalFamilies(vhosts: readonly Vhost[]): string {
  let out = '';
  const perVhost = (name: string, type: 'counter' | 'gauge', help: string, value: (v: Vhost) => number) => {
    out += familyHeader(name, type, help);
    for (const v of vhosts) out += sampleLine(name, v.pairs, value(v));
  };
  for (const c of QUEUE_COUNTERS) {
    perVhost(`switchboard_global_${c.name}_total`, 'counter', `${c.help}; all queues of the vhost, deleted ones included`, (v) => v.sums.counters[c.key] + v.source.retiredCounters[c.key]);
  }
  const deadLettered = 'switchboard_global_messages_dead_lettered_total';
  out += familyHeader(deadLettered, 'counter', 'Messages dead-lettered, by reason; all queues of the vhost, deleted ones included');
  for (const v of vhosts) {
    const byReason: Record<string, number> = {};
    for (const reason in v.sums.counters.deadLettered) {
      const key = reason as keyof typeof v.sums.counters.deadLettered;
      byReason[reason] = v.sums.counters.deadLettered[key] + v.source.retiredCounters.deadLettered[key];
    }
    out += deadLetterLines(deadLettered, v.pairs, byReason);
  }
  for (const c of EXCHANGE_COUNTERS) {
    perVhost(`switchboard_global_exchange_${c.name}_total`, 'counter', `${c.help}; all exchanges of the vhost, deleted ones included`, (v) => v.source.exchangeTotals[c.key]);
  }
  perVhost('switchboard_global_queues', 'gauge', 'Queues of the vhost', (v) => v.sums.queues);
  perVhost('switchboard_global_messages_ready', 'gauge', 'Ready messages in all queues of the vhost', (v) => v.sums.gauges.ready);
  perVhost('switchboard_global_messages_unacked', 'gauge', 'Unacked messages in all queues of the vhost', (v) => v.sums.gauges.unacked);
  perVhost('switchboard_global_messages_ready_bytes', 'gauge', 'Payload bytes of all ready messages of the vhost', (v) => v.sums.gauges.bytes);
  perVhost('switchboard_global_consumers', 'gauge', 'Consumers of all queues of the vhost', (v) => v.sums.gauges.consumers);
  return out;
}
