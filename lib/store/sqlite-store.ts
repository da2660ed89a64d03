/**
 * @module The engine's Store on SQLite: better-sqlite3 on its own connection, prepared statements, one
 * transaction per batch. It bypasses Prisma on purpose (hot path); its SQL must match prisma/migrations.
 */
import Database from 'better-sqlite3';
import type { JobRecord } from '../engine/jobs/job';
import { rollupEntityPrefix, VHOST_ENTITY_MARK } from '../engine/metrics/vhost-metrics-history';
import { DEFAULT_VHOST, type RecoveredState, type SharedStore, type Store, type TopologyWrite, type WriteBatch } from '../engine/store';
import type { BindingInfo, ExchangeInfo, QueueInfo, QueuedMessage } from '../engine/types';
import { defaultMigrationsDir, migrateDatabase } from './migrate';
import { SqliteAuditLog } from './sqlite-audit-log';
import { SqliteMetricsHistory } from './sqlite-metrics-history';
import { messageFromRow } from './sqlite-rows';
import { recoverVhost } from './sqlite-recovery';
import { limitWalSize, reclaimStep, TRUNCATE_ATTEMPTS, TRUNCATE_RETRY_MS, truncateWal, useIncrementalVacuum, worthReclaiming } from './sqlite-reclaim';
import { prepareStatements, type Statements } from './sqlite-statements';
import { type VhostAwareStore, vhostStoreView } from './vhost-store-view';

/** What a probe writes (and deletes in the same transaction): enough to need new pages, as a real write does. */
export const PROBE_BYTES = 64 * 1024;
const PROBE_ID = '\u0000switchboard-probe';

/**
 * Every vhost of the database on one connection. As a plain Store it is vhost `/`; each operation takes another
 * vhost as its last argument, and {@link SqliteStore.forVhost} gives a vhost's broker its own Store.
 */
export class SqliteStore implements SharedStore, VhostAwareStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private history: SqliteMetricsHistory | undefined;
  private audit: SqliteAuditLog | undefined;
  private readonly sql: Statements;
  private readonly commitTransaction: Database.Transaction<(batch: WriteBatch, vhost: string) => void>;
  /** A committed batch deleted a queue's messages wholesale (purge, queue deleted): their pages are given back after it. */
  private bulkDeleted = false;
  private reclaiming: Promise<void> | undefined;

  /** Opens (creating if needed) the SQLite file at `path`, applies pending migrations, and returns the store. */
  static open(path: string, migrationsDir: string = defaultMigrationsDir()): SqliteStore {
    const db = new Database(path, { timeout: 5000 });
    try {
      SqliteStore.configure(db, path);
      migrateDatabase(db, migrationsDir);
      return new SqliteStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  private static configure(db: Database.Database, path: string): void {
    // Before WAL: on a new file auto_vacuum takes only while the file has no header yet.
    useIncrementalVacuum(db, path);
    db.pragma('journal_mode = WAL');
    limitWalSize(db);
    // A commit is durable once it returns: the engine acknowledges publishes after it.
    db.pragma('synchronous = FULL');
    // Prisma (credentials, sessions) writes to the same file on its own connection.
    db.pragma('busy_timeout = 5000');
  }

  /** Wraps a connection whose schema is already migrated; prefer {@link SqliteStore.open}. */
  constructor(db: Database.Database) {
    this.db = db;
    this.sql = prepareStatements(db);
    this.commitTransaction = db.transaction((batch: WriteBatch, vhost: string) => this.write(batch, vhost));
  }

  forVhost(vhost: string): Store {
    return vhostStoreView(this, vhost);
  }

  /** Drops the vhost's transient topology and messages, then reports what it has stored (maxSeq: the database's). */
  async recover(vhost: string = DEFAULT_VHOST): Promise<RecoveredState> {
    return this.db.transaction(() => recoverVhost(this.sql, vhost)).immediate();
  }

  async commit(batch: WriteBatch, vhost: string = DEFAULT_VHOST): Promise<void> {
    // IMMEDIATE takes the write lock up front, so a competing writer is waited for (busy_timeout), never deadlocked.
    this.bulkDeleted = false;
    this.commitTransaction.immediate(batch, vhost);
    if (this.bulkDeleted) this.reclaimSpace();
  }

  /**
   * Returns free pages and truncates the WAL after a large delete, in steps with a turn of the event loop between
   * them, so commits made meanwhile (in the store's worker, every publish's) run between steps. A failure only leaves
   * the space for SQLite to reuse.
   */
  reclaimSpace(): void {
    this.bulkDeleted = false;
    this.reclaiming ??= this.reclaimInSteps().finally(() => (this.reclaiming = undefined));
  }

  /** Resolves when a reclaim under way has given its pages back. */
  async reclaimed(): Promise<void> {
    await this.reclaiming;
  }

  private async reclaimInSteps(): Promise<void> {
    try {
      if (!worthReclaiming(this.db)) return;
      while (reclaimStep(this.db)) {
        await new Promise((resolve) => setImmediate(resolve));
        if (!this.db.open) return;
      }
      // The checkpointer's own checkpoints (every 50 ms) or a reader's snapshot refuse it now and then: tried again.
      // Given up after TRUNCATE_ATTEMPTS, the WAL is still cut back to journal_size_limit at its next reset.
      for (let attempt = 1; !truncateWal(this.db); attempt++) {
        if (attempt >= TRUNCATE_ATTEMPTS) return;
        await new Promise((resolve) => setTimeout(resolve, TRUNCATE_RETRY_MS));
        if (!this.db.open) return;
      }
    } catch (error) {
      if (this.db.open) console.error(`switchboard: giving back free database pages failed (${(error as Error).message}); SQLite reuses them instead`);
    }
  }

  async loadMessages(queue: string, priority: number, afterSeq: number, limit: number, vhost: string = DEFAULT_VHOST): Promise<QueuedMessage[]> {
    return this.sql.loadMessages.all(vhost, queue, priority, afterSeq, limit).map(messageFromRow);
  }

  async findMessages(queue: string, messageId: string, limit: number, vhost: string = DEFAULT_VHOST): Promise<QueuedMessage[]> {
    return this.sql.findMessages.all(vhost, queue, messageId, limit).map(messageFromRow);
  }

  async loadJobs(vhost: string = DEFAULT_VHOST): Promise<JobRecord[]> {
    return this.sql.loadJobs.all(vhost).map((row) => JSON.parse(row.data) as JobRecord);
  }

  async deleteVhost(vhost: string): Promise<void> {
    const sql = this.sql;
    const prefix = rollupEntityPrefix(vhost);
    this.db.transaction(() => {
      for (const deleteRows of sql.deleteVhost) deleteRows.run(vhost);
      // The rollups of `/` are the ones no other vhost marked as its own.
      if (prefix === '') sql.deleteRollupsWithoutPrefix.run({ prefix: VHOST_ENTITY_MARK });
      else sql.deleteRollupsWithPrefix.run({ prefix });
    }).immediate();
    this.reclaimSpace();
  }

  /**
   * Proves the database takes writes: writes {@link PROBE_BYTES} and deletes them in one committed transaction.
   * Throws SQLite's error (SQLITE_FULL, SQLITE_READONLY, I/O error) while it cannot.
   */
  async probe(): Promise<void> {
    this.probeNow();
  }

  /** {@link probe}, synchronously (the worker runs it as it opens the database). */
  probeNow(): void {
    this.db.transaction(() => {
      this.sql.putJob.run(PROBE_ID, PROBE_ID, 'probe', '', 'probe', 0, 'x'.repeat(PROBE_BYTES));
      this.sql.deleteJob.run(PROBE_ID);
    }).immediate();
  }

  /** Caps the database at this many pages (SQLite's max_page_count; 0 or less lifts the cap as far as SQLite allows). */
  setMaxPageCount(pages: number): number {
    return this.db.pragma(`max_page_count = ${pages > 0 ? Math.floor(pages) : 4294967294}`, { simple: true }) as number;
  }

  /** Refuses every write on this connection while on (SQLite's query_only), as a read-only file would. */
  setQueryOnly(on: boolean): void {
    this.db.pragma(`query_only = ${on ? 1 : 0}`);
  }

  /** Pages the database file has now. */
  pageCount(): number {
    return this.db.pragma('page_count', { simple: true }) as number;
  }

  /**
   * WAL pages after which a commit checkpoints the WAL into the database file (SQLite's default: 1000). A store
   * whose WAL another connection checkpoints sets it high, as a backstop: that commit then waits for the copy.
   */
  setAutoCheckpointPages(pages: number): void {
    this.db.pragma(`wal_autocheckpoint = ${Math.max(0, Math.floor(pages))}`);
  }

  /** The metric rollups of every vhost, kept in the same database on this store's connection. */
  metricsHistory(): SqliteMetricsHistory {
    return (this.history ??= new SqliteMetricsHistory(this.db));
  }

  /** The audit log, in the same database on this store's connection. */
  auditLog(): SqliteAuditLog {
    return (this.audit ??= new SqliteAuditLog(this.db));
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    try {
      // Keeps the query planner's statistics fresh for the next start.
      this.db.pragma('optimize');
    } catch {
      // Not worth failing a close over.
    }
    this.db.close();
  }

  private write(batch: WriteBatch, vhost: string): void {
    for (const op of batch.topology) this.applyTopology(op, vhost);
    const { insertMessage, updateDeliveryCount, deleteMessages } = this.sql;
    for (const m of batch.inserts) {
      insertMessage.run(
        vhost,
        m.seq,
        m.queue,
        m.priority,
        m.messageId,
        m.exchange,
        m.routingKey,
        JSON.stringify(m.routingKeys),
        m.payload,
        JSON.stringify(m.properties),
        m.persistent ? 1 : 0,
        m.publishedAt,
        m.expiresAt,
        m.deliveryCount,
      );
    }
    for (const d of batch.deliveries) updateDeliveryCount.run(d.deliveryCount, d.seq, vhost);
    if (batch.deletes.length) deleteMessages.run(JSON.stringify(batch.deletes), vhost);
  }

  private applyTopology(op: TopologyWrite, vhost: string): void {
    const sql = this.sql;
    switch (op.op) {
      case 'putExchange':
        return void putExchange(sql, vhost, op.exchange);
      case 'deleteExchange':
        sql.deleteExchange.run(vhost, op.name);
        return void sql.deleteExchangeBindings.run({ vhost, name: op.name });
      case 'putQueue':
        return void putQueue(sql, vhost, op.queue);
      case 'deleteQueue':
        this.bulkDeleted = true;
        sql.deleteQueue.run(vhost, op.name);
        sql.deleteQueueTally.run(vhost, op.name);
        sql.deleteQueueMessages.run(vhost, op.name);
        // RabbitMQ drops a queue's bindings with it; keeping them would resurrect dead routes at recovery.
        return void sql.deleteQueueBindings.run(vhost, op.name);
      case 'deleteQueueMessages':
        this.bulkDeleted = true;
        if (op.exceptSeqs.length === 0) {
          sql.deleteQueueTally.run(vhost, op.queue);
          return void sql.deleteQueueMessages.run(vhost, op.queue);
        }
        // One statement whatever the number of kept seqs: they travel as a JSON array.
        return void sql.deleteQueueMessagesExcept.run(vhost, op.queue, JSON.stringify(op.exceptSeqs));
      case 'putBinding':
        return void putBinding(sql, vhost, op.binding);
      case 'deleteBinding':
        return void sql.deleteBinding.run(vhost, op.id);
      case 'putJob': {
        const { job } = op;
        return void sql.putJob.run(job.id, vhost, job.kind, job.queue, job.status, job.startedAt, JSON.stringify(job));
      }
      default:
        throw new Error(`Unknown topology write: ${JSON.stringify(op satisfies never)}`);
    }
  }
}

function putExchange(sql: Statements, vhost: string, e: ExchangeInfo): void {
  sql.putExchange.run(
    vhost,
    e.name,
    e.type,
    e.durable ? 1 : 0,
    e.autoDelete ? 1 : 0,
    e.internal ? 1 : 0,
    e.alternateExchange ?? null,
    JSON.stringify(e.arguments ?? {}),
  );
}

function putQueue(sql: Statements, vhost: string, q: QueueInfo): void {
  sql.putQueue.run(vhost, q.name, q.durable ? 1 : 0, q.autoDelete ? 1 : 0, q.exclusiveOwner ?? null, JSON.stringify(q.arguments ?? {}));
}

function putBinding(sql: Statements, vhost: string, b: BindingInfo): void {
  sql.putBinding.run(vhost, b.id, b.source, b.destination, b.destinationType, b.routingKey, JSON.stringify(b.arguments ?? {}));
}
