/**
 * @module The ready messages of one queue, by priority, with only a bounded head in memory: bounded in count and in
 * payload bytes (a head of 10,000 messages of 8 MiB each would be 80 GB), never fewer than one message.
 * Within a priority the messages kept in memory all have smaller seqs than the ones left in the store
 * ("paged"), so the store can always hand back the rest in order.
 */
import type { QueuedMessage } from '../types';
import { messageBytes } from '../message-limits';
import { MessageDeque } from './message-deque';

export class PriorityBucket {
  readonly memory = new MessageDeque();
  pagedCount = 0;
  pagedBytes = 0;
  /** Publish time of the first paged message, known when the bucket had nothing paged before it. */
  pagedOldestAt: number | null = null;
  /** Every message of this bucket with a larger seq than this is paged out to the store. */
  lastSeq = 0;
  /** The page-in under way, if any. */
  loading: Promise<void> | null = null;

  constructor(readonly priority: number) {}

  get count(): number {
    return this.memory.length + this.pagedCount;
  }
}

export class ReadyList {
  /** Buckets in delivery order: highest priority first. */
  private readonly buckets: PriorityBucket[] = [];
  count = 0;
  bytes = 0;
  memoryCount = 0;
  /** Payload bytes of the messages in memory. */
  memoryBytes = 0;
  /** Messages being paged in right now: they count against the memory budget before they arrive. */
  reserved = 0;
  /** Stored before this process started: the store counted their payloads only, so they keep weighing that. */
  private payloadOnlyUpTo = 0;

  /** What a message weighs in `bytes` (x-max-length-bytes): payload plus properties and headers. */
  size(message: QueuedMessage): number {
    return message.seq <= this.payloadOnlyUpTo ? message.payload.length : messageBytes(message);
  }

  bucket(priority: number): PriorityBucket {
    let index = this.buckets.findIndex((b) => b.priority <= priority);
    if (index >= 0 && this.buckets[index].priority === priority) return this.buckets[index];
    const created = new PriorityBucket(priority);
    if (index < 0) index = this.buckets.length;
    this.buckets.splice(index, 0, created);
    return created;
  }

  all(): readonly PriorityBucket[] {
    return this.buckets;
  }

  /** Appends a newly published message; over either head limit only its count stays in memory. */
  append(message: QueuedMessage, headLimit: number, headBytes = Infinity): 'memory' | 'paged' {
    const bucket = this.bucket(message.priority);
    const size = this.size(message);
    this.count++;
    this.bytes += size;
    const overBytes = this.memoryCount + this.reserved > 0 && this.memoryBytes + size > headBytes;
    if (bucket.pagedCount > 0 || this.memoryCount + this.reserved >= headLimit || overBytes) {
      if (bucket.pagedCount === 0) bucket.pagedOldestAt = message.publishedAt;
      bucket.pagedCount++;
      bucket.pagedBytes += size;
      return 'paged';
    }
    bucket.memory.push(message);
    bucket.lastSeq = message.seq;
    this.memoryCount++;
    this.memoryBytes += size;
    return 'memory';
  }

  /** Counts messages that are in the store only (recovery). */
  addPaged(priority: number, count: number, bytes: number, minSeq: number, oldestAt: number, maxStoredSeq = Infinity): void {
    const bucket = this.bucket(priority);
    this.payloadOnlyUpTo = Math.max(this.payloadOnlyUpTo, maxStoredSeq);
    bucket.pagedCount += count;
    bucket.pagedBytes += bytes;
    bucket.lastSeq = Math.min(bucket.lastSeq || minSeq - 1, minSeq - 1);
    bucket.pagedOldestAt = oldestAt;
    this.count += count;
    this.bytes += bytes;
  }

  /**
   * Adds messages read back from the store; they follow everything in memory. Those that would take the head over
   * `headBytes` stay paged (they are still in the store, read again later); a priority with none in memory always
   * takes one, so delivery never waits on the bound.
   */
  loaded(bucket: PriorityBucket, messages: QueuedMessage[], headBytes = Infinity): void {
    for (const message of messages) {
      const size = message.payload.length;
      if (this.memoryBytes + size > headBytes && bucket.memory.length > 0) break;
      bucket.memory.push(message);
      bucket.lastSeq = message.seq;
      bucket.pagedCount--;
      bucket.pagedBytes -= this.size(message);
      this.memoryCount++;
      this.memoryBytes += size;
    }
    if (bucket.pagedCount <= 0) {
      bucket.pagedCount = 0;
      bucket.pagedBytes = 0;
      bucket.pagedOldestAt = null;
    } else {
      bucket.pagedOldestAt = null;
    }
  }

  /** Returns a delivered message to its original place. */
  requeue(message: QueuedMessage): void {
    const bucket = this.bucket(message.priority);
    bucket.memory.insertSorted(message);
    if (bucket.pagedCount === 0 && message.seq > bucket.lastSeq) bucket.lastSeq = message.seq;
    this.count++;
    this.memoryCount++;
    this.memoryBytes += message.payload.length;
    this.bytes += this.size(message);
  }

  /** The bucket the next delivery comes from, or undefined when nothing is ready. */
  headBucket(): PriorityBucket | undefined {
    return this.buckets.find((b) => b.count > 0);
  }

  /** The next message, if it is in memory. */
  peek(): QueuedMessage | undefined {
    return this.headBucket()?.memory.first();
  }

  shift(): QueuedMessage | undefined {
    const bucket = this.headBucket();
    return bucket ? this.shiftFrom(bucket) : undefined;
  }

  shiftFrom(bucket: PriorityBucket): QueuedMessage | undefined {
    const message = bucket.memory.shift();
    if (message) this.taken(message);
    return message;
  }

  /**
   * Where a ready message is: in memory, paged in the store, or (undefined) no longer ready here.
   * A paged message can only be told apart while its bucket is not paging in.
   */
  locate(message: QueuedMessage): 'memory' | 'paged' | undefined {
    const bucket = this.buckets.find((b) => b.priority === message.priority);
    if (!bucket) return undefined;
    for (const m of bucket.memory) if (m === message) return 'memory';
    if (bucket.pagedCount > 0 && !bucket.loading && message.seq > bucket.lastSeq) return 'paged';
    return undefined;
  }

  /** Takes a ready message out of the list wherever it is (see `locate`). */
  remove(message: QueuedMessage, where: 'memory' | 'paged'): void {
    const bucket = this.bucket(message.priority);
    const size = this.size(message);
    if (where === 'memory') {
      bucket.memory.remove(message);
      this.taken(message);
      return;
    }
    bucket.pagedCount--;
    bucket.pagedBytes -= size;
    // The oldest paged publish time is no longer known for sure, as after a page-in.
    bucket.pagedOldestAt = null;
    this.count--;
    this.bytes -= size;
  }

  /** Empties memory and forgets paged counts; returns what was in memory. */
  clear(): QueuedMessage[] {
    const removed: QueuedMessage[] = [];
    for (const bucket of this.buckets) {
      removed.push(...bucket.memory.drain());
      bucket.pagedCount = 0;
      bucket.pagedBytes = 0;
      bucket.pagedOldestAt = null;
    }
    this.count = 0;
    this.bytes = 0;
    this.memoryCount = 0;
    this.memoryBytes = 0;
    return removed;
  }

  oldestPublishedAt(): number | null {
    let oldest: number | null = null;
    for (const bucket of this.buckets) {
      const at = bucket.memory.first()?.publishedAt ?? (bucket.pagedCount > 0 ? bucket.pagedOldestAt : null);
      if (at !== null && at !== undefined && (oldest === null || at < oldest)) oldest = at;
    }
    return oldest;
  }

  private taken(message: QueuedMessage): void {
    this.count--;
    this.memoryCount--;
    this.bytes -= this.size(message);
    this.memoryBytes -= message.payload.length;
  }
}
