/**
 * PostgresStore on the PostgreSQL at TEST_POSTGRES_URL (runs only when it is set): the Store contract, then what is
 * PostgreSQL's own (the dead-letter tally kept by the store's statements, the seq high-water row, rollback of a whole
 * batch, one connection shared by every vhost, reconnecting). Each harness works in a schema of its own, dropped after.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countMessages } from '../engine/queue/dead-letter-tally';
import type { RecoveredState, SharedStore } from '../engine/store';
import type { MessageProperties, QueuedMessage } from '../engine/types';
import { DEATH_SHAPES, seededRandom, tallyAfterRecovery } from './dead-letter-tally-fixtures';
import { INSERT_CHUNK_BYTES } from './postgres-rows';
import { DEATH_KEY, MENTIONS_DEATH } from './postgres-statements';
import { PostgresStore } from './postgres-store';
import { createTestSchema, TEST_POSTGRES_URL, type TestSchema } from './postgres-test-schema';
import { runStoreContract } from './store-contract';
import { batch, message, queue, topology } from './store-contract-fixtures';

describe.runIf(TEST_POSTGRES_URL)('PostgresStore (TEST_POSTGRES_URL)', () => {
  runStoreContract('postgres', async () => {
    const target = await createTestSchema('switchboard_store');
    const opened: SharedStore[] = [];
    const openOne = async (): Promise<SharedStore> => {
      const store = await PostgresStore.open(target.url);
      opened.push(store);
      return store;
    };
    return {
      store: await openOne(),
      reopen: openOne,
      cleanup: async () => {
        try {
          for (const store of opened) await store.close();
        } finally {
          await target.drop();
        }
      },
    };
  });

  describe('on its own', () => {
    let target: TestSchema;
    /** Looks at the tables beside the store, on a connection of its own. */
    let admin: pg.Client;
    let store: PostgresStore;
    beforeEach(async () => {
      target = await createTestSchema('switchboard_store');
      store = await PostgresStore.open(target.url);
      admin = new pg.Client({ connectionString: target.connectionString });
      await admin.connect();
      await admin.query(`SET search_path TO "${target.schema}"`);
    });
    afterEach(async () => {
      try {
        await store.close();
        await admin.end();
      } finally {
        await target.drop();
      }
    });
    const reopen = async () => {
      await store.close();
      store = await PostgresStore.open(target.url);
      return store;
    };

    /** The tally table against the stored messages grouped by death key: they must always be equal. */
    const expectTallyMatchesMessages = async (context: string) => {
      const tally = await admin.query('SELECT vhost, queue, death_key, count FROM dead_letter_tally ORDER BY 1, 2, 3');
      const counted = await admin.query(
        `SELECT vhost, queue, ${DEATH_KEY} AS death_key, count(*)::int AS count
         FROM messages WHERE ${MENTIONS_DEATH} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      );
      expect(tally.rows, context).toEqual(counted.rows);
    };

    it('keeps the dead-letter tally equal to the stored messages through random inserts, deletes, purges and restarts', async () => {
      const names = ['dlq', 'other'];
      for (const vhost of ['/', 'v2']) {
        for (const name of names) await store.commit(topology({ op: 'putQueue', queue: queue(name) }), vhost);
      }
      const stored = new Map<number, QueuedMessage & { vhost: string }>();
      const below = random(11);
      let seq = 0;
      for (let round = 0; round < 40; round++) {
        const vhost = below(3) === 0 ? 'v2' : '/';
        const inserts = Array.from({ length: 1 + below(20) }, () =>
          message(++seq, names[below(2)], { properties: SHAPES[below(SHAPES.length)], priority: below(3), persistent: below(8) !== 0 }),
        );
        const deletes = [...stored.values()].filter((m) => m.vhost === vhost && below(6) === 0).map((m) => m.seq);
        for (const s of deletes) stored.delete(s);
        for (const m of inserts) stored.set(m.seq, { ...m, vhost });
        // Deleting another vhost's seq, or one never stored, changes nothing.
        const foreign = [...stored.values()].filter((m) => m.vhost !== vhost).map((m) => m.seq);
        await store.commit(batch({ inserts, deletes: [...deletes, seq + 1000, ...foreign.slice(0, 1)] }), vhost);
        await expectTallyMatchesMessages(`round ${round}, inserts`);
        if (below(6) === 0) {
          const keep = [...stored.values()].filter((m) => m.vhost === vhost && m.queue === 'dlq' && below(3) === 0).map((m) => m.seq);
          for (const m of [...stored.values()]) if (m.vhost === vhost && m.queue === 'dlq' && !keep.includes(m.seq)) stored.delete(m.seq);
          await store.commit(topology({ op: 'deleteQueueMessages', queue: 'dlq', exceptSeqs: keep }), vhost);
          await expectTallyMatchesMessages(`round ${round}, purge`);
        }
        if (below(8) === 0) {
          await reopen();
          for (const v of ['/', 'v2']) {
            const state = await store.recover(v);
            // A restart drops the transient messages, and their deaths from the tally.
            for (const [s, m] of stored) if (m.vhost === v && !m.persistent) stored.delete(s);
            for (const name of names) {
              const messages = [...stored.values()].filter((m) => m.vhost === v && m.queue === name);
              expect(countsAfterRecovery(state, name), `round ${round}, ${v} ${name}`).toEqual(countMessages(messages));
            }
          }
          await expectTallyMatchesMessages(`round ${round}, restart`);
        }
      }
    });

    it('forgets the tally of a deleted queue and of a deleted vhost, and keeps vhosts apart', async () => {
      const dead = { headers: { 'x-death': [{ reason: 'rejected', queue: 'src' }] } } as never;
      await store.commit(batch({ topology: [{ op: 'putQueue', queue: queue('q') }], inserts: [message(1, 'q', { properties: dead }), message(2, 'q', { properties: dead })] }));
      await store.commit(batch({ topology: [{ op: 'putQueue', queue: queue('q') }], inserts: [message(3, 'q', { properties: dead })] }), 'other');
      expect((await store.recover()).deadLetterCounts).toEqual([{ queue: 'q', deathKey: '["rejected","src",null]', count: 2 }]);
      expect((await store.recover('other')).deadLetterCounts).toEqual([{ queue: 'q', deathKey: '["rejected","src",null]', count: 1 }]);

      await store.commit(topology({ op: 'deleteQueue', name: 'q' }));
      await store.deleteVhost('other');
      expect((await admin.query('SELECT * FROM dead_letter_tally')).rows).toEqual([]);
      expect((await store.recover()).deadLetterCounts).toEqual([]);
    });

    it('tallies and deletes a dead letter whose headers hold a NUL, which jsonb cannot read', async () => {
      const properties = { headers: { note: 'a\u0000b', 'x-death': [{ reason: 'rejected', queue: 'src\u0000', exchange: 'x' }] } } as never;
      const m = message(1, 'q', { properties });
      await store.commit(batch({ topology: [{ op: 'putQueue', queue: queue('q') }], inserts: [m, message(2, 'q', { properties })] }));
      await expectTallyMatchesMessages('inserted');
      // The NUL inside the key itself reads as U+FFFD there; everything else of the message is as it was.
      expect((await store.recover()).deadLetterCounts).toEqual([{ queue: 'q', deathKey: '["rejected","src\ufffd","x"]', count: 2 }]);
      expect(await store.loadMessages('q', 0, 0, 1)).toStrictEqual([m]);
      await store.commit(batch({ deletes: [1] }));
      await store.commit(topology({ op: 'deleteQueueMessages', queue: 'q', exceptSeqs: [2] }));
      expect((await store.recover()).deadLetterCounts).toEqual([{ queue: 'q', deathKey: '["rejected","src\ufffd","x"]', count: 1 }]);
      await store.commit(batch({ deletes: [2] }));
      expect((await admin.query('SELECT * FROM dead_letter_tally')).rows).toEqual([]);
    });

    it('keeps the largest seq in the high-water row: deleting every message, or storing lower seqs, never lowers it', async () => {
      await store.commit(batch({ topology: [{ op: 'putQueue', queue: queue('q') }], inserts: [message(70, 'q'), message(12, 'q')] }), 'a');
      await store.commit(batch({ topology: [{ op: 'putQueue', queue: queue('q') }], inserts: [message(30, 'q')] }), 'b');
      expect((await admin.query('SELECT seq FROM message_seq_high_water')).rows).toEqual([{ seq: '70' }]);
      await store.deleteVhost('a');
      await store.commit(batch({ deletes: [30] }), 'b');
      expect((await admin.query('SELECT count(*)::int AS n FROM messages')).rows).toEqual([{ n: 0 }]);
      expect((await reopen().then((s) => s.recover('c'))).maxSeq).toBe(70);
    });

    it('rolls back a failing commit whole: topology, messages, tally and high-water', async () => {
      const dead = { headers: { 'x-death': [{ reason: 'expired', queue: 'src', exchange: 'x' }] } } as never;
      await store.commit(batch({ topology: [{ op: 'putQueue', queue: queue('q') }], inserts: [message(1, 'q', { properties: dead })] }));
      // Its last statement fails (a delivery count beyond INTEGER), after the purge, the insert, its tally and the high-water.
      const failing = batch({
        topology: [{ op: 'putQueue', queue: queue('fresh') }, { op: 'deleteQueueMessages', queue: 'q', exceptSeqs: [] }],
        inserts: [message(500, 'fresh', { properties: dead })],
        deliveries: [{ seq: 500, deliveryCount: 2 ** 40 }],
      });
      await expect(store.commit(failing)).rejects.toThrow(/out of range/);
      const state = await (await reopen()).recover();
      expect(state.maxSeq).toBe(1);
      expect(state.queues.map((q) => q.name)).toEqual(['q']);
      expect(state.deadLetterCounts).toEqual([{ queue: 'q', deathKey: '["expired","src","x"]', count: 1 }]);
      expect((await store.loadMessages('q', 0, 0, 10)).map((m) => m.seq)).toEqual([1]);
    });

    it('keeps the batches of two vhosts apart when they commit at once on its one connection', async () => {
      const [inA, inB] = [store.forVhost('a'), store.forVhost('b')];
      const results = await Promise.allSettled([
        inA.commit(batch({ topology: [{ op: 'putQueue', queue: queue('q') }], inserts: [message(1, 'q'), message(2, 'q')] })),
        inB.commit(batch({ topology: [{ op: 'putQueue', queue: queue('q') }], inserts: [message(3, 'q'), message(3, 'q')] })),
        inA.commit(batch({ deletes: [1] })),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((await inA.loadMessages('q', 0, 0, 10)).map((m) => m.seq)).toEqual([2]);
      expect((await inB.recover()).queues).toEqual([]);
    });

    // Moves some 40 MB through the database: more time than the default allows on a busy machine.
    it('splits a batch of large messages into several inserts of one transaction', { timeout: 60_000 }, async () => {
      // Over half a statement's bytes each: every one goes in a statement of its own.
      const payload = randomBytes(Math.ceil(INSERT_CHUNK_BYTES * 0.6));
      const inserts = [1, 2].map((seq) => message(seq, 'q', { payload, priority: seq, properties: SHAPES[2] }));
      await store.commit(batch({ topology: [{ op: 'putQueue', queue: queue('q') }], inserts }));
      for (const m of inserts) {
        const [loaded] = await store.loadMessages('q', m.priority, 0, 10);
        // Buffer.equals: a deep equality walks megabytes byte by byte.
        expect(loaded.payload.equals(m.payload)).toBe(true);
        expect({ ...loaded, payload: null }).toStrictEqual({ ...m, payload: null });
      }
      // The second statement fails (a stored seq again): the first one's message and tally go with it.
      await expect(store.commit(batch({ inserts: [message(5, 'q', { payload, properties: SHAPES[2] }), inserts[0]] }))).rejects.toThrow(/duplicate key/);
      expect((await store.recover()).readyCounts.map((c) => [c.priority, c.count])).toEqual([[1, 1], [2, 1]]);
      await expectTallyMatchesMessages('after the failed batch');
    });

    it('connects again after its connection is terminated', async () => {
      const name = `switchboard-test-${randomBytes(4).toString('hex')}`;
      const url = new URL(target.url);
      url.searchParams.set('application_name', name);
      await store.close();
      store = await PostgresStore.open(url.toString());
      await store.commit(topology({ op: 'putQueue', queue: queue('q') }));
      // Waits (up to 5 s) until the backend is gone.
      const killed = await admin.query('SELECT pg_terminate_backend(pid, 5000) AS done FROM pg_stat_activity WHERE application_name = $1', [name]);
      expect(killed.rows).toEqual([{ done: true }]);

      // The first write may still go to the dead connection (and fail); the next ones run on a new one.
      const first = await store.commit(batch({ inserts: [message(1, 'q')] })).then(
        () => true,
        () => false,
      );
      await store.probe();
      await store.commit(batch({ inserts: [message(2, 'q')] }));
      expect((await store.loadMessages('q', 0, 0, 10)).map((m) => m.seq)).toEqual(first ? [1, 2] : [2]);
      expect((await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [name])).rows).toEqual([{ n: 1 }]);
    });

    it('finishes what was queued before close, and refuses what comes after', async () => {
      const committed = store.commit(batch({ topology: [{ op: 'putQueue', queue: queue('q') }], inserts: [message(1, 'q')] }));
      await store.close();
      await committed;
      await expect(store.loadMessages('q', 0, 0, 10)).rejects.toThrow(/closed/);
      expect((await admin.query('SELECT seq FROM messages')).rows).toEqual([{ seq: '1' }]);
    });
  });
});

const random = seededRandom;

/** Every shape the engine's deathKey tells apart, and a NUL that jsonb cannot hold. */
const SHAPES: MessageProperties[] = [
  ...DEATH_SHAPES,
  { headers: { note: 'a \u0000 b', 'x-death': [{ reason: 'expired', queue: 'with-nul-beside' }] } as never },
];

/** What the engine's counters start from after a restart, for one queue. */
const countsAfterRecovery = (state: RecoveredState, name: string) => tallyAfterRecovery(state, name).counts();
