/**
 * @module The engine's Store on SQLite, run on a worker thread. SQLite's commit (and its fsync, which
 * `synchronous = FULL` makes on every commit) then blocks the worker, not the event loop that parses AMQP frames,
 * delivers and confirms: the next batch gathers while the current one is written. Requests are answered in order.
 */
import type { Worker } from 'node:worker_threads';
import type { AuditLog, StoredAuditEvent } from '../access/audit-log';
import type { JobRecord } from '../engine/jobs/job';
import type { MetricsHistory, RollupRow } from '../engine/metrics/metrics-history';
import { vhostMetricsHistory } from '../engine/metrics/vhost-metrics-history';
import { DEFAULT_VHOST, type RecoveredState, type SharedStore, type Store, type WriteBatch } from '../engine/store';
import type { QueuedMessage } from '../engine/types';
import { defaultMigrationsDir } from './migrate';
import { packInserts } from './packed-inserts';
import { type PackedRecovery, unpackRecovery } from './packed-recovery';
import { toAuditRecord } from './sqlite-audit-log';
import type { StoreReply, StoreRequest } from './sqlite-worker-protocol';
import { startWorker, withTimeout } from './sqlite-worker-start';
import { StoreFaults, type StoreFaultListener } from './store-faults';
import { type VhostAwareStore, vhostStoreView } from './vhost-store-view';

type Request = StoreRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** How long after the worker died it is started again: the first wait, then doubling up to the last. */
export const WORKER_RESTART_FIRST_MS = 100;
export const WORKER_RESTART_MAX_MS = 5000;
/** How long `close()` waits for the worker to write what it holds before stopping it anyway. */
export const CLOSE_TIMEOUT_MS = 5000;

/** Operations that write: their failure means the store cannot take writes. */
const WRITES = new Set<Request['op']>(['commit', 'deleteVhost', 'historyWrite', 'historyPrune', 'auditWrite', 'auditPrune']);

export interface WorkerStoreSettings {
  /** SQLite's max_page_count for the worker's connection (kept across restarts). */
  maxPageCount?: number;
}


/**
 * Every vhost of the database through one worker. As a plain Store it is vhost `/`; each operation takes another
 * vhost as its last argument, and {@link SqliteWorkerStore.forVhost} gives a vhost's broker its own Store.
 *
 * Faults are told and survived: a failed write or a dead worker makes the store report a fault (see `onFault`);
 * a dead worker fails the requests it held and is started again with a doubling wait; while faulted the store
 * probes with a real write, and clears the fault when one lands.
 */
export class SqliteWorkerStore implements SharedStore, VhostAwareStore {
  readonly kind = 'sqlite' as const;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private worker: Worker | null;
  private closed: Error | null = null;
  private restartDelay = WORKER_RESTART_FIRST_MS;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly faults = new StoreFaults({
    probe: () => this.request({ op: 'probe' }).then(() => undefined),
    // A dead worker's restart clears the fault instead.
    canProbe: () => this.worker !== null,
    probeFailed: (error) => `storage cannot write: ${error.message}`,
  });

  private constructor(
    worker: Worker,
    private readonly path: string,
    private readonly migrationsDir: string,
    private maxPageCount: number | undefined,
  ) {
    this.worker = worker;
    this.attach(worker);
  }

  /** Starts the worker, which opens (creating if needed), migrates and test-writes the SQLite file at `path`. */
  static async open(path: string, migrationsDir: string = defaultMigrationsDir(), options: WorkerStoreSettings = {}): Promise<SqliteWorkerStore> {
    const worker = await startWorker(path, migrationsDir, options.maxPageCount);
    return new SqliteWorkerStore(worker, path, migrationsDir, options.maxPageCount);
  }

  /** The current fault, or null while the store writes. */
  get fault(): string | null {
    return this.faults.current;
  }

  /** Calls `listener` on every change of the fault; answers how to stop. */
  onFault(listener: StoreFaultListener): () => void {
    return this.faults.onFault(listener);
  }

  /** A write that needs real space (see SqliteStore.probe); rejects while the store cannot write. */
  async probe(): Promise<void> {
    await this.request({ op: 'probe' });
    this.faults.clear();
  }

  /** Caps the database at `pages` pages (SQLite's max_page_count, kept across worker restarts); answers the cap. */
  async setMaxPageCount(pages: number): Promise<number> {
    this.maxPageCount = pages;
    return (await this.request({ op: 'setMaxPageCount', pages })) as number;
  }

  async pageCount(): Promise<number> {
    return (await this.request({ op: 'pageCount' })) as number;
  }

  /** The worker thread now (tests stop it to prove the store survives); null while it is being restarted. */
  get currentWorker(): Worker | null {
    return this.worker;
  }

  forVhost(vhost: string): Store {
    return vhostStoreView(this, vhost);
  }

  async recover(vhost: string = DEFAULT_VHOST): Promise<RecoveredState> {
    return unpackRecovery((await this.request({ op: 'recover', vhost })) as PackedRecovery);
  }

  async commit(batch: WriteBatch, vhost: string = DEFAULT_VHOST): Promise<void> {
    const { inserts, ...rest } = batch;
    const { packed, transfer } = packInserts(inserts);
    await this.request({ op: 'commit', vhost, batch: rest, inserts: packed }, transfer);
  }

  async loadMessages(queue: string, priority: number, afterSeq: number, limit: number, vhost: string = DEFAULT_VHOST): Promise<QueuedMessage[]> {
    return withBufferPayloads((await this.request({ op: 'loadMessages', vhost, queue, priority, afterSeq, limit })) as QueuedMessage[]);
  }

  async findMessages(queue: string, messageId: string, limit: number, vhost: string = DEFAULT_VHOST): Promise<QueuedMessage[]> {
    return withBufferPayloads((await this.request({ op: 'findMessages', vhost, queue, messageId, limit })) as QueuedMessage[]);
  }

  async loadJobs(vhost: string = DEFAULT_VHOST): Promise<JobRecord[]> {
    return (await this.request({ op: 'loadJobs', vhost })) as JobRecord[];
  }

  async deleteVhost(vhost: string): Promise<void> {
    await this.request({ op: 'deleteVhost', vhost });
  }

  /**
   * The metric rollups of one vhost (default `/`), written by the worker's connection like everything else in
   * this database. Each call makes a new view; they all share the worker.
   */
  metricsHistory(vhost: string = DEFAULT_VHOST): MetricsHistory {
    return vhostMetricsHistory(this.allMetricsHistory(), vhost);
  }

  /** The rollups of every vhost, entities as stored. */
  private allMetricsHistory(): MetricsHistory {
    return {
      write: async (rows) => void (await this.request({ op: 'historyWrite', rows })),
      read: async (entity, resolutionMs, fromMs, toMs) =>
        (await this.request({ op: 'historyRead', entity, resolutionMs, fromMs, toMs })) as RollupRow[],
      latestBefore: async (entity, resolutionMs, beforeMs) =>
        ((await this.request({ op: 'historyLatestBefore', entity, resolutionMs, beforeMs })) as RollupRow | null) ?? undefined,
      prune: async (resolutionMs, beforeMs) => void (await this.request({ op: 'historyPrune', resolutionMs, beforeMs })),
    };
  }

  /** The audit log, written in batches by the worker's connection between the engine's commits. */
  auditLog(): AuditLog {
    return {
      // Details go as JSON text: one that structured clone refuses (a function inside) would lose the whole batch.
      write: async (entries) => void (await this.request({ op: 'auditWrite', records: entries.map(toAuditRecord) })),
      query: async (query) => (await this.request({ op: 'auditQuery', query })) as StoredAuditEvent[],
      prune: async (beforeMs, limit) => (await this.request({ op: 'auditPrune', beforeMs, limit })) as number,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = new Error('the store is closed');
    clearTimeout(this.restartTimer);
    this.faults.stop();
    const worker = this.worker;
    if (!worker) return;
    try {
      // Bounded: a worker stuck on a failing disk must not hold up the process's shutdown.
      await withTimeout(this.send(worker, { op: 'close' }), CLOSE_TIMEOUT_MS, 'closing the storage worker timed out');
    } finally {
      this.worker = null;
      await worker.terminate();
    }
  }

  private request(request: Request, transfer: ArrayBuffer[] = []): Promise<unknown> {
    if (this.closed) return Promise.reject(this.closed);
    if (!this.worker) return Promise.reject(new Error(`the storage worker is restarting (${this.faults.current ?? 'it stopped'})`));
    const reply = this.send(this.worker, request, transfer);
    if (!WRITES.has(request.op)) return reply;
    return reply.catch((error: Error) => {
      this.faults.report(`storage cannot write: ${error.message}`);
      throw error;
    });
  }

  private send(worker: Worker, request: Request, transfer: ArrayBuffer[] = []): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        worker.postMessage({ ...request, id }, transfer);
      } catch (error) {
        // Structured clone refused the request (too deep, say): it fails alone, the worker carries on.
        this.pending.delete(id);
        reject(new Error(`the request could not be handed to the storage worker: ${(error as Error).message}`));
      }
    });
  }

  private attach(worker: Worker): void {
    worker.on('message', (reply: StoreReply) => this.settle(reply));
    worker.on('error', (error) => console.error(`Switchboard: the storage worker failed: ${error.message}`));
    worker.once('exit', (code) => this.workerGone(worker, `exit code ${code}`));
  }

  private settle(reply: StoreReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(new Error(reply.message));
  }

  /** The worker stopped: what it held fails, and (unless the store is closing) a new one starts after a wait. */
  private workerGone(worker: Worker, why: string): void {
    if (this.worker !== worker && this.worker !== null) return;
    this.worker = null;
    const reason = new Error(this.closed ? 'the store is closed' : `the storage worker stopped (${why})`);
    for (const { reject } of this.pending.values()) reject(reason);
    this.pending.clear();
    if (this.closed) return;
    this.faults.report(`${reason.message}; restarting it`);
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    const delay = this.restartDelay;
    this.restartDelay = Math.min(WORKER_RESTART_MAX_MS, this.restartDelay * 2);
    this.restartTimer = setTimeout(() => void this.restart(), delay);
    this.restartTimer.unref?.();
  }

  private async restart(): Promise<void> {
    let worker: Worker;
    try {
      worker = await startWorker(this.path, this.migrationsDir, this.maxPageCount);
    } catch (error) {
      if (this.closed) return;
      this.faults.report(`the storage worker cannot start again: ${(error as Error).message}`);
      return this.scheduleRestart();
    }
    if (this.closed) {
      await worker.terminate();
      return;
    }
    this.worker = worker;
    this.restartDelay = WORKER_RESTART_FIRST_MS;
    this.attach(worker);
    // The new worker opened and test-wrote the database: the fault is over unless a write says otherwise.
    this.faults.clear();
  }
}

/** Structured clone hands payloads back as plain Uint8Arrays; the engine expects Buffers. */
function withBufferPayloads(messages: QueuedMessage[]): QueuedMessage[] {
  for (const message of messages) {
    const bytes: Uint8Array = message.payload;
    if (!Buffer.isBuffer(bytes)) message.payload = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  return messages;
}
