/** @module The messages between {@link SqliteWorkerStore} and its worker thread: one request, one reply, by id. */
import type { RollupRow } from '../engine/metrics/metrics-history';
import type { WriteBatch } from '../engine/store';
import type { PackedInserts } from './packed-inserts';

/** The entry every worker thread of the store starts from; `workerData.module` names the TypeScript module it runs. */
export const WORKER_ENTRY = new URL('./sqlite-worker-entry.mjs', import.meta.url);

export interface WorkerStoreOptions {
  module: './sqlite-worker.ts';
  path: string;
  migrationsDir: string;
}

export type StoreRequest = { id: number } & (
  | { op: 'recover' }
  | { op: 'commit'; batch: Omit<WriteBatch, 'inserts'>; inserts: PackedInserts }
  | { op: 'loadMessages'; queue: string; priority: number; afterSeq: number; limit: number }
  | { op: 'findMessages'; queue: string; messageId: string; limit: number }
  | { op: 'loadJobs' }
  | { op: 'historyWrite'; rows: readonly RollupRow[] }
  | { op: 'historyRead'; entity: string; resolutionMs: number; fromMs: number; toMs: number }
  | { op: 'historyLatestBefore'; entity: string; resolutionMs: number; beforeMs: number }
  | { op: 'historyPrune'; resolutionMs: number; beforeMs: number }
  | { op: 'close' }
);

/** Id 0 answers the worker's start: the database opened and migrated, or why not. */
export type StoreReply = { id: number } & ({ ok: true; value: unknown } | { ok: false; message: string });
