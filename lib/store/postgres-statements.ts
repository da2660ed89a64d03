/**
 * @module The SQL of the engine's PostgreSQL store, as named statements (node-postgres parses each once per
 * connection). Every statement is scoped to one vhost ($1 where it has one), except what is keyed by the
 * database-wide seq; it must match prisma/postgresql/migrations. Message writes take whole columns as arrays
 * (`unnest`, `= ANY`), so a batch costs one statement per kind of write, not one per message.
 *
 * The dead-letter tally has no triggers on PostgreSQL (see the init migration): the statements that insert or
 * delete messages keep it themselves, in the same statement, from the rows they actually wrote or deleted.
 */
import { MESSAGE_COLUMNS, MESSAGE_SELECT } from './postgres-rows';
import type { StoredCountRow as CountRow } from './sqlite-statements';
import { QUEUE_COLUMNS } from './topology-rows';

/** A stored-counts row as node-postgres gives it (see sqlite-statements): `known` is a boolean. */
export type StoredCountRow = CountRow<boolean>;

export interface NamedStatement {
  name: string;
  text: string;
}

const statement = (name: string, text: string): NamedStatement => ({ name: `switchboard_store_${name}`, text });

/**
 * Only messages whose properties mention "x-death" are tallied, as on SQLite (migration dead_letter_tally): other
 * messages pay one strpos.
 */
export const MENTIONS_DEATH = `strpos(properties, '"x-death"') > 0`;

/**
 * The migration's death key of a row's properties. jsonb refuses a \u0000 escape, so an escaped NUL (which JSON
 * text may hold, a header value from any client) is read as U+FFFD: a commit must not fail over a header. The
 * replacement keeps the JSON valid whatever precedes it; it only changes a key that holds a NUL itself.
 */
export const DEATH_KEY = `dead_letter_death_key(replace(properties, '\\u0000', '\\ufffd'))`;

/**
 * Takes deleted messages off the tally: `gone` is a CTE of deleted rows (vhost, queue, properties). A key's row
 * goes when its count would reach zero (as SQLite's trigger deletes rows with count <= 0), else it is lowered; the
 * two touch disjoint rows, so they can share the statement.
 */
const UNTALLY_GONE = `dead AS (
    SELECT vhost, queue, ${DEATH_KEY} AS death_key, count(*)::int AS n FROM gone WHERE ${MENTIONS_DEATH} GROUP BY 1, 2, 3
  ), emptied AS (
    DELETE FROM dead_letter_tally t USING dead
    WHERE t.vhost = dead.vhost AND t.queue = dead.queue AND t.death_key = dead.death_key AND t.count <= dead.n
  )
  UPDATE dead_letter_tally t SET count = t.count - dead.n FROM dead
  WHERE t.vhost = dead.vhost AND t.queue = dead.queue AND t.death_key = dead.death_key AND t.count > dead.n`;

/** Deletes the messages matching `where` and takes them off the tally, in one statement. */
const deleteMessagesWhere = (where: string) =>
  `WITH gone AS (DELETE FROM messages WHERE ${where} RETURNING vhost, queue, properties), ${UNTALLY_GONE}`;

/**
 * What survives a restart, as RabbitMQ has it: durable, non-exclusive queues and durable exchanges, the bindings
 * between what survives (sources that were never stored, such as built-in exchanges, are kept), and the
 * persistent messages of surviving queues. One vhost at a time.
 */
export const RECOVERY_CLEANUP: NamedStatement[] = [
  statement(
    'recover_bindings_of_exchanges',
    `DELETE FROM bindings WHERE vhost = $1 AND (
       source IN (SELECT name FROM exchanges WHERE vhost = $1 AND NOT durable)
       OR (destination_type = 'exchange' AND destination IN (SELECT name FROM exchanges WHERE vhost = $1 AND NOT durable)))`,
  ),
  statement('recover_exchanges', 'DELETE FROM exchanges WHERE vhost = $1 AND NOT durable'),
  statement('recover_queues', 'DELETE FROM queues WHERE vhost = $1 AND (NOT durable OR exclusive_owner IS NOT NULL)'),
  statement(
    'recover_bindings_of_queues',
    `DELETE FROM bindings WHERE vhost = $1 AND destination_type = 'queue'
       AND destination NOT IN (SELECT name FROM queues WHERE vhost = $1)`,
  ),
];

export const SQL = {
  putExchange: statement(
    'put_exchange',
    `INSERT INTO exchanges (vhost, name, type, durable, auto_delete, internal, alternate_exchange, arguments)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (vhost, name) DO UPDATE SET type = excluded.type, durable = excluded.durable, auto_delete = excluded.auto_delete,
       internal = excluded.internal, alternate_exchange = excluded.alternate_exchange, arguments = excluded.arguments`,
  ),
  deleteExchange: statement('delete_exchange', 'DELETE FROM exchanges WHERE vhost = $1 AND name = $2'),
  deleteExchangeBindings: statement(
    'delete_exchange_bindings',
    "DELETE FROM bindings WHERE vhost = $1 AND (source = $2 OR (destination = $2 AND destination_type = 'exchange'))",
  ),
  putQueue: statement(
    'put_queue',
    `INSERT INTO queues (vhost, name, durable, auto_delete, exclusive_owner, arguments) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (vhost, name) DO UPDATE SET durable = excluded.durable, auto_delete = excluded.auto_delete,
       exclusive_owner = excluded.exclusive_owner, arguments = excluded.arguments`,
  ),
  deleteQueue: statement('delete_queue', 'DELETE FROM queues WHERE vhost = $1 AND name = $2'),
  deleteQueueBindings: statement(
    'delete_queue_bindings',
    "DELETE FROM bindings WHERE vhost = $1 AND destination = $2 AND destination_type = 'queue'",
  ),
  // A wholesale delete drops the queue's tally rows, then its messages without looking at them (no key to compute).
  deleteQueueTally: statement('delete_queue_tally', 'DELETE FROM dead_letter_tally WHERE vhost = $1 AND queue = $2'),
  deleteQueueMessages: statement('delete_queue_messages', 'DELETE FROM messages WHERE vhost = $1 AND queue = $2'),
  // A purge keeps the messages out for delivery ($3): few. The tally is counted again from them rather than
  // lowered for every purged message, which would compute the key of each.
  deleteQueueMessagesExcept: statement(
    'delete_queue_messages_except',
    'DELETE FROM messages WHERE vhost = $1 AND queue = $2 AND seq <> ALL($3::bigint[])',
  ),
  tallyKept: statement(
    'tally_kept',
    `INSERT INTO dead_letter_tally (vhost, queue, death_key, count)
     SELECT vhost, queue, ${DEATH_KEY}, count(*) FROM messages
     WHERE seq = ANY($3::bigint[]) AND vhost = $1 AND queue = $2 AND ${MENTIONS_DEATH}
     GROUP BY 1, 2, 3`,
  ),
  putBinding: statement(
    'put_binding',
    `INSERT INTO bindings (vhost, id, source, destination, destination_type, routing_key, arguments) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (vhost, id) DO UPDATE SET source = excluded.source, destination = excluded.destination,
       destination_type = excluded.destination_type, routing_key = excluded.routing_key, arguments = excluded.arguments`,
  ),
  deleteBinding: statement('delete_binding', 'DELETE FROM bindings WHERE vhost = $1 AND id = $2'),
  putJob: statement(
    'put_job',
    `INSERT INTO jobs (id, vhost, kind, queue, status, started_at, data) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, data = excluded.data`,
  ),
  deleteJob: statement('delete_job', 'DELETE FROM jobs WHERE id = $1'),
  loadJobs: statement('load_jobs', 'SELECT data FROM jobs WHERE vhost = $1 ORDER BY started_at, id COLLATE "C"'),
  /**
   * A batch's messages (see insertParameters: one array per column, the payloads end to end in $16), the tally of
   * those that mention x-death, and the seq high-water ($17: the batch's largest seq), in one statement. Every CTE
   * runs to completion whether read or not.
   */
  insertMessages: statement(
    'insert_messages',
    `WITH stored AS (
       INSERT INTO messages (vhost, ${MESSAGE_COLUMNS})
       SELECT $1::text, seq, queue, priority, message_id, exchange, routing_key, routing_keys,
         substr($16::bytea, payload_offset + 1, payload_length), properties, persistent, published_at, expires_at, delivery_count
       FROM unnest($2::bigint[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::int[],
         $11::text[], $12::boolean[], $13::bigint[], $14::bigint[], $15::int[])
         AS m(seq, queue, priority, message_id, exchange, routing_key, routing_keys, payload_offset, payload_length,
           properties, persistent, published_at, expires_at, delivery_count)
       RETURNING vhost, queue, properties
     ), high_water AS (
       UPDATE message_seq_high_water SET seq = GREATEST(seq, $17::bigint) WHERE id = 1
     )
     INSERT INTO dead_letter_tally (vhost, queue, death_key, count)
     SELECT vhost, queue, ${DEATH_KEY}, count(*) FROM stored WHERE ${MENTIONS_DEATH} GROUP BY 1, 2, 3
     ON CONFLICT (vhost, queue, death_key) DO UPDATE SET count = dead_letter_tally.count + excluded.count`,
  ),
  // Seqs are unique in the database; the vhost only keeps one broker's writes off another's messages.
  updateDeliveryCounts: statement(
    'update_delivery_counts',
    `UPDATE messages SET delivery_count = d.delivery_count FROM unnest($2::bigint[], $3::int[]) AS d(seq, delivery_count)
     WHERE messages.seq = d.seq AND messages.vhost = $1`,
  ),
  deleteMessages: statement('delete_messages', deleteMessagesWhere('seq = ANY($2::bigint[]) AND vhost = $1')),
  loadMessages: statement(
    'load_messages',
    `SELECT ${MESSAGE_SELECT} FROM messages WHERE vhost = $1 AND queue = $2 AND priority = $3 AND seq > $4 ORDER BY seq LIMIT $5`,
  ),
  findMessages: statement(
    'find_messages',
    `SELECT ${MESSAGE_SELECT} FROM messages WHERE vhost = $1 AND queue = $2 AND message_id = $3 ORDER BY priority DESC, seq LIMIT $4`,
  ),
  // Binary order (COLLATE "C"), as SQLite sorts: both stores report topology in the same order.
  recoveredExchanges: statement('recovered_exchanges', 'SELECT * FROM exchanges WHERE vhost = $1 ORDER BY name COLLATE "C"'),
  recoveredQueues: statement('recovered_queues', `SELECT ${QUEUE_COLUMNS} FROM queues WHERE vhost = $1 ORDER BY name COLLATE "C"`),
  recoveredBindings: statement('recovered_bindings', 'SELECT * FROM bindings WHERE vhost = $1 ORDER BY id COLLATE "C"'),
  // One read of every stored message row. octet_length of a BYTEA reads its size from the (TOAST) header: the
  // payloads themselves are not fetched. Raw rows: at 100,000 queues a row object per group costs more.
  storedCounts: statement(
    'stored_counts',
    `SELECT queue, priority, count(*) FILTER (WHERE persistent),
       COALESCE(sum(octet_length(payload)) FILTER (WHERE persistent), 0)::bigint,
       min(seq) FILTER (WHERE persistent), min(published_at) FILTER (WHERE persistent),
       min(expires_at) FILTER (WHERE persistent), count(*), queue IN (SELECT name FROM queues WHERE vhost = $1)
     FROM messages WHERE vhost = $1 GROUP BY queue, priority ORDER BY queue, priority`,
  ),
  // What a restart drops: transient messages, and the messages of queues that are not stored (any more).
  deleteStaleMessages: statement(
    'delete_stale_messages',
    deleteMessagesWhere('vhost = $1 AND (NOT persistent OR queue NOT IN (SELECT name FROM queues WHERE vhost = $1))'),
  ),
  deadLetterCounts: statement(
    'dead_letter_counts',
    'SELECT queue, death_key AS "deathKey", count FROM dead_letter_tally WHERE vhost = $1 AND count <> 0 ORDER BY queue COLLATE "C"',
  ),
  // The high-water row holds the largest seq any commit inserted, even after those rows are deleted. It is the
  // database's, not a vhost's: the brokers of all vhosts share one sequence. MAX(seq) also covers rows that some
  // other writer stored without raising it.
  maxSeq: statement(
    'max_seq',
    `SELECT GREATEST(COALESCE((SELECT seq FROM message_seq_high_water WHERE id = 1), 0),
                     COALESCE((SELECT max(seq) FROM messages), 0)) AS "maxSeq"`,
  ),
  deleteVhost: ['bindings', 'exchanges', 'queues', 'dead_letter_tally', 'messages', 'jobs'].map((table) =>
    statement(`delete_vhost_${table}`, `DELETE FROM ${table} WHERE vhost = $1`),
  ),
  // Not LIKE: a percent-encoded vhost is full of '%'.
  deleteRollupsWithPrefix: statement('delete_rollups_with_prefix', 'DELETE FROM metric_rollups WHERE starts_with(entity, $1)'),
  deleteRollupsWithoutPrefix: statement('delete_rollups_without_prefix', 'DELETE FROM metric_rollups WHERE NOT starts_with(entity, $1)'),
};
