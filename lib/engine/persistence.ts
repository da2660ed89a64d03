/**
 * @module Group commit: every write of one event-loop turn is coalesced and committed in one transaction.
 * A message published and acked within the same turn never reaches the disk at all.
 *
 * Delivery counts are the exception to "at once": they only decide `redelivered` after a crash (a hint, as in
 * AMQP), so they wait about a second and are usually cancelled by the ack. A graceful close writes them all.
 *
 * A batch that fails is never retried as it was: its operations fail (their callers hear `unavailable`), the
 * messages it inserted are taken back out of their queues and the changes registered with `onRollback` are undone,
 * so nothing answered with an error stays applied. Only what already happened for good and cannot poison a batch
 * (deletions of acked messages, delivery counts, and topology writes for a bounded number of attempts) is carried
 * to the next commit. Until a probe write succeeds the store counts as failing: writes are refused at once, and
 * recovery is tried with a doubling wait.
 */
import { EngineError } from './errors';
import type { Store, TopologyWrite, WriteBatch } from './store';
import type { QueuedMessage } from './types';

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** The first wait before a recovery attempt after a failed commit, and the longest (the wait doubles). */
export const RECOVERY_FIRST_MS = 250;
export const RECOVERY_MAX_MS = 5000;
/** A carried topology write that fails this many commits is dropped (logged), so it cannot block every later write. */
export const MAX_TOPOLOGY_ATTEMPTS = 3;

export interface PersistenceOptions {
  /** Takes the messages of a failed batch back out of their queues (their publishes answer an error). */
  retract?: (messages: QueuedMessage[]) => void;
  /** Hears when writes start failing (with the reason) and when they work again (null). */
  onFault?: (reason: string | null) => void;
  /** Runs a recovery attempt after `ms`; default setTimeout (unref'd). */
  setTimer?: (run: () => void, ms: number) => void;
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
  /** What undoes the in-memory changes of the pending batch if it fails, in registration order. */
  private undos: (() => void)[] = [];
  private scheduled = false;
  private inFlight: Promise<void> | null = null;
  private failure: unknown = null;
  private recoveryTimer = false;
  private recoveryDelay = RECOVERY_FIRST_MS;
  /** Messages taken back after their batch failed: an undo must never bring one of them back. */
  private readonly retracted = new WeakSet<QueuedMessage>();
  /** How many failed commits each carried topology write has been part of. */
  private readonly topologyAttempts = new WeakMap<TopologyWrite, number>();

  constructor(
    private readonly store: Store,
    private readonly schedule: (run: () => void) => void = (run) => setImmediate(run),
    private readonly deferDeliveries: (age: () => void) => void = (age) => setTimeout(age, 500).unref?.(),
    private readonly options: PersistenceOptions = {},
  ) {}

  /** False after a commit failed and until a probe write and a commit succeed: callers answer `unavailable`. */
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
   * Registers how to take back an in-memory change of this turn should its batch fail. Undos run newest first,
   * after the failed batch's deletions and topology were carried (so an undo may cancel them: see
   * {@link keepStored} and {@link dropTopologyWrite}) and before its inserted messages are retracted.
   */
  onRollback(undo: () => void): void {
    this.undos.push(undo);
  }

  /** Cancels a pending deletion of a stored message (an undo that puts the message back). */
  keepStored(seq: number): void {
    this.deletes.delete(seq);
  }

  /** Cancels a pending topology write (an undo of the operation that wrote it). */
  dropTopologyWrite(write: TopologyWrite): void {
    this.topology = this.topology.filter((pending) => pending !== write);
  }

  /** Whether a message's insert is still waiting for its first commit. */
  hasPendingInsert(seq: number): boolean {
    return this.inserts.has(seq);
  }

  /** Whether a message was taken back because the batch that inserted it failed. */
  isRetracted(message: QueuedMessage): boolean {
    return this.retracted.has(message);
  }

  /**
   * Forgets pending message writes of a queue whose stored messages a topology write is about to delete;
   * topology writes run first in a batch, so a pending insert would otherwise bring a deleted message back.
   * Answers the messages forgotten.
   */
  forgetQueueMessages(queue: string, keep: ReadonlySet<number>): QueuedMessage[] {
    const forgotten: QueuedMessage[] = [];
    for (const [seq, message] of this.inserts) {
      if (message.queue === queue && !keep.has(seq)) {
        this.inserts.delete(seq);
        forgotten.push(message);
      }
    }
    return forgotten;
  }

  /** Resolves once everything written so far is committed; rejects at once while the store is failing. */
  committed(): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.unavailable());
    if (!this.hasPending() && this.waiters.length === 0 && !this.inFlight) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.markDirty();
    });
  }

  /** Commits everything now, deferred delivery counts included (a graceful close: one attempt even when failing). */
  async flushAll(): Promise<void> {
    this.promoteDeliveries(this.agedDeliveries);
    this.promoteDeliveries(this.recentDeliveries);
    await Promise.resolve();
    while (this.inFlight) await this.inFlight.catch(() => undefined);
    if (this.hasPending() || this.waiters.length) await this.commitNow();
  }

  /** Commits now (used before reading the store directly, e.g. to page messages in); `unavailable` while failing. */
  async flush(): Promise<void> {
    // Never cut a turn in two: a move deletes the original and inserts its copy in one turn, and a page-in started
    // between the two must not commit one without the other. The rest of the current turn runs before this resumes.
    await Promise.resolve();
    while (this.inFlight) await this.inFlight.catch(() => undefined);
    if (this.failure !== null) throw this.unavailable();
    if (this.hasPending() || this.waiters.length) await this.commitNow();
  }

  private unavailable(): EngineError {
    return new EngineError('unavailable', `storage cannot accept writes right now: ${reasonOf(this.failure)}`);
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
      // While failing, what is pending waits for the recovery attempt (after a successful probe write).
      if (this.failure !== null) return;
      if (this.inFlight) {
        // One commit at a time; the next batch goes as soon as the current one lands.
        const again = () => this.markDirty();
        this.inFlight.then(again, again);
        return;
      }
      void this.commitNow().catch(() => undefined);
    });
  }

  private takeBatch(): { batch: WriteBatch; waiters: Waiter[]; undos: (() => void)[] } {
    const batch: WriteBatch = {
      topology: this.topology,
      inserts: [...this.inserts.values()],
      deliveries: [...this.deliveries].map(([seq, deliveryCount]) => ({ seq, deliveryCount })),
      deletes: [...this.deletes],
    };
    const { waiters, undos } = this;
    this.topology = [];
    this.inserts = new Map();
    this.deliveries = new Map();
    this.deletes = new Set();
    this.waiters = [];
    this.undos = [];
    return { batch, waiters, undos };
  }

  private commitNow(): Promise<void> {
    const taken = this.takeBatch();
    const run = (async () => {
      try {
        await this.store.commit(taken.batch);
        const recovered = this.failure !== null;
        this.failure = null;
        this.recoveryDelay = RECOVERY_FIRST_MS;
        for (const waiter of taken.waiters) waiter.resolve();
        if (recovered) this.options.onFault?.(null);
      } catch (error) {
        this.failure = error;
        const failure = this.unavailable();
        // Whatever was accepted while this batch was in flight fails with it (newest first): it would otherwise
        // wait for the fault to clear, and its callers are better told now.
        if (this.hasPending() || this.waiters.length || this.undos.length) this.fail(this.takeBatch(), failure, false);
        this.fail(taken, failure, true);
        this.options.onFault?.(reasonOf(error));
        this.scheduleRecovery();
        throw failure;
      } finally {
        this.inFlight = null;
      }
    })();
    this.inFlight = run;
    return run;
  }

  /** A batch failed: carry what must still be written, undo the rest, and tell its callers. */
  private fail({ batch, waiters, undos }: ReturnType<Persistence['takeBatch']>, failure: EngineError, attempted: boolean): void {
    this.carry(batch, attempted);
    for (const undo of undos.reverse()) {
      try {
        undo();
      } catch (error) {
        console.error('switchboard: undoing a change whose commit failed went wrong', error);
      }
    }
    const retracted = batch.inserts.filter((message) => !this.retracted.has(message));
    for (const message of retracted) this.retracted.add(message);
    if (retracted.length) this.options.retract?.(retracted);
    for (const waiter of waiters) waiter.reject(failure);
  }

  /** Puts what a failed batch must still write in front of whatever was written since. */
  private carry(batch: WriteBatch, attempted: boolean): void {
    const topology: TopologyWrite[] = [];
    for (const write of batch.topology) {
      // A job's record is saved again by its next step; an old one landing later would only go backwards.
      if (write.op === 'putJob') continue;
      const attempts = (this.topologyAttempts.get(write) ?? 0) + (attempted ? 1 : 0);
      if (attempts >= MAX_TOPOLOGY_ATTEMPTS) {
        console.error(`switchboard: dropping a topology write that failed ${attempts} commits: ${write.op}`);
        continue;
      }
      this.topologyAttempts.set(write, attempts);
      topology.push(write);
    }
    this.topology = [...topology, ...this.topology];
    for (const { seq, deliveryCount } of batch.deliveries) {
      if (!this.deletes.has(seq) && !this.deliveries.has(seq) && !this.inserts.has(seq)) this.deliveries.set(seq, deliveryCount);
    }
    for (const seq of batch.deletes) this.deletes.add(seq);
  }

  /** Tries again after a doubling wait: a probe write first, then whatever is pending. */
  private scheduleRecovery(): void {
    if (this.recoveryTimer) return;
    this.recoveryTimer = true;
    const delay = this.recoveryDelay;
    this.recoveryDelay = Math.min(RECOVERY_MAX_MS, this.recoveryDelay * 2);
    const attempt = async () => {
      this.recoveryTimer = false;
      if (this.failure === null) return;
      try {
        await this.store.probe?.();
      } catch (error) {
        this.failure = error;
        this.scheduleRecovery();
        return;
      }
      while (this.inFlight) await this.inFlight.catch(() => undefined);
      // Commits even an empty batch: its success is what makes the store writable again.
      await this.commitNow().catch(() => undefined);
    };
    const setTimer = this.options.setTimer ?? ((run, ms) => void setTimeout(run, ms).unref?.());
    setTimer(() => void attempt(), delay);
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
