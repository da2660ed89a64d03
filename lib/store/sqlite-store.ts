/**
 * @module The engine's Store on SQLite: better-sqlite3 on its own connection, prepared statements, one
 * transaction per batch. It bypasses Prisma on purpose (hot path); its SQL must match prisma/migrations.
 */
import Database from 'better-sqlite3';
import type { JobRecord } from '../engine/jobs/job';
import type { ReadyCount, RecoveredState, Store, TopologyWrite, WriteBatch } from '../engine/store';
import type { BindingInfo, ExchangeInfo, QueueInfo, QueuedMessage } from '../engine/types';
import { defaultMigrationsDir, migrateDatabase } from './migrate';
import { SqliteMetricsHistory } from './sqlite-metrics-history';
import {
  type BindingRow,
  type ExchangeRow,
  type MessageRow,
  type QueueRow,
  bindingFromRow,
  exchangeFromRow,
  messageFromRow,
  queueFromRow,
} from './sqlite-rows';

const MESSAGE_COLUMNS = [
  'seq, queue, priority, message_id, exchange, routing_key, routing_keys, payload,',
  'properties, persistent, published_at, expires_at, delivery_count',
].join(' ');

type Statements = ReturnType<typeof prepare>;

/** Statements prepared once per connection. */
function prepare(db: Database.Database) {
  return {
    putExchange: db.prepare(
      `INSERT INTO exchanges (name, type, durable, auto_delete, internal, alternate_exchange, arguments)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET type = excluded.type, durable = excluded.durable, auto_delete = excluded.auto_delete,
         internal = excluded.internal, alternate_exchange = excluded.alternate_exchange, arguments = excluded.arguments`,
    ),
    deleteExchange: db.prepare('DELETE FROM exchanges WHERE name = ?'),
    deleteExchangeBindings: db.prepare(
      "DELETE FROM bindings WHERE source = ? OR (destination = ? AND destination_type = 'exchange')",
    ),
    putQueue: db.prepare(
      `INSERT INTO queues (name, durable, auto_delete, exclusive_owner, arguments) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET durable = excluded.durable, auto_delete = excluded.auto_delete,
         exclusive_owner = excluded.exclusive_owner, arguments = excluded.arguments`,
    ),
    deleteQueue: db.prepare('DELETE FROM queues WHERE name = ?'),
    deleteQueueMessages: db.prepare('DELETE FROM messages WHERE queue = ?'),
    deleteQueueMessagesExcept: db.prepare(
      'DELETE FROM messages WHERE queue = ? AND seq NOT IN (SELECT value FROM json_each(?))',
    ),
    deleteQueueBindings: db.prepare("DELETE FROM bindings WHERE destination = ? AND destination_type = 'queue'"),
    putBinding: db.prepare(
      `INSERT INTO bindings (id, source, destination, destination_type, routing_key, arguments) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET source = excluded.source, destination = excluded.destination,
         destination_type = excluded.destination_type, routing_key = excluded.routing_key, arguments = excluded.arguments`,
    ),
    deleteBinding: db.prepare('DELETE FROM bindings WHERE id = ?'),
    putJob: db.prepare(
      `INSERT INTO jobs (id, kind, queue, status, started_at, data) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, data = excluded.data`,
    ),
    loadJobs: db.prepare<[], { data: string }>('SELECT data FROM jobs ORDER BY started_at, id'),
    insertMessage: db.prepare(`INSERT INTO messages (${MESSAGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    updateDeliveryCount: db.prepare('UPDATE messages SET delivery_count = ? WHERE seq = ?'),
    // One statement for a whole batch: half the time of one DELETE per seq (the seqs travel as a JSON array).
    deleteMessages: db.prepare('DELETE FROM messages WHERE seq IN (SELECT value FROM json_each(?))'),
    loadMessages: db.prepare<[string, number, number, number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE queue = ? AND priority = ? AND seq > ? ORDER BY seq LIMIT ?`,
    ),
    findMessages: db.prepare<[string, string, number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE queue = ? AND message_id = ? ORDER BY priority DESC, seq LIMIT ?`,
    ),
  };
}

/**
 * What survives a restart, as RabbitMQ has it: durable, non-exclusive queues and durable exchanges, the bindings
 * between what survives (sources that were never stored, such as built-in exchanges, are kept), and the
 * persistent messages of surviving queues.
 */
const RECOVERY_CLEANUP = `
  DELETE FROM bindings WHERE source IN (SELECT name FROM exchanges WHERE durable = 0)
    OR (destination_type = 'exchange' AND destination IN (SELECT name FROM exchanges WHERE durable = 0));
  DELETE FROM exchanges WHERE durable = 0;
  DELETE FROM queues WHERE durable = 0 OR exclusive_owner IS NOT NULL;
  DELETE FROM bindings WHERE destination_type = 'queue' AND destination NOT IN (SELECT name FROM queues);
  DELETE FROM messages WHERE persistent = 0 OR queue NOT IN (SELECT name FROM queues);
`;

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private history: SqliteMetricsHistory | undefined;
  private readonly sql: Statements;
  private readonly commitTransaction: Database.Transaction<(batch: WriteBatch) => void>;

  /** Opens (creating if needed) the SQLite file at `path`, applies pending migrations, and returns the store. */
  static open(path: string, migrationsDir: string = defaultMigrationsDir()): SqliteStore {
    const db = new Database(path, { timeout: 5000 });
    try {
      SqliteStore.configure(db);
      migrateDatabase(db, migrationsDir);
      return new SqliteStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  private static configure(db: Database.Database): void {
    db.pragma('journal_mode = WAL');
    // A commit is durable once it returns: the engine acknowledges publishes after it.
    db.pragma('synchronous = FULL');
    // Prisma (credentials, sessions) writes to the same file on its own connection.
    db.pragma('busy_timeout = 5000');
  }

  /** Wraps a connection whose schema is already migrated; prefer {@link SqliteStore.open}. */
  constructor(db: Database.Database) {
    this.db = db;
    this.sql = prepare(db);
    this.commitTransaction = db.transaction((batch: WriteBatch) => this.write(batch));
  }

  async recover(): Promise<RecoveredState> {
    const db = this.db;
    return db.transaction(() => {
      db.exec(RECOVERY_CLEANUP);
      const exchanges = db.prepare<[], ExchangeRow>('SELECT * FROM exchanges ORDER BY name').all().map(exchangeFromRow);
      const queues = db.prepare<[], QueueRow>('SELECT * FROM queues ORDER BY name').all().map(queueFromRow);
      const bindings = db.prepare<[], BindingRow>('SELECT * FROM bindings ORDER BY id').all().map(bindingFromRow);
      const readyCounts = db
        .prepare<[], ReadyCount>(
          `SELECT queue, priority, COUNT(*) AS count, COALESCE(SUM(LENGTH(payload)), 0) AS bytes,
             MIN(seq) AS minSeq, MIN(published_at) AS oldestPublishedAt
           FROM messages GROUP BY queue, priority ORDER BY queue, priority`,
        )
        .all();
      // AUTOINCREMENT keeps the largest seq ever inserted in sqlite_sequence, even after those rows are deleted.
      const { maxSeq } = db
        .prepare<[], { maxSeq: number }>(
          `SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'messages'), 0),
                      COALESCE((SELECT MAX(seq) FROM messages), 0)) AS maxSeq`,
        )
        .get()!;
      return { exchanges, queues, bindings, readyCounts, maxSeq };
    }).immediate();
  }

  async commit(batch: WriteBatch): Promise<void> {
    // IMMEDIATE takes the write lock up front, so a competing writer is waited for (busy_timeout), never deadlocked.
    this.commitTransaction.immediate(batch);
  }

  async loadMessages(queue: string, priority: number, afterSeq: number, limit: number): Promise<QueuedMessage[]> {
    return this.sql.loadMessages.all(queue, priority, afterSeq, limit).map(messageFromRow);
  }

  async findMessages(queue: string, messageId: string, limit: number): Promise<QueuedMessage[]> {
    return this.sql.findMessages.all(queue, messageId, limit).map(messageFromRow);
  }

  async loadJobs(): Promise<JobRecord[]> {
    return this.sql.loadJobs.all().map((row) => JSON.parse(row.data) as JobRecord);
  }

  /**
   * WAL pages after which a commit checkpoints the WAL into the database file (SQLite's default: 1000). A store
   * whose WAL another connection checkpoints sets it high, as a backstop: that commit then waits for the copy.
   */
  setAutoCheckpointPages(pages: number): void {
    this.db.pragma(`wal_autocheckpoint = ${Math.max(0, Math.floor(pages))}`);
  }

  /** The metric rollups, kept in the same database on this store's connection. */
  metricsHistory(): SqliteMetricsHistory {
    return (this.history ??= new SqliteMetricsHistory(this.db));
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

  private write(batch: WriteBatch): void {
    for (const op of batch.topology) this.applyTopology(op);
    const { insertMessage, updateDeliveryCount, deleteMessages } = this.sql;
    for (const m of batch.inserts) {
      insertMessage.run(
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
    for (const d of batch.deliveries) updateDeliveryCount.run(d.deliveryCount, d.seq);
    if (batch.deletes.length) deleteMessages.run(JSON.stringify(batch.deletes));
  }

  private applyTopology(op: TopologyWrite): void {
    const sql = this.sql;
    switch (op.op) {
      case 'putExchange':
        return void putExchange(sql, op.exchange);
      case 'deleteExchange':
        sql.deleteExchange.run(op.name);
        return void sql.deleteExchangeBindings.run(op.name, op.name);
      case 'putQueue':
        return void putQueue(sql, op.queue);
      case 'deleteQueue':
        sql.deleteQueue.run(op.name);
        sql.deleteQueueMessages.run(op.name);
        // RabbitMQ drops a queue's bindings with it; keeping them would resurrect dead routes at recovery.
        return void sql.deleteQueueBindings.run(op.name);
      case 'deleteQueueMessages':
        if (op.exceptSeqs.length === 0) return void sql.deleteQueueMessages.run(op.queue);
        // One statement whatever the number of kept seqs: they travel as a JSON array.
        return void sql.deleteQueueMessagesExcept.run(op.queue, JSON.stringify(op.exceptSeqs));
      case 'putBinding':
        return void putBinding(sql, op.binding);
      case 'deleteBinding':
        return void sql.deleteBinding.run(op.id);
      case 'putJob': {
        const { job } = op;
        return void sql.putJob.run(job.id, job.kind, job.queue, job.status, job.startedAt, JSON.stringify(job));
      }
      default:
        throw new Error(`Unknown topology write: ${JSON.stringify(op satisfies never)}`);
    }
  }
}

function putExchange(sql: Statements, e: ExchangeInfo): void {
  sql.putExchange.run(
    e.name,
    e.type,
    e.durable ? 1 : 0,
    e.autoDelete ? 1 : 0,
    e.internal ? 1 : 0,
    e.alternateExchange ?? null,
    JSON.stringify(e.arguments ?? {}),
  );
}

function putQueue(sql: Statements, q: QueueInfo): void {
  sql.putQueue.run(q.name, q.durable ? 1 : 0, q.autoDelete ? 1 : 0, q.exclusiveOwner ?? null, JSON.stringify(q.arguments ?? {}));
}

function putBinding(sql: Statements, b: BindingInfo): void {
  sql.putBinding.run(b.id, b.source, b.destination, b.destinationType, b.routingKey, JSON.stringify(b.arguments ?? {}));
}
