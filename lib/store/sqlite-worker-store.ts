/**
 * @module The engine's Store on SQLite, run on a worker thread. SQLite's commit (and its fsync, which
 * `synchronous = FULL` makes on every commit) then blocks the worker, not the event loop that parses AMQP frames,
 * delivers and confirms: the next batch gathers while the current one is written. Requests are answered in order.
 */
import { Worker } from 'node:worker_threads';
import type { AuditLog, StoredAuditEvent } from '../access/audit-log';
import type { JobRecord } from '../engine/jobs/job';
import type { MetricsHistory, RollupRow } from '../engine/metrics/metrics-history';
import { vhostMetricsHistory } from '../engine/metrics/vhost-metrics-history';
import { DEFAULT_VHOST, type RecoveredState, type SharedStore, type Store, type WriteBatch } from '../engine/store';
import type { QueuedMessage } from '../engine/types';
import { defaultMigrationsDir } from './migrate';
import { packInserts } from './packed-inserts';
import { toAuditRecord } from './sqlite-audit-log';
import { type StoreReply, type StoreRequest, type WorkerStoreOptions, WORKER_ENTRY } from './sqlite-worker-protocol';
import { type VhostAwareStore, vhostStoreView } from './vhost-store-view';

type Request = StoreRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * Every vhost of the database through one worker. As a plain Store it is vhost `/`; each operation takes another
 * vhost as its last argument, and {@link SqliteWorkerStore.forVhost} gives a vhost's broker its own Store.
 */
export class SqliteWorkerStore implements SharedStore, VhostAwareStore {
  readonly kind = 'sqlite' as const;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopped: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: StoreReply) => this.settle(reply));
    worker.on('error', (error) => this.stop(new Error(`storage worker failed: ${error.message}`)));
    worker.on('exit', (code) => this.stop(new Error(`storage worker stopped (exit code ${code})`)));
  }

  /** Starts the worker, which opens (creating if needed) and migrates the SQLite file at `path`. */
  static async open(path: string, migrationsDir: string = defaultMigrationsDir()): Promise<SqliteWorkerStore> {
    const worker = new Worker(WORKER_ENTRY, { workerData: { module: './sqlite-worker.ts', path, migrationsDir } satisfies WorkerStoreOptions });
    await new Promise<void>((resolve, reject) => {
      const failed = (error: Error) => {
        worker.off('exit', exited);
        reject(new Error(`cannot open the SQLite store at ${path}: ${error.message}`));
      };
      const exited = (code: number) => failed(new Error(`the storage worker stopped (exit code ${code})`));
      worker.once('error', failed);
      worker.once('exit', exited);
      worker.once('message', (reply: StoreReply) => {
        worker.off('error', failed);
        worker.off('exit', exited);
        if (reply.ok) resolve();
        else failed(new Error(reply.message));
      });
    });
    return new SqliteWorkerStore(worker);
  }

  forVhost(vhost: string): Store {
    return vhostStoreView(this, vhost);
  }

  async recover(vhost: string = DEFAULT_VHOST): Promise<RecoveredState> {
    return (await this.request({ op: 'recover', vhost })) as RecoveredState;
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
    if (this.stopped) return;
    try {
      await this.request({ op: 'close' });
    } finally {
      this.stopped ??= new Error('the store is closed');
      await this.worker.terminate();
    }
  }

  private request(request: Request, transfer: ArrayBuffer[] = []): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id }, transfer);
    });
  }

  private settle(reply: StoreReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(new Error(reply.message));
  }

  private stop(reason: Error): void {
    this.stopped ??= reason;
    for (const { reject } of this.pending.values()) reject(reason);
    this.pending.clear();
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
