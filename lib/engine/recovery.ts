/** @module Recovery at start: the stored topology and ready counts, the built-in exchanges, and unfinished jobs. */
import { BUILT_IN_EXCHANGES } from './built-in-exchanges';
import type { EngineState } from './engine-state';
import type { JobRunner } from './jobs/job-runner';
import { addQueue } from './topology-changes';
import type { StoredDeathCount } from './store';
import type { ExchangeInfo } from './types';

export async function recover(state: EngineState, jobs: JobRunner): Promise<void> {
  const { topology, queues, persistence } = state;
  const stored = await state.store.recover();
  state.seqs.advancePast(stored.maxSeq);
  for (const exchange of stored.exchanges) topology.putExchange(exchange);
  for (const { name, type } of BUILT_IN_EXCHANGES) {
    if (topology.findExchange(name)) continue;
    const exchange: ExchangeInfo = { name, type, durable: true, autoDelete: false, internal: false, arguments: {} };
    topology.putExchange(exchange);
    persistence.topologyWrite({ op: 'putExchange', exchange });
  }
  for (const info of stored.queues) {
    // An exclusive queue belonged to a connection of the process that stopped: it goes with it, as in RabbitMQ.
    if (info.exclusiveOwner !== undefined) persistence.topologyWrite({ op: 'deleteQueue', name: info.name });
    else addQueue(state, info);
  }
  for (const binding of stored.bindings) {
    const destinationExists = binding.destinationType === 'queue' ? queues.has(binding.destination) : Boolean(topology.findExchange(binding.destination));
    if (topology.findExchange(binding.source) && destinationExists) topology.addBinding(binding);
  }
  for (const count of stored.readyCounts) {
    queues.get(count.queue)?.ready.addPaged(count.priority, count.count, count.bytes, count.minSeq, count.oldestPublishedAt, stored.maxSeq);
  }
  // Every stored message is ready now: the store's tally of their x-death entries seeds each queue's counters.
  const storedTotals = new Map<string, number>();
  for (const count of stored.readyCounts) storedTotals.set(count.queue, (storedTotals.get(count.queue) ?? 0) + count.count);
  const storedDeaths = new Map<string, StoredDeathCount[]>();
  for (const row of stored.deadLetterCounts) {
    const rows = storedDeaths.get(row.queue);
    if (rows) rows.push(row);
    else storedDeaths.set(row.queue, [row]);
  }
  for (const [name, total] of storedTotals) queues.get(name)?.deadLetters.addStored(storedDeaths.get(name) ?? [], total);
  // Heads stay in the store until a consumer, a receive or a browse asks (each pages its own in): a start with 100,000
  // queues does not read 100,000 heads. Only messages that may expire page in now, so their TTL runs out on time.
  const mayExpire = new Set<string>();
  for (const count of stored.readyCounts) if (count.nextExpiresAt !== null) mayExpire.add(count.queue);
  for (const name of mayExpire) queues.get(name)?.afterTaking();
  await persistence.committed();
  jobs.recover(await state.store.loadJobs());
}
