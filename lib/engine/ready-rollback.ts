/**
 * @module Taking back changes to a queue's ready list whose commit failed: a message whose insert never landed
 * leaves it, a message taken out (deleted, moved, requeued) goes back where it was, and a purge is undone.
 * Within a priority the messages in memory must keep smaller seqs than the ones paged in the store. Bytes are counted
 * as ReadyList counts them: `size()` (payload, properties, headers) in `bytes`, payloads in `memoryBytes`.
 */
import type { ReadyList } from './queue/ready-list';
import type { QueuedMessage } from './types';

/** What a purge cleared in one priority besides the messages in memory. */
export interface PurgedBucket {
  priority: number;
  pagedCount: number;
  pagedBytes: number;
  lastSeq: number;
}

/**
 * Removes a message whose insert failed from the ready list: from memory, or from the paged count when it went
 * straight to the store's side (a message never stored cannot have been paged in). False when it is not ready.
 */
export function retractReady(ready: ReadyList, message: QueuedMessage): boolean {
  const bucket = ready.all().find((b) => b.priority === message.priority);
  if (!bucket) return false;
  if (bucket.memory.remove(message)) {
    ready.count--;
    ready.memoryCount--;
    ready.bytes -= ready.size(message);
    ready.memoryBytes -= message.payload.length;
    return true;
  }
  if (bucket.pagedCount > 0 && message.seq > bucket.lastSeq) {
    unpage(ready, bucket, ready.size(message));
    return true;
  }
  return false;
}

/** Puts back a ready message taken out of `where` (its stored row was never deleted). */
export function restoreReady(ready: ReadyList, message: QueuedMessage, where: 'memory' | 'paged'): void {
  const bucket = ready.bucket(message.priority);
  if (where === 'paged' && bucket.pagedCount > 0 && message.seq > bucket.lastSeq) {
    bucket.pagedCount++;
    bucket.pagedBytes += ready.size(message);
    bucket.pagedOldestAt = null;
    ready.count++;
    ready.bytes += ready.size(message);
    return;
  }
  // In memory it keeps its place by seq (with nothing paged after it, it may be the last one).
  ready.requeue(message);
}

/** What a purge is about to clear, besides the messages in memory (which `clear()` hands back). */
export function purgedBuckets(ready: ReadyList): PurgedBucket[] {
  return ready.all().map((b) => ({ priority: b.priority, pagedCount: b.pagedCount, pagedBytes: b.pagedBytes, lastSeq: b.lastSeq }));
}

/** Undoes a purge: the paged counts and the messages it cleared from memory come back, in order. */
export function restorePurged(ready: ReadyList, buckets: readonly PurgedBucket[], messages: readonly QueuedMessage[]): void {
  for (const purged of buckets) {
    if (purged.pagedCount === 0) continue;
    const bucket = ready.bucket(purged.priority);
    // Messages that arrived since the purge sit in memory but follow the restored paged ones: count them as paged
    // too (their rows are written before any page-in reads the store, which commits first).
    for (const message of [...bucket.memory]) {
      if (message.seq <= purged.lastSeq) continue;
      bucket.memory.remove(message);
      ready.memoryCount--;
      ready.memoryBytes -= message.payload.length;
      bucket.pagedCount++;
      bucket.pagedBytes += ready.size(message);
    }
    bucket.lastSeq = purged.lastSeq;
    bucket.pagedCount += purged.pagedCount;
    bucket.pagedBytes += purged.pagedBytes;
    bucket.pagedOldestAt = null;
    ready.count += purged.pagedCount;
    ready.bytes += purged.pagedBytes;
  }
  for (const message of messages) ready.requeue(message);
}

function unpage(ready: ReadyList, bucket: ReturnType<ReadyList['bucket']>, size: number): void {
  bucket.pagedCount--;
  bucket.pagedBytes -= size;
  bucket.pagedOldestAt = null;
  ready.count--;
  ready.bytes -= size;
}
