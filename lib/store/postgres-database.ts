/**
 * @module The engine's database on PostgreSQL: the store on its one connection (the lease's, when there is one),
 * and a small pool of its own for the metric history and the audit log, so their reads never wait behind a commit.
 * A failed write reports the store's fault; a probe write clears it once the database takes writes again.
 */
import pg from 'pg';
import type { AuditLog } from '../access/audit-log';
import type { JobRecord } from '../engine/jobs/job';
import type { MetricsHistory } from '../engine/metrics/metrics-history';
import { vhostMetricsHistory } from '../engine/metrics/vhost-metrics-history';
import { DEFAULT_VHOST, type RecoveredState, type Store, type WriteBatch } from '../engine/store';
import type { QueuedMessage } from '../engine/types';
import type { EngineDatabase } from './open-store';
import { PostgresAuditLog } from './postgres-audit-log';
import { PostgresMetricsHistory } from './postgres-metrics-history';
import { STORE_TYPES } from './postgres-rows';
import { PostgresStore, type PostgresSession } from './postgres-store';
import { parsePostgresUrl, quoteIdentifier } from './postgres-url';
import { StoreFaults, type StoreFaultListener } from './store-faults';
import { type VhostAwareStore, vhostStoreView } from './vhost-store-view';

/** Connections of the history and audit pool: their writes come every few seconds, reads when a console asks. */
export const SIDE_POOL_SIZE = 4;

export class PostgresDatabase implements EngineDatabase, VhostAwareStore {
  readonly kind = 'postgres' as const;
  private readonly faults = new StoreFaults({
    probe: () => this.store.probe(),
    probeFailed: (error) => `the PostgreSQL store cannot write: ${error.message}`,
  });
  private readonly history: MetricsHistory;
  private readonly audit: AuditLog;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly store: PostgresStore,
    private readonly pool: pg.Pool,
  ) {
    this.history = this.watchedHistory(new PostgresMetricsHistory(pool));
    this.audit = this.watchedAudit(new PostgresAuditLog(pool));
  }

  /** Opens the store (migrating first) on the session's connection, or on one of its own, and the side pool. */
  static async open(url: string, options: { session?: PostgresSession; migrationsDir?: string } = {}): Promise<PostgresDatabase> {
    const store = await PostgresStore.open(url, options);
    const target = parsePostgresUrl(url);
    const pool = new pg.Pool({
      connectionString: target.connectionString,
      types: STORE_TYPES,
      max: SIDE_POOL_SIZE,
      fallback_application_name: 'switchboard',
      connectionTimeoutMillis: 10_000,
      // Every connection of the pool reads and writes the URL's schema.
      options: `-c search_path=${quoteIdentifier(target.schema)}`,
    });
    // An idle pooled connection that breaks is dropped by the pool; without a listener the error would end the process.
    pool.on('error', () => undefined);
    return new PostgresDatabase(store, pool);
  }

  get fault(): string | null {
    return this.faults.current;
  }

  onFault(listener: StoreFaultListener): () => void {
    return this.faults.onFault(listener);
  }

  forVhost(vhost: string): Store {
    return vhostStoreView(this, vhost);
  }

  recover(vhost: string = DEFAULT_VHOST): Promise<RecoveredState> {
    return this.store.recover(vhost);
  }

  commit(batch: WriteBatch, vhost: string = DEFAULT_VHOST): Promise<void> {
    return this.watched(this.store.commit(batch, vhost));
  }

  loadMessages(queue: string, priority: number, afterSeq: number, limit: number, vhost: string = DEFAULT_VHOST): Promise<QueuedMessage[]> {
    return this.store.loadMessages(queue, priority, afterSeq, limit, vhost);
  }

  findMessages(queue: string, messageId: string, limit: number, vhost: string = DEFAULT_VHOST): Promise<QueuedMessage[]> {
    return this.store.findMessages(queue, messageId, limit, vhost);
  }

  loadJobs(vhost: string = DEFAULT_VHOST): Promise<JobRecord[]> {
    return this.store.loadJobs(vhost);
  }

  deleteVhost(vhost: string): Promise<void> {
    return this.watched(this.store.deleteVhost(vhost));
  }

  async probe(): Promise<void> {
    await this.store.probe();
    this.faults.clear();
  }

  /** The store's own connection, in turn with its commits (the lease's heartbeat). */
  withConnection<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    return this.store.withConnection(work);
  }

  metricsHistory(vhost: string = DEFAULT_VHOST): MetricsHistory {
    return vhostMetricsHistory(this.history, vhost);
  }

  auditLog(): AuditLog {
    return this.audit;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.faults.stop();
      try {
        await this.store.close();
      } finally {
        await this.pool.end();
      }
    })();
    return this.closing;
  }

  /** A write's failure is the store's fault until a probe write lands. */
  private watched<T>(write: Promise<T>): Promise<T> {
    return write.catch((error: Error) => {
      this.faults.report(`the PostgreSQL store cannot write: ${error.message}`);
      throw error;
    });
  }

  private watchedHistory(history: MetricsHistory): MetricsHistory {
    return {
      write: (rows) => this.watched(history.write(rows)),
      read: (entity, resolutionMs, fromMs, toMs) => history.read(entity, resolutionMs, fromMs, toMs),
      latestBefore: (entity, resolutionMs, beforeMs) => history.latestBefore(entity, resolutionMs, beforeMs),
      prune: (resolutionMs, beforeMs) => this.watched(history.prune(resolutionMs, beforeMs)),
    };
  }

  private watchedAudit(audit: AuditLog): AuditLog {
    return {
      write: (entries) => this.watched(audit.write(entries)),
      query: (query) => audit.query(query),
      prune: (beforeMs, limit) => this.watched(audit.prune(beforeMs, limit)),
    };
  }
}
