/**
 * @module The store's dead-letter tally (kept by triggers on messages) against a count of the stored messages
 * themselves, through random inserts and deletes of every shape of x-death header, purges, queue and vhost deletes,
 * restarts, and a database whose messages were stored before the tally existed.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countMessages } from '../engine/queue/dead-letter-tally';
import type { RecoveredState } from '../engine/store';
import type { QueuedMessage } from '../engine/types';
import { DEATH_SHAPES, seededRandom, tallyAfterRecovery } from './dead-letter-tally-fixtures';
import { migrateDatabase, readMigrations } from './migrate';
import { MESSAGE_COLUMNS } from './sqlite-statements';
import { SqliteStore } from './sqlite-store';
import { batch, message, queue, topology } from './store-contract-fixtures';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-dl-tally-'));
  file = path.join(dir, 'store.db');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const random = seededRandom;
const SHAPES = DEATH_SHAPES;

/** What the engine's counters start from after a restart, for one queue. */
function countsAfterRecovery(state: RecoveredState, name: string) {
  const tally = tallyAfterRecovery(state, name);
  return { counts: tally.counts(), exchanges: tally.sourceExchanges().sort() };
}

function reference(messages: QueuedMessage[]) {
  const exchanges = new Set<string>();
  for (const m of messages) {
    const deaths = m.properties.headers?.['x-death'];
    const newest = Array.isArray(deaths) ? (deaths[0] as { exchange?: unknown }) : undefined;
    if (typeof newest === 'object' && newest !== null && typeof newest.exchange === 'string') exchanges.add(newest.exchange);
  }
  return { counts: countMessages(messages), exchanges: [...exchanges].sort() };
}

describe("the store's dead-letter tally", () => {
  it('equals a count of the stored messages after random inserts, deletes, purges and restarts', async () => {
    let store = SqliteStore.open(file);
    try {
      const names = ['dlq', 'other'];
      for (const name of names) await store.commit(topology({ op: 'putQueue', queue: queue(name) }));
      const stored = new Map<number, QueuedMessage>();
      const below = random(11);
      let seq = 0;
      for (let round = 0; round < 60; round++) {
        const inserts = Array.from({ length: 1 + below(20) }, () =>
          message(++seq, names[below(2)], { properties: SHAPES[below(SHAPES.length)], priority: below(3) }),
        );
        for (const m of inserts) stored.set(m.seq, m);
        const deletes = [...stored.keys()].filter(() => below(6) === 0);
        for (const s of deletes) stored.delete(s);
        await store.commit(batch({ inserts, deletes }));
        if (below(15) === 0) {
          const keep = [...stored.values()].filter((m) => m.queue === 'dlq' && below(3) === 0).map((m) => m.seq);
          for (const m of [...stored.values()]) if (m.queue === 'dlq' && !keep.includes(m.seq)) stored.delete(m.seq);
          await store.commit(topology({ op: 'deleteQueueMessages', queue: 'dlq', exceptSeqs: keep }));
        }
        if (below(8) === 0) {
          await store.close();
          store = SqliteStore.open(file);
        }
        const state = await store.recover();
        for (const name of names) {
          const messages = [...stored.values()].filter((m) => m.queue === name);
          expect(countsAfterRecovery(state, name), `round ${round}, ${name}`).toEqual(reference(messages));
        }
      }
    } finally {
      await store.close();
    }
  });

  it('forgets a deleted queue and a deleted vhost, and keeps vhosts apart', async () => {
    const store = SqliteStore.open(file);
    try {
      const dead = { headers: { 'x-death': [{ reason: 'rejected', queue: 'src' }] } } as never;
      await store.commit(topology({ op: 'putQueue', queue: queue('q') }));
      await store.commit(topology({ op: 'putQueue', queue: queue('q') }), 'other');
      await store.commit(batch({ inserts: [message(1, 'q', { properties: dead }), message(2, 'q', { properties: dead })] }));
      await store.commit(batch({ inserts: [message(3, 'q', { properties: dead })] }), 'other');
      expect((await store.recover()).deadLetterCounts).toEqual([{ queue: 'q', deathKey: '["rejected","src",null]', count: 2 }]);
      expect((await store.recover('other')).deadLetterCounts).toEqual([{ queue: 'q', deathKey: '["rejected","src",null]', count: 1 }]);

      await store.commit(topology({ op: 'putQueue', queue: queue('purged') }));
      await store.commit(batch({ inserts: [message(4, 'purged', { properties: dead })] }));
      await store.commit(topology({ op: 'deleteQueueMessages', queue: 'purged', exceptSeqs: [] }));
      await store.commit(batch({ inserts: [message(5, 'purged', { properties: dead })] }));
      expect((await store.recover()).deadLetterCounts).toContainEqual({ queue: 'purged', deathKey: '["rejected","src",null]', count: 1 });
      await store.commit(topology({ op: 'deleteQueueMessages', queue: 'purged', exceptSeqs: [] }));

      await store.commit(topology({ op: 'deleteQueue', name: 'q' }));
      await store.deleteVhost('other');
      expect((await store.recover()).deadLetterCounts).toEqual([]);
      expect((await store.recover('other')).deadLetterCounts).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('counts the messages of a database stored before the tally existed, once, as it migrates', async () => {
    const migrations = readMigrations(path.resolve('prisma/migrations'));
    const before = path.join(dir, 'migrations-before');
    for (const m of migrations.filter((m) => m.name < '20261203090000')) {
      fs.mkdirSync(path.join(before, m.name), { recursive: true });
      fs.writeFileSync(path.join(before, m.name, 'migration.sql'), m.sql);
    }
    const db = new Database(file);
    migrateDatabase(db, before);
    const messages = SHAPES.map((properties, i) => message(i + 1, 'old', { properties }));
    db.prepare(`INSERT INTO queues (vhost, name, durable, auto_delete, arguments) VALUES ('/', 'old', 1, 0, '{}')`).run();
    const insert = db.prepare(`INSERT INTO messages (vhost, ${MESSAGE_COLUMNS}) VALUES ('/', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const m of messages) {
      const { seq, queue: name, priority, messageId, exchange, routingKey, routingKeys, payload, properties, publishedAt } = m;
      insert.run(seq, name, priority, messageId, exchange, routingKey, JSON.stringify(routingKeys), payload, JSON.stringify(properties), 1, publishedAt, null, 0);
    }
    db.close();

    const store = SqliteStore.open(file);
    try {
      expect(countsAfterRecovery(await store.recover(), 'old')).toEqual(reference(messages));
    } finally {
      await store.close();
    }
  });
});
