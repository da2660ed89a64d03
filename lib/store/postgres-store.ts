/**
 * @module The engine's Store on PostgreSQL: node-postgres on one connection of its own, named statements, one
 * transaction per batch. It bypasses Prisma on purpose (hot path); its SQL must match prisma/postgresql/migrations.
 *
 * One `pg.Client`, not a pool: every operation runs on it in call order, one at a time. Commits would queue anyway
 * (each vhost's engine sends one batch at a time, and every batch that inserts raises the one seq high-water row,
 * whose lock would line up concurrent transactions), the reads (paging messages in, finding them by id) are few and
 * short, and one connection keeps the database's order of writes the order the engine made them, across vhosts.
 * Nothing else may use the connection: a query slipped between BEGIN and COMMIT would join the batch. A lost
 * connection is replaced at the next operation.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { JobRecord } from '../engine/jobs/job';
import { rollupEntityPrefix, VHOST_ENTITY_MARK } from '../engine/metrics/vhost-metrics-history';
import { DEFAULT_VHOST, type RecoveredState, type SharedStore, type Store, type TopologyWrite, type WriteBatch } from '../engine/store';
import type { QueuedMessage } from '../engine/types';
import { migratePostgres } from './migrate-postgres';
import { recoverVhost } from './postgres-recovery';
import { insertChunks, insertParameters, messageFromRow, STORE_TYPES, toPostgresText, type MessageRow } from './postgres-rows';
import { SQL, type NamedStatement } from './postgres-statements';
import { parsePostgresUrl, quoteIdentifier, type PostgresTarget } from './postgres-url';
import { type VhostAwareStore, vhostStoreView } from './vhost-store-view';

/**
 * Where the store's connection comes from when it is not its own: the active process's lease (postgres-lease.ts),
 * whose connection holds the advisory lock, so every commit is fenced by it.
 */
export interface PostgresSession {
  /** The connection the store starts on: connected, its search_path on the URL's schema. */
  client: pg.Client;
  /** A new connection after the last was lost; rejects when this process may no longer write (the lock is gone). */
  reconnect(): Promise<pg.Client>;
}

/** What a probe writes (and deletes in the same transaction): a real write, as a commit's is. */
export const PROBE_BYTES = 64 * 1024;

/**
 * Every vhost of the database on one connection. As a plain Store it is vhost `/`; each operation takes another
 * vhost as its last argument, and {@link PostgresStore.forVhost} gives a vhost's broker its own Store.
 */
export class PostgresStore implements SharedStore, VhostAwareStore {
  readonly kind = 'postgres' as const;
  /** Undefined after the connection was lost: the next operation connects again. */
  private client: pg.Client | undefined;
  /** The last operation queued: each waits for the one before, so they never share the connection at once. */
  private tail: Promise<unknown> = Promise.resolve();
  private closing: Promise<void> | undefined;
  private closed = false;

  /**
   * Connects to `url` (its `?schema=`, default `public`), or starts on the session's connection, applies pending
   * migrations, and returns the store.
   */
  static async open(url: string, options: { migrationsDir?: string; session?: PostgresSession } = {}): Promise<PostgresStore> {
    const target = parsePostgresUrl(url);
    const client = options.session?.client ?? (await connectPostgres(target));
    try {
      await migratePostgres(client, target.schema, options.migrationsDir);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    return new PostgresStore(client, options.session?.reconnect ?? (() => connectPostgres(target)));
  }

  private constructor(
    client: pg.Client,
    private readonly reconnect: () => Promise<pg.Client>,
  ) {
    this.adopt(client);
  }

  forVhost(vhost: string): Store {
    return vhostStoreView(this, vhost);
  }

  /** Drops the vhost's transient topology and messages, then reports what it has stored (maxSeq: the database's). */
  async recover(vhost: string = DEFAULT_VHOST): Promise<RecoveredState> {
    return this.transaction((client) => recoverVhost(client, vhost));
  }

  /**
   * Topology writes in order, then inserts, delivery counts and deletes, in one transaction. It resolves once
   * PostgreSQL has committed it, durably under its default synchronous_commit. An empty batch writes nothing but
   * still needs a connection: after a lost one, it is what proves the database answers again.
   */
  async commit(batch: WriteBatch, vhost: string = DEFAULT_VHOST): Promise<void> {
    const { topology, inserts, deliveries, deletes } = batch;
    if (topology.length + inserts.length + deliveries.length + deletes.length === 0) return this.run(async () => undefined);
    return this.transaction(async (client) => {
      for (const op of topology) await applyTopology(client, op, vhost);
      for (const chunk of insertChunks(inserts)) await client.query({ ...SQL.insertMessages, values: insertParameters(vhost, chunk) });
      if (deliveries.length) {
        // One row per seq (the last count wins, as one UPDATE per delivery would leave it): UPDATE ... FROM takes
        // an arbitrary one of several matching rows.
        const counts = new Map(deliveries.map((d) => [d.seq, d.deliveryCount]));
        await client.query({ ...SQL.updateDeliveryCounts, values: [vhost, [...counts.keys()], [...counts.values()]] });
      }
      if (deletes.length) await client.query({ ...SQL.deleteMessages, values: [vhost, deletes] });
    });
  }

  async loadMessages(queue: string, priority: number, afterSeq: number, limit: number, vhost: string = DEFAULT_VHOST): Promise<QueuedMessage[]> {
    return this.run(async (client) => {
      const { rows } = await client.query<MessageRow>({ ...SQL.loadMessages, values: [vhost, queue, priority, afterSeq, limit] });
      return rows.map(messageFromRow);
    });
  }

  async findMessages(queue: string, messageId: string, limit: number, vhost: string = DEFAULT_VHOST): Promise<QueuedMessage[]> {
    return this.run(async (client) => {
      const { rows } = await client.query<MessageRow>({ ...SQL.findMessages, values: [vhost, queue, toPostgresText(messageId), limit] });
      return rows.map(messageFromRow);
    });
  }

  async loadJobs(vhost: string = DEFAULT_VHOST): Promise<JobRecord[]> {
    return this.run(async (client) => {
      const { rows } = await client.query<{ data: string }>({ ...SQL.loadJobs, values: [vhost] });
      return rows.map((row) => JSON.parse(row.data) as JobRecord);
    });
  }

  async deleteVhost(vhost: string): Promise<void> {
    const prefix = rollupEntityPrefix(vhost);
    await this.transaction(async (client) => {
      for (const deleteRows of SQL.deleteVhost) await client.query({ ...deleteRows, values: [vhost] });
      // The rollups of `/` are the ones no other vhost marked as its own.
      if (prefix === '') await client.query({ ...SQL.deleteRollupsWithoutPrefix, values: [VHOST_ENTITY_MARK] });
      else await client.query({ ...SQL.deleteRollupsWithPrefix, values: [prefix] });
    });
  }

  /**
   * Proves the database takes writes: writes {@link PROBE_BYTES} (random, so they do not compress away) and deletes
   * them in one committed transaction, connecting first if the connection was lost. Rejects with PostgreSQL's or
   * the network's error while it cannot.
   */
  async probe(): Promise<void> {
    // An id of its own: probes of several processes on one database never wait for each other's row.
    const id = `switchboard-probe:${randomUUID()}`;
    const data = randomBytes(PROBE_BYTES / 2).toString('hex');
    await this.transaction(async (client) => {
      await client.query({ ...SQL.putJob, values: [id, id, 'probe', '', 'probe', 0, data] });
      await client.query({ ...SQL.deleteJob, values: [id] });
    });
  }

  /** Waits for the operations already queued, then closes the connection; later operations reject. */
  async close(): Promise<void> {
    if (!this.closing) {
      this.closing = this.tail.then(async () => {
        this.closed = true;
        const client = this.client;
        this.client = undefined;
        await client?.end();
      });
      this.tail = this.closing.catch(() => undefined);
    }
    return this.closing;
  }

  /**
   * Runs `work` on the store's connection in turn with its operations (the lease's heartbeat goes this way, so it
   * proves the very connection the commits use). `work` must not leave a transaction open.
   */
  withConnection<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    return this.run(work);
  }

  /** Runs `work` on the connection once every operation queued before it is done (connecting if there is none). */
  private run<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const result = this.tail.then(async () => {
      if (this.closed) throw new Error('The PostgreSQL store is closed');
      const client = this.client ?? this.adopt(await this.reconnect());
      try {
        return await work(client);
      } catch (error) {
        // The connection itself failed (not a statement): the next operation starts on a new one.
        if (connectionLost(error)) this.drop(client);
        throw error;
      }
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** {@link run} inside one transaction: all of `work`'s writes are committed, or none (and it rejects). */
  private transaction<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    return this.run(async (client) => {
      await client.query('BEGIN');
      try {
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // Fails too if the connection is gone, and then the server has rolled back already.
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  private adopt(client: pg.Client): pg.Client {
    this.client = client;
    // An idle connection that breaks (server restart, failover, terminated backend) emits 'error' then 'end';
    // without a listener the error would end the process.
    client.on('error', (error) => {
      // Said once per connection: its end follows with an error of its own.
      if (this.client === client && !this.closed) {
        console.error(`switchboard: the PostgreSQL store's connection failed (${error.message}); it reconnects at the next operation`);
      }
      this.drop(client);
    });
    client.on('end', () => this.drop(client));
    return client;
  }

  private drop(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
  }
}

/** A connection of the store: its BIGINT parsing, and its search_path on the URL's schema. */
export async function connectPostgres(target: PostgresTarget): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: target.connectionString,
    types: STORE_TYPES,
    // Names the connection in pg_stat_activity unless the URL's application_name does.
    fallback_application_name: 'switchboard',
    // A connection whose peer vanished without a word is noticed, and a server that does not answer is given up on.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    connectionTimeoutMillis: 10_000,
  });
  // An 'error' event without a listener would end the process: this one covers the time until the store adopts it.
  const ignore = () => undefined;
  client.on('error', ignore);
  await client.connect();
  try {
    await client.query(`SET search_path TO ${quoteIdentifier(target.schema)}`);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return client;
}

/**
 * Whether an operation failed because the connection did, not one statement: a network error, or PostgreSQL's
 * connection exception (08) and operator intervention (57P: terminated, shutting down, starting up) classes.
 */
function connectionLost(error: unknown): boolean {
  if (!(error instanceof pg.DatabaseError)) return true;
  const code = error.code ?? '';
  return code.startsWith('08') || code.startsWith('57P');
}

async function applyTopology(client: pg.ClientBase, op: TopologyWrite, vhost: string): Promise<void> {
  const exec = (statement: NamedStatement, ...values: unknown[]) => client.query({ ...statement, values: [vhost, ...values] });
  switch (op.op) {
    case 'putExchange': {
      const e = op.exchange;
      await exec(SQL.putExchange, e.name, e.type, e.durable, e.autoDelete, e.internal, e.alternateExchange ?? null, JSON.stringify(e.arguments ?? {}));
      return;
    }
    case 'deleteExchange':
      await exec(SQL.deleteExchange, op.name);
      await exec(SQL.deleteExchangeBindings, op.name);
      return;
    case 'putQueue': {
      const q = op.queue;
      await exec(SQL.putQueue, q.name, q.durable, q.autoDelete, q.exclusiveOwner ?? null, JSON.stringify(q.arguments ?? {}));
      return;
    }
    case 'deleteQueue':
      await exec(SQL.deleteQueue, op.name);
      // The tally's rows first, then the messages wholesale: no death key is computed for them.
      await exec(SQL.deleteQueueTally, op.name);
      await exec(SQL.deleteQueueMessages, op.name);
      // RabbitMQ drops a queue's bindings with it; keeping them would resurrect dead routes at recovery.
      await exec(SQL.deleteQueueBindings, op.name);
      return;
    case 'deleteQueueMessages':
      if (op.exceptSeqs.length === 0) {
        await exec(SQL.deleteQueueTally, op.queue);
        await exec(SQL.deleteQueueMessages, op.queue);
        return;
      }
      // One statement whatever the number of kept seqs (they travel as one array); the tally is then counted
      // again from the few messages kept.
      await exec(SQL.deleteQueueMessagesExcept, op.queue, op.exceptSeqs);
      await exec(SQL.deleteQueueTally, op.queue);
      await exec(SQL.tallyKept, op.queue, op.exceptSeqs);
      return;
    case 'putBinding': {
      const b = op.binding;
      await exec(SQL.putBinding, b.id, b.source, b.destination, b.destinationType, toPostgresText(b.routingKey), JSON.stringify(b.arguments ?? {}));
      return;
    }
    case 'deleteBinding':
      await exec(SQL.deleteBinding, op.id);
      return;
    case 'putJob': {
      const { job } = op;
      // The job's id comes first in its statement: the vhost is its second column.
      await client.query({ ...SQL.putJob, values: [job.id, vhost, job.kind, job.queue, job.status, job.startedAt, JSON.stringify(job)] });
      return;
    }
    default:
      throw new Error(`Unknown topology write: ${JSON.stringify(op satisfies never)}`);
  }
}
