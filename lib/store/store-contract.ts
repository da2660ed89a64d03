/**
 * @module The behaviour every Store must show, as one vitest suite that each implementation runs
 * (`runStoreContract('sqlite', ...)`, later PostgreSQL). Tests name their own entities and seqs above the
 * recovered maxSeq, so a database shared between tests does not disturb them.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecoveredState, Store, TopologyWrite, WriteBatch } from '../engine/store';
import type { BindingInfo, ExchangeInfo, QueueInfo, QueuedMessage } from '../engine/types';

export interface StoreHarness {
  /** A store on a fresh (or shared) database; `recover()` has not been called yet. */
  store: Store;
  /** Opens another store on the same database; the suite closes the previous one first. */
  reopen: () => Promise<Store>;
  /** Closes whatever the harness opened and removes the database if it owns it. */
  cleanup: () => Promise<void>;
}

const uid = () => randomUUID().slice(0, 8);

const exchange = (name: string, over: Partial<ExchangeInfo> = {}): ExchangeInfo => ({
  name,
  type: 'topic',
  durable: true,
  autoDelete: false,
  internal: false,
  arguments: {},
  ...over,
});

const queue = (name: string, over: Partial<QueueInfo> = {}): QueueInfo => ({
  name,
  durable: true,
  autoDelete: false,
  arguments: {},
  ...over,
});

const binding = (source: string, destination: string, over: Partial<BindingInfo> = {}): BindingInfo => ({
  id: `b-${uid()}`,
  source,
  destination,
  destinationType: 'queue',
  routingKey: 'orders.#',
  arguments: {},
  ...over,
});

const message = (seq: number, queueName: string, over: Partial<QueuedMessage> = {}): QueuedMessage => ({
  seq,
  queue: queueName,
  messageId: `m-${seq}`,
  exchange: 'orders',
  routingKey: 'orders.created',
  routingKeys: ['orders.created'],
  payload: Buffer.from(`payload ${seq}`),
  properties: {},
  priority: 0,
  persistent: true,
  publishedAt: 1_700_000_000_000 + seq,
  expiresAt: null,
  deliveryCount: 0,
  ...over,
});

const batch = (over: Partial<WriteBatch> = {}): WriteBatch => ({ topology: [], inserts: [], deliveries: [], deletes: [], ...over });
const topology = (...ops: TopologyWrite[]): WriteBatch => batch({ topology: ops });

const byName = <T extends { name: string }>(items: T[], names: string[]) =>
  items.filter((item) => names.includes(item.name)).sort((a, b) => a.name.localeCompare(b.name));
const countsOf = (state: RecoveredState, queues: string[]) => state.readyCounts.filter((c) => queues.includes(c.queue));

export function runStoreContract(name: string, open: () => Promise<StoreHarness>): void {
  describe(`Store contract: ${name}`, () => {
    let harness: StoreHarness;
    let store: Store;
    /** The maxSeq recovered at start; every test stores seqs above it. */
    let base: number;

    beforeEach(async () => {
      harness = await open();
      store = harness.store;
      base = (await store.recover()).maxSeq;
    });
    afterEach(async () => {
      await harness.cleanup();
    });

    /** Close and reopen the same database, as a process restart does. */
    const restart = async (): Promise<RecoveredState> => {
      await store.close();
      store = await harness.reopen();
      return store.recover();
    };
    const loadAll = (q: string, priority = 0) => store.loadMessages(q, priority, 0, 1_000_000);

    it('commits an empty batch', async () => {
      await expect(store.commit(batch())).resolves.toBeUndefined();
    });

    it('reports the kind of database', () => {
      expect(['sqlite', 'postgres']).toContain(store.kind);
    });

    describe('topology', () => {
      it('keeps exchanges with every field across a restart, overwrites and deletes them', async () => {
        const [a, b, c] = [`x-a-${uid()}`, `x-b-${uid()}`, `x-c-${uid()}`];
        const full = exchange(a, {
          type: 'headers',
          autoDelete: true,
          internal: true,
          alternateExchange: `ae-${uid()}`,
          arguments: { 'x-match': 'all', nested: { list: [1, 'two', null, { deep: true }] }, ratio: 0.5 },
        });
        await store.commit(topology({ op: 'putExchange', exchange: full }, { op: 'putExchange', exchange: exchange(b) }));
        await store.commit(topology({ op: 'putExchange', exchange: exchange(c, { type: 'fanout' }) }));

        let state = await restart();
        expect(byName(state.exchanges, [a, b, c])).toStrictEqual([full, exchange(b), exchange(c, { type: 'fanout' })]);

        const overwritten = exchange(a, { type: 'direct', arguments: { changed: 1 } });
        await store.commit(topology({ op: 'putExchange', exchange: overwritten }, { op: 'deleteExchange', name: b }));
        state = await restart();
        // The overwrite replaces the whole exchange: its old alternateExchange is gone.
        expect(byName(state.exchanges, [a, b, c])).toStrictEqual([overwritten, exchange(c, { type: 'fanout' })]);
      });

      it('keeps queues with every argument across a restart, overwrites and deletes them', async () => {
        const [a, b] = [`q-a-${uid()}`, `q-b-${uid()}`];
        const full = queue(a, {
          autoDelete: true,
          arguments: {
            messageTtlMs: 60_000,
            expiresMs: 3_600_000,
            maxLength: 10,
            maxLengthBytes: 1_048_576,
            overflow: 'reject-publish-dlx',
            maxPriority: 9,
            deadLetterExchange: 'dlx',
            deadLetterRoutingKey: 'dead',
            deliveryLimit: 5,
          },
        });
        await store.commit(topology({ op: 'putQueue', queue: full }, { op: 'putQueue', queue: queue(b) }));
        let state = await restart();
        expect(byName(state.queues, [a, b])).toStrictEqual([full, queue(b)]);

        const overwritten = queue(a, { arguments: { maxLength: 1 } });
        await store.commit(topology({ op: 'putQueue', queue: overwritten }, { op: 'deleteQueue', name: b }));
        state = await restart();
        expect(byName(state.queues, [a, b])).toStrictEqual([overwritten]);
      });

      it('keeps bindings across a restart, overwrites them by id and deletes them', async () => {
        const [x, x2, q] = [`x-${uid()}`, `x2-${uid()}`, `q-${uid()}`];
        const toQueue = binding(x, q, { arguments: { 'x-match': 'any', format: 'pdf' } });
        const toExchange = binding(x, x2, { destinationType: 'exchange', routingKey: '' });
        // A source that was never stored (a built-in exchange such as amq.topic) does not make a binding transient.
        const fromBuiltIn = binding('amq.topic', q, { routingKey: 'audit.*' });
        await store.commit(
          topology(
            { op: 'putExchange', exchange: exchange(x) },
            { op: 'putExchange', exchange: exchange(x2) },
            { op: 'putQueue', queue: queue(q) },
            { op: 'putBinding', binding: toQueue },
            { op: 'putBinding', binding: toExchange },
            { op: 'putBinding', binding: fromBuiltIn },
          ),
        );
        const ids = [toQueue.id, toExchange.id, fromBuiltIn.id];
        const mine = (state: RecoveredState) =>
          state.bindings.filter((b) => ids.includes(b.id)).sort((a, b) => a.id.localeCompare(b.id));
        const sorted = (...bindings: BindingInfo[]) => [...bindings].sort((a, b) => a.id.localeCompare(b.id));

        expect(mine(await restart())).toStrictEqual(sorted(toQueue, toExchange, fromBuiltIn));

        const overwritten = { ...toQueue, routingKey: 'orders.created', arguments: {} };
        await store.commit(topology({ op: 'putBinding', binding: overwritten }, { op: 'deleteBinding', id: toExchange.id }));
        expect(mine(await restart())).toStrictEqual(sorted(overwritten, fromBuiltIn));
      });

      it('deleting an exchange deletes the bindings from it and to it', async () => {
        const [x, up, other, q] = [`x-${uid()}`, `up-${uid()}`, `other-${uid()}`, `q-${uid()}`];
        const from = binding(x, q);
        const to = binding(up, x, { destinationType: 'exchange' });
        const unrelated = binding(other, q);
        await store.commit(
          topology(
            ...[x, up, other].map((n): TopologyWrite => ({ op: 'putExchange', exchange: exchange(n) })),
            { op: 'putQueue', queue: queue(q) },
            ...[from, to, unrelated].map((b): TopologyWrite => ({ op: 'putBinding', binding: b })),
          ),
        );
        await store.commit(topology({ op: 'deleteExchange', name: x }));
        const state = await restart();
        const ids = state.bindings.map((b) => b.id);
        expect(ids).toContain(unrelated.id);
        expect(ids).not.toContain(from.id);
        expect(ids).not.toContain(to.id);
      });

      it('applies topology writes in order', async () => {
        const q = `q-${uid()}`;
        await store.commit(
          topology(
            { op: 'putQueue', queue: queue(q, { arguments: { maxLength: 1 } }) },
            { op: 'deleteQueue', name: q },
            { op: 'putQueue', queue: queue(q, { arguments: { maxLength: 2 } }) },
          ),
        );
        expect(byName((await restart()).queues, [q])).toStrictEqual([queue(q, { arguments: { maxLength: 2 } })]);
      });
    });

    describe('messages', () => {
      it('round-trips every field of a message exactly', async () => {
        const q = `q-${uid()}`;
        const binary = Buffer.from([0, 1, 2, 127, 128, 254, 255, 0]);
        const rich = message(base + 1, q, {
          messageId: `id-${uid()}`,
          exchange: '',
          routingKey: q,
          routingKeys: [q, 'cc.one', 'cc.two'],
          payload: binary,
          priority: 7,
          persistent: true,
          publishedAt: 1_712_345_678_901,
          expiresAt: 1_712_345_688_901,
          deliveryCount: 3,
          properties: {
            headers: {
              str: 'text',
              int: 42,
              float: 1.25,
              negative: -7,
              bool: false,
              nothing: null,
              list: [1, 'two', [3], { four: 4 }],
              table: { nested: { deeper: ['x'] } },
              'x-death': [
                { queue: 'orders', reason: 'expired', count: 2, exchange: 'x', 'routing-keys': ['a', 'b'], time: 1_712_345_678 },
              ],
            },
            messageId: 'client-id',
            correlationId: 'corr',
            replyTo: 'amq.rabbitmq.reply-to',
            contentType: 'application/json',
            contentEncoding: 'gzip',
            type: 'order.created',
            appId: 'shop',
            userId: 'guest',
            priority: 7,
            expirationMs: 10_000,
            persistent: true,
            timestamp: 1_712_345_678,
          },
        });
        const empty = message(base + 2, q, { payload: Buffer.alloc(0), routingKeys: [], properties: {}, expiresAt: null });
        const large = message(base + 3, q, { payload: Buffer.alloc(20 * 1024, 0xab) });
        await store.commit(batch({ topology: [{ op: 'putQueue', queue: queue(q) }], inserts: [rich, empty, large] }));

        expect(await store.loadMessages(q, 7, 0, 10)).toStrictEqual([rich]);
        expect(await loadAll(q)).toStrictEqual([empty, large]);
        await restart();
        const [loaded] = await store.loadMessages(q, 7, 0, 10);
        expect(loaded).toStrictEqual(rich);
        expect(Buffer.isBuffer(loaded.payload)).toBe(true);
        expect(await loadAll(q)).toStrictEqual([empty, large]);
      });

      it('updates delivery counts and deletes messages', async () => {
        const q = `q-${uid()}`;
        const [m1, m2, m3] = [1, 2, 3].map((i) => message(base + i, q));
        await store.commit(batch({ topology: [{ op: 'putQueue', queue: queue(q) }], inserts: [m1, m2, m3] }));
        await store.commit(batch({ deliveries: [{ seq: m1.seq, deliveryCount: 1 }, { seq: m3.seq, deliveryCount: 4 }], deletes: [m2.seq] }));
        // Writes about messages that are no longer stored are harmless.
        await store.commit(batch({ deliveries: [{ seq: m2.seq, deliveryCount: 9 }], deletes: [m2.seq, base + 999] }));

        const expected = [{ ...m1, deliveryCount: 1 }, { ...m3, deliveryCount: 4 }];
        expect(await loadAll(q)).toStrictEqual(expected);
        await restart();
        expect(await loadAll(q)).toStrictEqual(expected);
      });

      it('runs topology before message writes in a batch', async () => {
        const q = `q-${uid()}`;
        await store.commit(batch({ topology: [{ op: 'putQueue', queue: queue(q) }], inserts: [message(base + 1, q)] }));
        // The queue is deleted and re-declared, then a new message is stored: only the new one remains.
        await store.commit(
          batch({
            topology: [{ op: 'deleteQueue', name: q }, { op: 'putQueue', queue: queue(q) }],
            inserts: [message(base + 2, q)],
          }),
        );
        expect((await loadAll(q)).map((m) => m.seq)).toEqual([base + 2]);
      });

      it('deleteQueue removes the queue, its messages and the bindings to it, and nothing else', async () => {
        const [q, other, x] = [`q-${uid()}`, `other-${uid()}`, `x-${uid()}`];
        const toQ = binding(x, q);
        const toOther = binding(x, other);
        await store.commit(
          batch({
            topology: [
              { op: 'putExchange', exchange: exchange(x) },
              { op: 'putQueue', queue: queue(q) },
              { op: 'putQueue', queue: queue(other) },
              { op: 'putBinding', binding: toQ },
              { op: 'putBinding', binding: toOther },
            ],
            inserts: [message(base + 1, q), message(base + 2, other), message(base + 3, q, { priority: 5 })],
          }),
        );
        await store.commit(topology({ op: 'deleteQueue', name: q }));
        expect(await loadAll(q)).toEqual([]);
        expect(await store.loadMessages(q, 5, 0, 10)).toEqual([]);

        const state = await restart();
        expect(byName(state.queues, [q, other]).map((x) => x.name)).toEqual([other]);
        expect(countsOf(state, [q, other]).map((c) => [c.queue, c.count])).toEqual([[other, 1]]);
        expect(state.bindings.map((b) => b.id)).toContain(toOther.id);
        expect(state.bindings.map((b) => b.id)).not.toContain(toQ.id);
        expect((await loadAll(other)).map((m) => m.seq)).toEqual([base + 2]);
      });

      it('deleteQueueMessages purges a queue except the listed seqs', async () => {
        const [q, other] = [`q-${uid()}`, `other-${uid()}`];
        const inserts = [1, 2, 3, 4, 5].map((i) => message(base + i, q, { priority: i % 2 }));
        await store.commit(
          batch({
            topology: [{ op: 'putQueue', queue: queue(q) }, { op: 'putQueue', queue: queue(other) }],
            inserts: [...inserts, message(base + 6, other)],
          }),
        );
        await store.commit(topology({ op: 'deleteQueueMessages', queue: q, exceptSeqs: [base + 2, base + 3] }));
        expect((await store.loadMessages(q, 0, 0, 10)).map((m) => m.seq)).toEqual([base + 2]);
        expect((await store.loadMessages(q, 1, 0, 10)).map((m) => m.seq)).toEqual([base + 3]);

        await store.commit(topology({ op: 'deleteQueueMessages', queue: q, exceptSeqs: [] }));
        const state = await restart();
        expect(countsOf(state, [q, other]).map((c) => [c.queue, c.count])).toEqual([[other, 1]]);
        expect(byName(state.queues, [q]).map((x) => x.name)).toEqual([q]);
      });

      it('loads one queue and priority in seq order, after a seq, up to a limit', async () => {
        const [q, other] = [`q-${uid()}`, `other-${uid()}`];
        // Inserted out of order, over two priorities and two queues.
        const seqs = [5, 1, 9, 3, 7, 2, 8];
        await store.commit(
          batch({
            topology: [{ op: 'putQueue', queue: queue(q) }, { op: 'putQueue', queue: queue(other) }],
            inserts: [
              ...seqs.map((i) => message(base + i, q, { priority: i % 2 === 0 ? 2 : 0 })),
              message(base + 4, other),
              message(base + 6, other),
            ],
          }),
        );
        const seqsOf = async (priority: number, afterSeq: number, limit: number) =>
          (await store.loadMessages(q, priority, afterSeq, limit)).map((m) => m.seq - base);

        expect(await seqsOf(0, 0, 100)).toEqual([1, 3, 5, 7, 9]);
        expect(await seqsOf(2, 0, 100)).toEqual([2, 8]);
        expect(await seqsOf(0, base + 3, 100)).toEqual([5, 7, 9]);
        expect(await seqsOf(0, base + 3, 2)).toEqual([5, 7]);
        expect(await seqsOf(0, base + 9, 100)).toEqual([]);
        expect(await seqsOf(1, 0, 100)).toEqual([]);
        expect(await store.loadMessages(`missing-${uid()}`, 0, 0, 100)).toEqual([]);
        expect((await store.loadMessages(other, 0, 0, 100)).map((m) => m.seq - base)).toEqual([4, 6]);
      });
    });

    describe('recovery', () => {
      it('reports ready counts per queue and priority, and the largest seq', async () => {
        const [q, r] = [`q-${uid()}`, `r-${uid()}`];
        const inserts = [
          message(base + 1, q, { payload: Buffer.alloc(10), publishedAt: 5_000 }),
          message(base + 2, q, { payload: Buffer.alloc(20), publishedAt: 4_000 }),
          message(base + 3, q, { payload: Buffer.alloc(5), priority: 3, publishedAt: 9_000 }),
          message(base + 4, r, { payload: Buffer.alloc(0), publishedAt: 7_000 }),
        ];
        await store.commit(batch({ topology: [{ op: 'putQueue', queue: queue(q) }, { op: 'putQueue', queue: queue(r) }], inserts }));
        const state = await restart();
        const counts = countsOf(state, [q, r]).sort((a, b) => a.queue.localeCompare(b.queue) || a.priority - b.priority);
        expect(counts).toEqual(
          [
            { queue: q, priority: 0, count: 2, bytes: 30, minSeq: base + 1, oldestPublishedAt: 4_000 },
            { queue: q, priority: 3, count: 1, bytes: 5, minSeq: base + 3, oldestPublishedAt: 9_000 },
            { queue: r, priority: 0, count: 1, bytes: 0, minSeq: base + 4, oldestPublishedAt: 7_000 },
          ].sort((a, b) => a.queue.localeCompare(b.queue) || a.priority - b.priority),
        );
        expect(state.maxSeq).toBe(base + 4);
      });

      it('remembers the largest seq ever stored after its messages are gone', async () => {
        const q = `q-${uid()}`;
        await store.commit(batch({ topology: [{ op: 'putQueue', queue: queue(q) }], inserts: [message(base + 1, q), message(base + 50, q)] }));
        await store.commit(batch({ deletes: [base + 50] }));
        await store.commit(topology({ op: 'deleteQueue', name: q }));
        const state = await restart();
        expect(state.maxSeq).toBe(base + 50);
        expect(countsOf(state, [q])).toEqual([]);
      });

      it('drops transient messages and messages of queues that are not stored', async () => {
        const [q, unknown] = [`q-${uid()}`, `unknown-${uid()}`];
        const kept = message(base + 1, q);
        await store.commit(
          batch({
            topology: [{ op: 'putQueue', queue: queue(q) }],
            inserts: [kept, message(base + 2, q, { persistent: false }), message(base + 3, unknown)],
          }),
        );
        const state = await restart();
        expect(countsOf(state, [q, unknown])).toEqual([{ queue: q, priority: 0, count: 1, bytes: kept.payload.length, minSeq: kept.seq, oldestPublishedAt: kept.publishedAt }]);
        expect(await loadAll(q)).toStrictEqual([kept]);
        expect(await loadAll(unknown)).toEqual([]);
        // Dropped messages still count for maxSeq: seqs never go back.
        expect(state.maxSeq).toBe(base + 3);
      });

      it('drops what does not survive a restart: non-durable and exclusive queues, non-durable exchanges, and their bindings and messages', async () => {
        const [durableQ, transientQ, exclusiveQ] = [`dq-${uid()}`, `tq-${uid()}`, `eq-${uid()}`];
        const [durableX, transientX] = [`dx-${uid()}`, `tx-${uid()}`];
        const keep = binding(durableX, durableQ);
        const dropped = [
          binding(durableX, transientQ),
          binding(durableX, exclusiveQ),
          binding(transientX, durableQ),
          binding(durableX, transientX, { destinationType: 'exchange' }),
        ];
        await store.commit(
          batch({
            topology: [
              { op: 'putQueue', queue: queue(durableQ) },
              { op: 'putQueue', queue: queue(transientQ, { durable: false }) },
              { op: 'putQueue', queue: queue(exclusiveQ, { exclusiveOwner: `conn-${uid()}` }) },
              { op: 'putExchange', exchange: exchange(durableX) },
              { op: 'putExchange', exchange: exchange(transientX, { durable: false }) },
              ...[keep, ...dropped].map((b): TopologyWrite => ({ op: 'putBinding', binding: b })),
            ],
            inserts: [message(base + 1, durableQ), message(base + 2, transientQ), message(base + 3, exclusiveQ)],
          }),
        );
        const state = await restart();
        expect(byName(state.queues, [durableQ, transientQ, exclusiveQ]).map((q) => q.name)).toEqual([durableQ]);
        expect(byName(state.exchanges, [durableX, transientX]).map((x) => x.name)).toEqual([durableX]);
        const ids = state.bindings.map((b) => b.id);
        expect(ids).toContain(keep.id);
        for (const b of dropped) expect(ids).not.toContain(b.id);
        expect(countsOf(state, [durableQ, transientQ, exclusiveQ]).map((c) => c.queue)).toEqual([durableQ]);
        expect(await loadAll(transientQ)).toEqual([]);
        expect(await loadAll(exclusiveQ)).toEqual([]);
      });
    });

    describe('atomicity', () => {
      it('a batch that fails midway leaves nothing of it, and the store keeps working', async () => {
        const [q, fresh, x] = [`q-${uid()}`, `fresh-${uid()}`, `x-${uid()}`];
        const stored = [1, 2].map((i) => message(base + i, q));
        await store.commit(batch({ topology: [{ op: 'putQueue', queue: queue(q) }], inserts: stored }));

        const failing = batch({
          topology: [
            { op: 'putQueue', queue: queue(fresh) },
            { op: 'putExchange', exchange: exchange(x) },
            { op: 'putQueue', queue: queue(q, { arguments: { maxLength: 1 } }) },
          ],
          // The second insert reuses a stored seq: the batch cannot be written.
          inserts: [message(base + 3, fresh), message(base + 1, fresh)],
          deliveries: [{ seq: base + 1, deliveryCount: 7 }],
          deletes: [base + 2],
        });
        await expect(store.commit(failing)).rejects.toThrow();
        await expect(store.commit(batch({ inserts: [message(base + 4, q), message(base + 4, q)] }))).rejects.toThrow();

        await store.commit(batch({ inserts: [message(base + 5, q)] }));
        const state = await restart();
        expect(byName(state.queues, [q, fresh])).toStrictEqual([queue(q)]);
        expect(byName(state.exchanges, [x])).toEqual([]);
        expect(await loadAll(fresh)).toEqual([]);
        expect(await loadAll(q)).toStrictEqual([...stored, message(base + 5, q)]);
      });
    });

    describe('restart', () => {
      it('keeps topology and messages across several close and reopen cycles', async () => {
        const [x, q] = [`x-${uid()}`, `q-${uid()}`];
        const b = binding(x, q);
        const messages = Array.from({ length: 50 }, (_, i) => message(base + 1 + i, q, { priority: i % 3 }));
        await store.commit(
          batch({
            topology: [
              { op: 'putExchange', exchange: exchange(x) },
              { op: 'putQueue', queue: queue(q) },
              { op: 'putBinding', binding: b },
            ],
            inserts: messages,
          }),
        );
        for (let i = 0; i < 2; i++) {
          const state = await restart();
          expect(byName(state.exchanges, [x])).toStrictEqual([exchange(x)]);
          expect(byName(state.queues, [q])).toStrictEqual([queue(q)]);
          expect(state.bindings.filter((found) => found.id === b.id)).toStrictEqual([b]);
          expect(countsOf(state, [q]).reduce((sum, c) => sum + c.count, 0)).toBe(50);
          expect(state.maxSeq).toBe(base + 50);
          for (const priority of [0, 1, 2]) {
            expect(await loadAll(q, priority)).toStrictEqual(messages.filter((m) => m.priority === priority));
          }
        }
      });
    });
  });
}
