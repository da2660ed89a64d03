/**
 * @module The engine's Store on SQLite, run on a worker thread. SQLite's commit (and its fsync, which
 * `synchronous = FULL` makes on every commit) then blocks the worker, not the event loop that parses AMQP frames,
 * delivers and confirms: the next batch gathers while the current one is written. Requests are answered in order.
 */
import { Worker } from 'node:worker_threads';
import type { JobRecord } from '../engine/jobs/job';
import type { MetricsHistory, RollupRow } from '../engine/metrics/metrics-history';
import type { RecoveredState, Store, WriteBatch } from '../engine/store';
import type { QueuedMessage } from '../engine/types';
import { defaultMigrationsDir } from './migrate';
import { packInserts } from './packed-inserts';
import { type StoreReply, type StoreRequest, type WorkerStoreOptions, WORKER_ENTRY } from './sqlite-worker-protocol';

type Request = StoreRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class SqliteWorkerStore implements Store {
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

  async recover(): Promise<RecoveredState> {
    return (await this.request({ op: 'recover' })) as RecoveredState;
  }

  async commit(batch: WriteBatch): Promise<void> {
    const { inserts, ...rest } = batch;
    const { packed, transfer } = packInserts(inserts);
    await this.request({ op: 'commit', batch: rest, inserts: packed }, transfer);
  }

  async loadMessages(queue: string, priority: number, afterSeq: number, limit: number): Promise<QueuedMessage[]> {
    return withBufferPayloads((await this.request({ op: 'loadMessages', queue, priority, afterSeq, limit })) as QueuedMessage[]);
  }

  async findMessages(queue: string, messageId: string, limit: number): Promise<QueuedMessage[]> {
    return withBufferPayloads((await this.request({ op: 'findMessages', queue, messageId, limit })) as QueuedMessage[]);
  }

  async loadJobs(): Promise<JobRecord[]> {
    return (await this.request({ op: 'loadJobs' })) as JobRecord[];
  }

  /** The metric rollups, written by the worker's connection like everything else in this database. */
  metricsHistory(): MetricsHistory {
    return {
      write: async (rows) => void (await this.request({ op: 'historyWrite', rows })),
      read: async (entity, resolutionMs, fromMs, toMs) =>
        (await this.request({ op: 'historyRead', entity, resolutionMs, fromMs, toMs })) as RollupRow[],
      latestBefore: async (entity, resolutionMs, beforeMs) =>
        ((await this.request({ op: 'historyLatestBefore', entity, resolutionMs, beforeMs })) as RollupRow | null) ?? undefined,
      prune: async (resolutionMs, beforeMs) => void (await this.request({ op: 'historyPrune', resolutionMs, beforeMs })),
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
