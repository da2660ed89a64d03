/**
 * @module The SQL of the engine's SQLite store, prepared once per connection. Every statement is scoped to one
 * vhost, except what is keyed by the database-wide seq; it must match prisma/migrations.
 */
import type Database from 'better-sqlite3';
import type { StoredDeathCount } from '../engine/store';
import type { ExchangeRow, MessageRow, QueueRow } from './sqlite-rows';
import { QUEUE_COLUMNS, type BindingRow } from './topology-rows';

export const MESSAGE_COLUMNS = [
  'seq, queue, priority, message_id, exchange, routing_key, routing_keys, payload,',
  'properties, persistent, published_at, expires_at, delivery_count',
].join(' ');

/**
 * What survives a restart, as RabbitMQ has it: durable, non-exclusive queues and durable exchanges, the bindings
 * between what survives (sources that were never stored, such as built-in exchanges, are kept), and the
 * persistent messages of surviving queues. One vhost at a time.
 */
const RECOVERY_CLEANUP = [
  `DELETE FROM bindings WHERE vhost = @vhost AND (
     source IN (SELECT name FROM exchanges WHERE vhost = @vhost AND durable = 0)
     OR (destination_type = 'exchange' AND destination IN (SELECT name FROM exchanges WHERE vhost = @vhost AND durable = 0)))`,
  'DELETE FROM exchanges WHERE vhost = @vhost AND durable = 0',
  'DELETE FROM queues WHERE vhost = @vhost AND (durable = 0 OR exclusive_owner IS NOT NULL)',
  `DELETE FROM bindings WHERE vhost = @vhost AND destination_type = 'queue'
     AND destination NOT IN (SELECT name FROM queues WHERE vhost = @vhost)`,
];

/**
 * Per queue and priority: the figures of the persistent messages (what survives), how many messages are stored in
 * all, and whether the queue is still stored. A raw row, in this column order; `Known` is how the driver gives a
 * boolean (SQLite: 1 or 0; PostgreSQL: a boolean).
 */
export type StoredCountRow<Known = 0 | 1> = [
  queue: string,
  priority: number,
  count: number,
  bytes: number,
  minSeq: number | null,
  oldestPublishedAt: number | null,
  nextExpiresAt: number | null,
  stored: number,
  known: Known,
];

export type Statements = ReturnType<typeof prepareStatements>;

export function prepareStatements(db: Database.Database) {
  return {
    putExchange: db.prepare(
      `INSERT INTO exchanges (vhost, name, type, durable, auto_delete, internal, alternate_exchange, arguments)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (vhost, name) DO UPDATE SET type = excluded.type, durable = excluded.durable, auto_delete = excluded.auto_delete,
         internal = excluded.internal, alternate_exchange = excluded.alternate_exchange, arguments = excluded.arguments`,
    ),
    deleteExchange: db.prepare('DELETE FROM exchanges WHERE vhost = ? AND name = ?'),
    deleteExchangeBindings: db.prepare(
      "DELETE FROM bindings WHERE vhost = @vhost AND (source = @name OR (destination = @name AND destination_type = 'exchange'))",
    ),
    putQueue: db.prepare(
      `INSERT INTO queues (vhost, name, durable, auto_delete, exclusive_owner, arguments) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (vhost, name) DO UPDATE SET durable = excluded.durable, auto_delete = excluded.auto_delete,
         exclusive_owner = excluded.exclusive_owner, arguments = excluded.arguments`,
    ),
    deleteQueue: db.prepare('DELETE FROM queues WHERE vhost = ? AND name = ?'),
    // Before a wholesale delete of a queue's messages: the tally's triggers then skip every row (migration dead_letter_tally).
    deleteQueueTally: db.prepare('DELETE FROM dead_letter_tally WHERE vhost = ? AND queue = ?'),
    deleteQueueMessages: db.prepare('DELETE FROM messages WHERE vhost = ? AND queue = ?'),
    deleteQueueMessagesExcept: db.prepare(
      'DELETE FROM messages WHERE vhost = ? AND queue = ? AND seq NOT IN (SELECT value FROM json_each(?))',
    ),
    deleteQueueBindings: db.prepare("DELETE FROM bindings WHERE vhost = ? AND destination = ? AND destination_type = 'queue'"),
    putBinding: db.prepare(
      `INSERT INTO bindings (vhost, id, source, destination, destination_type, routing_key, arguments) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (vhost, id) DO UPDATE SET source = excluded.source, destination = excluded.destination,
         destination_type = excluded.destination_type, routing_key = excluded.routing_key, arguments = excluded.arguments`,
    ),
    deleteBinding: db.prepare('DELETE FROM bindings WHERE vhost = ? AND id = ?'),
    putJob: db.prepare(
      `INSERT INTO jobs (id, vhost, kind, queue, status, started_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, data = excluded.data`,
    ),
    deleteJob: db.prepare<[string]>('DELETE FROM jobs WHERE id = ?'),
    loadJobs: db.prepare<[string], { data: string }>('SELECT data FROM jobs WHERE vhost = ? ORDER BY started_at, id'),
    insertMessage: db.prepare(`INSERT INTO messages (vhost, ${MESSAGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    // Seqs are unique in the database; the vhost only keeps one broker's writes off another's messages. Its unary
    // `+` keeps the planner on the rowid: the vhost's index would scan every message of the vhost.
    updateDeliveryCount: db.prepare('UPDATE messages SET delivery_count = ? WHERE seq = ? AND +vhost = ?'),
    // One statement for a whole batch: half the time of one DELETE per seq (the seqs travel as a JSON array).
    deleteMessages: db.prepare('DELETE FROM messages WHERE seq IN (SELECT value FROM json_each(?)) AND +vhost = ?'),
    loadMessages: db.prepare<[string, string, number, number, number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE vhost = ? AND queue = ? AND priority = ? AND seq > ? ORDER BY seq LIMIT ?`,
    ),
    findMessages: db.prepare<[string, string, string, number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE vhost = ? AND queue = ? AND message_id = ? ORDER BY priority DESC, seq LIMIT ?`,
    ),
    recoveryCleanup: RECOVERY_CLEANUP.map((sql) => db.prepare<[{ vhost: string }]>(sql)),
    recoveredExchanges: db.prepare<[string], ExchangeRow>('SELECT * FROM exchanges WHERE vhost = ? ORDER BY name'),
    recoveredQueues: db.prepare<[string], QueueRow>(`SELECT ${QUEUE_COLUMNS} FROM queues WHERE vhost = ? ORDER BY name`).raw(),
    recoveredBindings: db.prepare<[string], BindingRow>('SELECT * FROM bindings WHERE vhost = ? ORDER BY id'),
    // One read of every stored message row (LENGTH of a blob comes from the row's header, its bytes are not read).
    // Raw rows: at 100,000 queues, a row object per group costs more than building the ReadyCount from an array.
    storedCounts: db
      .prepare<[{ vhost: string }], StoredCountRow>(
        `SELECT queue, priority, SUM(persistent <> 0), COALESCE(SUM(CASE WHEN persistent <> 0 THEN LENGTH(payload) END), 0),
           MIN(CASE WHEN persistent <> 0 THEN seq END), MIN(CASE WHEN persistent <> 0 THEN published_at END),
           MIN(CASE WHEN persistent <> 0 THEN expires_at END), COUNT(*), queue IN (SELECT name FROM queues WHERE vhost = @vhost)
         FROM messages WHERE vhost = @vhost GROUP BY queue, priority ORDER BY queue, priority`,
      )
      .raw(),
    // What a restart drops: transient messages, and the messages of queues that are not stored (any more).
    deleteStaleMessages: db.prepare<[{ vhost: string }]>(
      `DELETE FROM messages WHERE vhost = @vhost
         AND (persistent = 0 OR queue NOT IN (SELECT name FROM queues WHERE vhost = @vhost))`,
    ),
    // Kept by triggers (migration dead_letter_tally): a few rows per queue, whatever its depth.
    deadLetterCounts: db.prepare<[string], StoredDeathCount>(
      'SELECT queue, death_key AS deathKey, count FROM dead_letter_tally WHERE vhost = ? AND count <> 0 ORDER BY queue',
    ),
    // AUTOINCREMENT keeps the largest seq ever inserted in sqlite_sequence, even after those rows are deleted.
    // It is the database's, not a vhost's: the brokers of all vhosts share one sequence.
    maxSeq: db.prepare<[], { maxSeq: number }>(
      `SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'messages'), 0),
                  COALESCE((SELECT MAX(seq) FROM messages), 0)) AS maxSeq`,
    ),
    deleteVhost: ['bindings', 'exchanges', 'queues', 'dead_letter_tally', 'messages', 'jobs'].map((table) =>
      db.prepare<[string]>(`DELETE FROM ${table} WHERE vhost = ?`),
    ),
    // Not LIKE: a percent-encoded vhost is full of '%'.
    deleteRollupsWithPrefix: db.prepare<[{ prefix: string }]>(
      'DELETE FROM metric_rollups WHERE substr(entity, 1, length(@prefix)) = @prefix',
    ),
    deleteRollupsWithoutPrefix: db.prepare<[{ prefix: string }]>(
      'DELETE FROM metric_rollups WHERE substr(entity, 1, length(@prefix)) <> @prefix',
    ),
  };
}
