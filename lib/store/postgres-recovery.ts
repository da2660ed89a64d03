/**
 * @module What the PostgreSQL store reports at start, for one vhost: it drops what does not survive a restart
 * (transient topology and messages), then reads the durable topology, the ready counts, the dead-letter tally and the
 * largest seq. The same steps as sqlite-recovery, on the same tables.
 */
import type { ClientBase } from 'pg';
import type { ReadyCount, RecoveredState, StoredDeathCount } from '../engine/store';
import { exchangeFromRow, fromPostgresText, queueFromRow, type ExchangeRow, type QueueRow } from './postgres-rows';
import { bindingFromRow, type BindingRow } from './topology-rows';
import { RECOVERY_CLEANUP, SQL, type StoredCountRow } from './postgres-statements';

/** Runs inside the caller's transaction, on its client. */
export async function recoverVhost(client: ClientBase, vhost: string): Promise<RecoveredState> {
  const values = [vhost];
  for (const cleanup of RECOVERY_CLEANUP) await client.query({ ...cleanup, values });
  const readyCounts: ReadyCount[] = [];
  let stale = false;
  const counts = await client.query<StoredCountRow>({ ...SQL.storedCounts, values, rowMode: 'array' });
  for (const [queue, priority, count, bytes, minSeq, oldestPublishedAt, nextExpiresAt, stored, known] of counts.rows) {
    if (count < stored || !known) stale = true;
    if (count > 0 && known) readyCounts.push({ queue, priority, count, bytes, minSeq: minSeq!, oldestPublishedAt: oldestPublishedAt!, nextExpiresAt });
  }
  // Finding transient messages, or messages of queues that are gone, takes a second read of every stored message:
  // only when the counts saw some. A restart with nothing to drop reads each message once. The delete takes the
  // dropped messages off the dead-letter tally in the same statement.
  if (stale) await client.query({ ...SQL.deleteStaleMessages, values });
  const queues = await client.query<QueueRow>({ ...SQL.recoveredQueues, values, rowMode: 'array' });
  const exchanges = await client.query<ExchangeRow>({ ...SQL.recoveredExchanges, values });
  const bindings = await client.query<BindingRow>({ ...SQL.recoveredBindings, values });
  const deaths = await client.query<StoredDeathCount>({ ...SQL.deadLetterCounts, values });
  const high = await client.query<{ maxSeq: number }>(SQL.maxSeq);
  return {
    exchanges: exchanges.rows.map(exchangeFromRow),
    queues: queues.rows.map(queueFromRow),
    bindings: bindings.rows.map((row) => bindingFromRow({ ...row, routing_key: fromPostgresText(row.routing_key) })),
    readyCounts,
    deadLetterCounts: deaths.rows,
    maxSeq: high.rows[0].maxSeq,
  };
}
