import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobRecord } from '../engine/jobs/job';
import { vhostMetricsHistory } from '../engine/metrics/vhost-metrics-history';
import { migrateSqlite } from './migrate';
import { SqliteStore } from './sqlite-store';
import { message } from './store-contract-fixtures';

const migrationsDir = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));
const VHOSTS_MIGRATION = '20261203030000_vhosts';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-migrate-vhosts-'));
  file = path.join(dir, 'upgrade.db');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The project's migrations up to, not including, the one that brought vhosts. */
function migrationsBeforeVhosts(): string {
  const copy = path.join(dir, 'migrations-before-vhosts');
  fs.mkdirSync(copy);
  for (const name of fs.readdirSync(migrationsDir)) {
    if (name < VHOSTS_MIGRATION) fs.cpSync(path.join(migrationsDir, name), path.join(copy, name), { recursive: true });
  }
  return copy;
}

const replay: JobRecord = {
  id: 'job-1',
  kind: 'replay',
  queue: 'orders.dlq',
  status: 'paused',
  total: 2,
  done: 1,
  skipped: 0,
  failed: 0,
  startedAt: 1_700_000_000_000,
  spec: { to: 'source', filter: {}, maxRedrives: 5, maxSeq: 7 },
  cursor: 'c',
};

const storedMessages = [
  message(1, 'orders', { priority: 3, payload: Buffer.from([0, 1, 255]), properties: { headers: { a: 1 } }, deliveryCount: 2 }),
  message(2, 'orders', { expiresAt: 1_800_000_000_000 }),
  message(4, 'orders.dlq', { exchange: '', routingKey: 'orders.dlq', routingKeys: ['orders.dlq'] }),
];

/** A database as Switchboard wrote it before vhosts: topology, messages (one seq gone), a job and a rollup. */
function writeBeforeVhosts(db: Database.Database): void {
  db.prepare(
    `INSERT INTO exchanges (name, type, durable, auto_delete, internal, alternate_exchange, arguments)
     VALUES ('orders', 'topic', 1, 0, 0, 'unrouted', '{"x":1}'), ('amq.direct', 'direct', 1, 0, 0, NULL, '{}')`,
  ).run();
  db.prepare(
    `INSERT INTO queues (name, durable, auto_delete, exclusive_owner, arguments)
     VALUES ('orders', 1, 0, NULL, '{"maxPriority":5}'), ('orders.dlq', 1, 0, NULL, '{}')`,
  ).run();
  db.prepare(
    `INSERT INTO bindings (id, source, destination, destination_type, routing_key, arguments)
     VALUES ('b-1', 'orders', 'orders', 'queue', 'orders.#', '{}')`,
  ).run();
  const insert = db.prepare(
    `INSERT INTO messages (seq, queue, priority, message_id, exchange, routing_key, routing_keys, payload, properties,
       persistent, published_at, expires_at, delivery_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const m of storedMessages) {
    insert.run(m.seq, m.queue, m.priority, m.messageId, m.exchange, m.routingKey, JSON.stringify(m.routingKeys), m.payload,
      JSON.stringify(m.properties), 1, m.publishedAt, m.expiresAt, m.deliveryCount);
  }
  // The largest seq ever stored is gone; sqlite_sequence must still remember it after the upgrade.
  insert.run(9, 'orders', 0, 'gone', 'orders', 'k', '[]', Buffer.alloc(0), '{}', 1, 0, null, 0);
  db.prepare('DELETE FROM messages WHERE seq = 9').run();
  db.prepare('INSERT INTO jobs (id, kind, queue, status, started_at, data) VALUES (?, ?, ?, ?, ?, ?)').run(
    replay.id, replay.kind, replay.queue, replay.status, replay.startedAt, JSON.stringify(replay));
  db.prepare(
    `INSERT INTO metric_rollups VALUES ('queue:orders', 60000, 60000, 4, 3, 2, 1, 0, 2, 1, 500, '', '')`,
  ).run();
}

describe(`the ${VHOSTS_MIGRATION} migration`, () => {
  it('upgrades a database in place: everything stored before becomes vhost /, and nothing is lost', async () => {
    migrateSqlite(file, migrationsBeforeVhosts());
    const before = new Database(file);
    writeBeforeVhosts(before);
    before.close();

    expect(migrateSqlite(file, migrationsDir).applied).toContain(VHOSTS_MIGRATION);
    const raw = new Database(file, { readonly: true });
    for (const table of ['exchanges', 'queues', 'bindings', 'messages', 'jobs']) {
      expect(raw.prepare(`SELECT DISTINCT vhost FROM ${table}`).pluck().all(), table).toEqual(['/']);
    }
    raw.close();

    const store = SqliteStore.open(file, migrationsDir);
    try {
      const state = await store.recover();
      expect(state.exchanges.map((x) => x.name)).toEqual(['amq.direct', 'orders']);
      expect(state.exchanges[1]).toEqual({
        name: 'orders', type: 'topic', durable: true, autoDelete: false, internal: false, alternateExchange: 'unrouted', arguments: { x: 1 },
      });
      expect(state.queues.map((q) => [q.name, q.arguments])).toEqual([['orders', { maxPriority: 5 }], ['orders.dlq', {}]]);
      expect(state.bindings.map((b) => [b.id, b.source, b.destination, b.routingKey])).toEqual([['b-1', 'orders', 'orders', 'orders.#']]);
      expect(state.readyCounts.map((c) => [c.queue, c.priority, c.count])).toEqual([['orders', 0, 1], ['orders', 3, 1], ['orders.dlq', 0, 1]]);
      expect(state.maxSeq).toBe(9);
      expect(await store.loadMessages('orders', 3, 0, 10)).toStrictEqual([storedMessages[0]]);
      expect(await store.loadMessages('orders', 0, 0, 10)).toStrictEqual([storedMessages[1]]);
      expect(await store.findMessages('orders.dlq', 'm-4', 10)).toStrictEqual([storedMessages[2]]);
      expect(await store.loadJobs()).toEqual([replay]);
      const history = vhostMetricsHistory(store.metricsHistory(), '/');
      expect((await history.read('queue:orders', 60_000, 0, 120_000)).map((r) => r.publish)).toEqual([4]);

      // Another vhost starts empty, above every seq of the database.
      expect(await store.forVhost('other').recover()).toEqual({ exchanges: [], queues: [], bindings: [], readyCounts: [], deadLetterCounts: [], maxSeq: 9 });
      expect(await vhostMetricsHistory(store.metricsHistory(), 'other').read('queue:orders', 60_000, 0, 120_000)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
