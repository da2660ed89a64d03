/**
 * @module The exposition in two modes, as RabbitMQ's Prometheus plugin offers them. Aggregated (`/metrics`, the
 * default): every `switchboard_queue_*` and `switchboard_exchange_*` family summed per vhost, a few lines whatever the
 * number of queues. Per object (`/metrics/per-object`): one sample per queue and exchange, histograms only for queues
 * that observed a latency. Both end with the `switchboard_global_*` families (deleted queues and exchanges included).
 * Every sample carries a `vhost` label; each family is written whole before the next, as the text format requires.
 */
import { DEAD_LETTERED, EXCHANGE_COUNTERS, LATENCIES, OLDEST_READY_AGE, QUEUE_COUNTERS, QUEUE_GAUGES } from './families';
import type { VhostMetrics } from './source';
import { ChunkBuffer } from './stream';
import { DEATH_REASONS, queueTableOf, readQueues, type QueueTable } from './queue-table';
import { addQueue, emptySums, type VhostSums } from './sums';
import { escapeLabelValue, familyHeader, formatValue, histogramLines, sampleLine } from './text';

export type ExpositionMode = 'aggregated' | 'per-object';

interface Vhost {
  source: VhostMetrics;
  sums: VhostSums;
  /** `vhost="…"`, escaped. */
  pairs: string;
}

interface TabledVhost extends Vhost {
  table: QueueTable;
}

export async function* exposition(sources: readonly VhostMetrics[], mode: ExpositionMode): AsyncGenerator<string, void> {
  if (mode === 'aggregated') {
    const vhosts: Vhost[] = [];
    for (const source of sources) {
      const sums = emptySums();
      await readQueues(source, (queue) => addQueue(sums, queue));
      vhosts.push({ source, sums, pairs: `vhost="${escapeLabelValue(source.vhost)}"` });
    }
    yield aggregatedFamilies(vhosts) + globalFamilies(vhosts);
    return;
  }
  const vhosts: TabledVhost[] = [];
  for (const source of sources) {
    const sums = emptySums();
    const table = await queueTableOf(source, (queue) => addQueue(sums, queue));
    vhosts.push({ source, sums, table, pairs: `vhost="${escapeLabelValue(source.vhost)}"` });
  }
  yield* perObjectFamilies(vhosts);
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

function* perObjectFamilies(vhosts: readonly TabledVhost[]): Generator<string, void> {
  const out = new ChunkBuffer();
  // `vhost="…",queue="…"` per queue, escaped once per scrape rather than once per family (by the first family,
  // chunk by chunk, so it never holds the event loop for all queues at once).
  const queuePairs = vhosts.map((v) => new Array<string>(v.table.names.length));
  const labelsOf = (i: number, row: number) => (queuePairs[i][row] ??= `${vhosts[i].pairs},queue="${escapeLabelValue(vhosts[i].table.names[row])}"`);

  /** One family over every queue: `line` gives a queue's lines ('' for none); a chunk is handed on when full. */
  function* eachQueue(line: (table: QueueTable, row: number, labels: string) => string): Generator<string, void> {
    for (let i = 0; i < vhosts.length; i++) {
      const table = vhosts[i].table;
      for (let row = 0; row < table.names.length; row++) {
        out.write(line(table, row, labelsOf(i, row)));
        if (out.full) yield out.take();
      }
    }
  }

  /** One sample per queue from a column. */
  function* family(name: string, column: (table: QueueTable) => Float64Array, scale = 1): Generator<string, void> {
    for (let i = 0; i < vhosts.length; i++) {
      const values = column(vhosts[i].table);
      for (let row = 0; row < values.length && row < vhosts[i].table.names.length; row++) {
        out.write(`${name}{${labelsOf(i, row)}} ${formatValue(values[row] / scale)}\n`);
        if (out.full) yield out.take();
      }
    }
  }

  for (const c of QUEUE_COUNTERS) {
    const name = `switchboard_queue_${c.name}_total`;
    out.write(familyHeader(name, 'counter', c.help));
    yield* family(name, (table) => table.column(c.key));
  }
  out.write(familyHeader(DEAD_LETTERED.name, 'counter', DEAD_LETTERED.help));
  yield* eachQueue((table, row, labels) => {
    let lines = '';
    for (const reason of DEATH_REASONS) lines += `${DEAD_LETTERED.name}{${labels},reason="${reason}"} ${formatValue(table.column(`dead:${reason}`)[row])}\n`;
    return lines;
  });
  for (const g of QUEUE_GAUGES) {
    out.write(familyHeader(g.name, 'gauge', g.help));
    yield* family(g.name, (table) => table.column(g.key));
  }
  out.write(familyHeader(OLDEST_READY_AGE.name, 'gauge', OLDEST_READY_AGE.help));
  yield* family(OLDEST_READY_AGE.name, (table) => table.column('oldestReadyAgeMs'), 1000);
  for (const l of LATENCIES) {
    out.write(familyHeader(l.name, 'histogram', l.help));
    // A queue that never observed a latency has no histogram: 19 lines of zeros each would be most of the text.
    yield* eachQueue((table, row, labels) => {
      const latency = table.latency[l.key][row];
      return latency ? histogramLines(l.name, labels, latency) : '';
    });
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
