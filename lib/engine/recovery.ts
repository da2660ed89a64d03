/** @module Recovery at start: the stored topology and ready counts, the built-in exchanges, and unfinished jobs. */
import { BUILT_IN_EXCHANGES } from './built-in-exchanges';
import type { EngineState } from './engine-state';
import type { JobRunner } from './jobs/job-runner';
import type { Queue } from './queue/queue';
import { addQueue } from './topology-changes';
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
  // One pass over the stored counts (one row per queue and priority; 100,000 queues make 100,000 rows). Every stored
  // message is ready now: it counts in the dead-letter tally as having no x-death entry until the store's own tally
  // (a few rows, only for queues holding dead letters) moves the ones that have one to their key.
  // Heads stay in the store until a consumer, a receive or a browse asks (each pages its own in): a start with 100,000
  // queues does not read 100,000 heads. Only messages that may expire page in, once all of a queue's priorities are
  // counted, so their TTL runs out on time.
  const mayExpire = new Set<Queue>();
  for (const count of stored.readyCounts) {
    const queue = queues.get(count.queue);
    if (!queue) continue;
    queue.ready.addPaged(count.priority, count.count, count.bytes, count.minSeq, count.oldestPublishedAt, stored.maxSeq);
    queue.deadLetters.addStoredReady(count.count);
    if (count.nextExpiresAt !== null) mayExpire.add(queue);
  }
  for (const row of stored.deadLetterCounts) {
    const queue = queues.get(row.queue);
    // Only the queues that have stored messages (their ready list was empty before this pass): a stray tally row is ignored.
    if (queue && queue.ready.count > 0) queue.deadLetters.addStoredDeaths(row.deathKey, row.count);
  }
  for (const queue of mayExpire) queue.afterTaking();
  await persistence.committed();
  jobs.recover(await state.store.loadJobs());
}
