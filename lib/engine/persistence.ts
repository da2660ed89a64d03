/**
 * @module Group commit: every write of one event-loop turn is coalesced and committed in one transaction.
 * A message published and acked within the same turn never reaches the disk at all.
 *
 * Delivery counts are the exception to "at once": they only decide `redelivered` after a crash (a hint, as in
 * AMQP), so they wait about a second and are usually cancelled by the ack. A graceful close writes them all.
 */
import { EngineError } from './errors';
import type { Store, TopologyWrite, WriteBatch } from './store';
import type { QueuedMessage } from './types';

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class Persistence {
  private topology: TopologyWrite[] = [];
  private inserts = new Map<number, QueuedMessage>();
  private deliveries = new Map<number, number>();
  /** Delivery counts waiting out their deferral: delivered in the current period, and in the one before. */
  private recentDeliveries = new Map<number, number>();
  private agedDeliveries = new Map<number, number>();
  private deferTimerRunning = false;
  private deletes = new Set<number>();
  private waiters: Waiter[] = [];
  private scheduled = false;
  private inFlight: Promise<void> | null = null;
  private failure: unknown = null;

  constructor(
    private readonly store: Store,
    private readonly schedule: (run: () => void) => void = (run) => setImmediate(run),
    private readonly deferDeliveries: (age: () => void) => void = (age) => setTimeout(age, 500).unref?.(),
  ) {}

  /** False after a commit failed and until one succeeds: callers answer `unavailable` instead of writing. */
  get writable(): boolean {
    return this.failure === null;
  }

  insert(message: QueuedMessage): void {
    this.inserts.set(message.seq, message);
    this.markDirty();
  }

  delivered(message: QueuedMessage): void {
    // A pending insert carries the message object itself, so it already holds the new count.
    if (this.inserts.has(message.seq)) return;
    this.agedDeliveries.delete(message.seq);
    this.recentDeliveries.set(message.seq, message.deliveryCount);
    this.startDeferTimer();
  }

  remove(seq: number): void {
    this.deliveries.delete(seq);
    this.recentDeliveries.delete(seq);
    this.agedDeliveries.delete(seq);
    if (!this.inserts.delete(seq)) this.deletes.add(seq);
    this.markDirty();
  }

  topologyWrite(write: TopologyWrite): void {
    this.topology.push(write);
    this.markDirty();
  }

  /**
   * Forgets pending message writes of a queue whose stored messages a topology write is about to delete;
   * topology writes run first in a batch, so a pending insert would otherwise bring a deleted message back.
   */
  forgetQueueMessages(queue: string, keep: ReadonlySet<number>): void {
    for (const [seq, message] of this.inserts) {
      if (message.queue === queue && !keep.has(seq)) this.inserts.delete(seq);
    }
  }

  /** Resolves once everything written so far is committed. */
  committed(): Promise<void> {
    if (!this.hasPending() && this.waiters.length === 0 && !this.inFlight) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.markDirty();
    });
  }

  /** Commits everything now, deferred delivery counts included (a graceful close). */
  async flushAll(): Promise<void> {
    this.promoteDeliveries(this.agedDeliveries);
    this.promoteDeliveries(this.recentDeliveries);
    await this.flush();
  }

  /** Commits now (used before reading the store directly, e.g. to page messages in). */
  async flush(): Promise<void> {
    // Never cut a turn in two: a move deletes the original and inserts its copy in one turn, and a page-in started
    // between the two must not commit one without the other. The rest of the current turn runs before this resumes.
    await Promise.resolve();
    while (this.inFlight) await this.inFlight.catch(() => undefined);
    if (this.hasPending() || this.waiters.length) await this.commitNow();
  }

  private startDeferTimer(): void {
    if (this.deferTimerRunning) return;
    this.deferTimerRunning = true;
    this.deferDeliveries(() => {
      this.deferTimerRunning = false;
      // What was delivered a whole period ago and is still not settled gets written; the rest ages one period.
      this.promoteDeliveries(this.agedDeliveries);
      this.agedDeliveries = this.recentDeliveries;
      this.recentDeliveries = new Map();
      if (this.agedDeliveries.size) this.startDeferTimer();
    });
  }

  private promoteDeliveries(waiting: Map<number, number>): void {
    if (!waiting.size) return;
    for (const [seq, count] of waiting) this.deliveries.set(seq, count);
    waiting.clear();
    this.markDirty();
  }

  private hasPending(): boolean {
    return this.topology.length + this.inserts.size + this.deliveries.size + this.deletes.size > 0;
  }

  private markDirty(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      if (this.inFlight) {
        // One commit at a time; the next batch goes as soon as the current one lands.
        const again = () => this.markDirty();
        this.inFlight.then(again, again);
        return;
      }
      void this.commitNow().catch(() => undefined);
    });
  }

  private takeBatch(): { batch: WriteBatch; waiters: Waiter[] } {
    const batch: WriteBatch = {
      topology: this.topology,
      inserts: [...this.inserts.values()],
      deliveries: [...this.deliveries].map(([seq, deliveryCount]) => ({ seq, deliveryCount })),
      deletes: [...this.deletes],
    };
    const waiters = this.waiters;
    this.topology = [];
    this.inserts = new Map();
    this.deliveries = new Map();
    this.deletes = new Set();
    this.waiters = [];
    return { batch, waiters };
  }

  private commitNow(): Promise<void> {
    const { batch, waiters } = this.takeBatch();
    const run = (async () => {
      try {
        await this.store.commit(batch);
        this.failure = null;
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        this.failure = error;
        this.requeueBatch(batch);
        const failure = new EngineError('unavailable', `storage cannot accept writes: ${(error as Error).message}`);
        for (const waiter of waiters) waiter.reject(failure);
        // Retry later; the in-memory state stays authoritative meanwhile.
        setTimeout(() => this.markDirty(), 1000).unref?.();
        throw failure;
      } finally {
        this.inFlight = null;
      }
    })();
    this.inFlight = run;
    return run;
  }

  /** Puts a failed batch back in front of whatever was written since, so nothing is lost. */
  private requeueBatch(batch: WriteBatch): void {
    // A purge or queue delete written since the batch was taken forgot only the inserts pending then; the
    // failed batch's inserts would now land after its delete (topology runs first) and bring messages back.
    const wiped = wipedByLaterWrites(this.topology);
    this.topology = [...batch.topology, ...this.topology];
    for (const message of batch.inserts) {
      if (wiped(message)) {
        this.deletes.delete(message.seq);
      } else if (!this.deletes.has(message.seq)) {
        if (!this.inserts.has(message.seq)) this.inserts.set(message.seq, message);
      } else {
        this.deletes.delete(message.seq);
      }
    }
    for (const { seq, deliveryCount } of batch.deliveries) {
      if (!this.deletes.has(seq) && !this.deliveries.has(seq) && !this.inserts.has(seq)) this.deliveries.set(seq, deliveryCount);
    }
    for (const seq of batch.deletes) this.deletes.add(seq);
  }
}

/** Tells whether one of `writes` deletes a message's stored copy (a queue delete, or a purge not keeping it). */
function wipedByLaterWrites(writes: readonly TopologyWrite[]): (message: QueuedMessage) => boolean {
  const deleted = new Set<string>();
  const purges = new Map<string, ReadonlySet<number>[]>();
  for (const write of writes) {
    if (write.op === 'deleteQueue') deleted.add(write.name);
    if (write.op === 'deleteQueueMessages') purges.set(write.queue, [...(purges.get(write.queue) ?? []), new Set(write.exceptSeqs)]);
  }
  return (message) => deleted.has(message.queue) || (purges.get(message.queue)?.some((kept) => !kept.has(message.seq)) ?? false);
}
