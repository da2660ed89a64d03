/**
 * @module What the SQLite store reports at start, for one vhost: it drops what does not survive a restart (transient
 * topology and messages), then reads the durable topology, the ready counts, the dead-letter tally and the largest seq.
 */
import type { ReadyCount, RecoveredState } from '../engine/store';
import type { QueueInfo } from '../engine/types';
import { exchangeFromRow, queueFromRow } from './sqlite-rows';
import { bindingFromRow } from './topology-rows';
import type { Statements } from './sqlite-statements';

/** Runs inside the caller's (write) transaction. */
export function recoverVhost(sql: Statements, vhost: string): RecoveredState {
  for (const cleanup of sql.recoveryCleanup) cleanup.run({ vhost });
  const readyCounts: ReadyCount[] = [];
  let stale = false;
  // Rows iterated, not collected: each is garbage as soon as it is read.
  for (const [queue, priority, count, bytes, minSeq, oldestPublishedAt, nextExpiresAt, stored, known] of sql.storedCounts.iterate({ vhost })) {
    if (count < stored || known === 0) stale = true;
    if (count > 0 && known === 1) readyCounts.push({ queue, priority, count, bytes, minSeq: minSeq!, oldestPublishedAt: oldestPublishedAt!, nextExpiresAt });
  }
  // Finding transient messages, or messages of queues that are gone, takes a second read of every stored message:
  // only when the counts saw some. A restart with nothing to drop reads each message once.
  if (stale) sql.deleteStaleMessages.run({ vhost });
  const queues: QueueInfo[] = [];
  for (const row of sql.recoveredQueues.iterate(vhost)) queues.push(queueFromRow(row));
  return {
    exchanges: sql.recoveredExchanges.all(vhost).map(exchangeFromRow),
    queues,
    bindings: sql.recoveredBindings.all(vhost).map(bindingFromRow),
    readyCounts,
    // After the delete: the triggers have taken the dropped messages off the tally.
    deadLetterCounts: sql.deadLetterCounts.all(vhost),
    maxSeq: sql.maxSeq.get()!.maxSeq,
  };
}
