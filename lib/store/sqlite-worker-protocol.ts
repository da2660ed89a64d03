/** @module The messages between {@link SqliteWorkerStore} and its worker thread: one request, one reply, by id. */
import type { AuditLogQuery } from '../access/audit-log';
import type { RollupRow } from '../engine/metrics/metrics-history';
import type { WriteBatch } from '../engine/store';
import type { PackedInserts } from './packed-inserts';
import type { AuditRecord } from './sqlite-audit-log';

/** The entry every worker thread of the store starts from; `workerData.module` names the TypeScript module it runs. */
export const WORKER_ENTRY = new URL('./sqlite-worker-entry.mjs', import.meta.url);

export interface WorkerStoreOptions {
  module: './sqlite-worker.ts';
  path: string;
  migrationsDir: string;
  /** SQLite's max_page_count for the worker's connection (a cap on the file; tests fill it to simulate a full disk). */
  maxPageCount?: number;
}

/** Every operation of the engine's Store names the vhost it is about. */
export type StoreRequest = { id: number } & (
  | { op: 'recover'; vhost: string }
  | { op: 'commit'; vhost: string; batch: Omit<WriteBatch, 'inserts'>; inserts: PackedInserts }
  | { op: 'loadMessages'; vhost: string; queue: string; priority: number; afterSeq: number; limit: number }
  | { op: 'findMessages'; vhost: string; queue: string; messageId: string; limit: number }
  | { op: 'loadJobs'; vhost: string }
  | { op: 'deleteVhost'; vhost: string }
  | { op: 'historyWrite'; rows: readonly RollupRow[] }
  | { op: 'historyRead'; entity: string; resolutionMs: number; fromMs: number; toMs: number }
  | { op: 'historyLatestBefore'; entity: string; resolutionMs: number; beforeMs: number }
  | { op: 'historyPrune'; resolutionMs: number; beforeMs: number }
  | { op: 'auditWrite'; records: readonly AuditRecord[] }
  | { op: 'auditQuery'; query: AuditLogQuery }
  | { op: 'auditPrune'; beforeMs: number; limit: number }
  | { op: 'probe' }
  | { op: 'setMaxPageCount'; pages: number }
  | { op: 'pageCount' }
  | { op: 'close' }
);

/** Id 0 answers the worker's start: the database opened and migrated, or why not. */
export type StoreReply = { id: number } & ({ ok: true; value: unknown } | { ok: false; message: string });
