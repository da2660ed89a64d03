/** @module Store contract, messages: exact round trip, delivery counts, deletes, purges and paging. */
import { describe, expect, it } from 'vitest';
import {
  type ContractContext,
  batch,
  binding,
  byName,
  countsOf,
  exchange,
  message,
  queue,
  topology,
  uid,
} from './store-contract-fixtures';

export function messagesContract(ctx: ContractContext): void {
  describe('messages', () => {
    it('round-trips every field of a message exactly', async () => {
      const q = `q-${uid()}`;
      const binary = Buffer.from([0, 1, 2, 127, 128, 254, 255, 0]);
      const rich = message(ctx.base + 1, q, {
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
      const empty = message(ctx.base + 2, q, { payload: Buffer.alloc(0), routingKeys: [], properties: {}, expiresAt: null });
      const large = message(ctx.base + 3, q, { payload: Buffer.alloc(20 * 1024, 0xab) });
      await ctx.store.commit(batch({ topology: [{ op: 'putQueue', queue: queue(q) }], inserts: [rich, empty, large] }));

      expect(await ctx.store.loadMessages(q, 7, 0, 10)).toStrictEqual([rich]);
      expect(await ctx.loadAll(q)).toStrictEqual([empty, large]);
      await ctx.restart();
      const [loaded] = await ctx.store.loadMessages(q, 7, 0, 10);
      expect(loaded).toStrictEqual(rich);
      expect(Buffer.isBuffer(loaded.payload)).toBe(true);
      expect(await ctx.loadAll(q)).toStrictEqual([empty, large]);
    });

    it('keeps NUL and U+FFFF in message ids, routing keys and binding keys exactly, and finds such an id', async () => {
      // AMQP allows any byte in these short strings; PostgreSQL's text holds no NUL, so that store escapes it.
      const q = `q-${uid()}`;
      const odd = 'a\u0000b\uFFFF0c\uFFFF\uFFFF\u0000';
      const stored = message(ctx.base + 1, q, { messageId: odd, routingKey: `rk${odd}`, routingKeys: [odd], properties: { headers: { h: odd } } });
      const plain = message(ctx.base + 2, q, { messageId: 'ab', routingKey: 'rk' });
      const bound = binding('amq.direct', q, { routingKey: odd });
      await ctx.store.commit(batch({ topology: [{ op: 'putQueue', queue: queue(q) }, { op: 'putBinding', binding: bound }], inserts: [stored, plain] }));
      await ctx.restart();
      expect(await ctx.loadAll(q)).toStrictEqual([stored, plain]);
      expect((await ctx.store.findMessages(q, odd, 10)).map((m) => m.seq)).toEqual([stored.seq]);
      expect((await ctx.store.findMessages(q, 'ab', 10)).map((m) => m.seq)).toEqual([plain.seq]);
      expect((await ctx.store.recover()).bindings.find((b) => b.id === bound.id)?.routingKey).toBe(odd);
    });

    it('updates delivery counts and deletes messages', async () => {
      const q = `q-${uid()}`;
      const [m1, m2, m3] = [1, 2, 3].map((i) => message(ctx.base + i, q));
      await ctx.store.commit(batch({ topology: [{ op: 'putQueue', queue: queue(q) }], inserts: [m1, m2, m3] }));
      await ctx.store.commit(
        batch({
          deliveries: [
            { seq: m1.seq, deliveryCount: 1 },
            { seq: m3.seq, deliveryCount: 4 },
          ],
          deletes: [m2.seq],
        }),
      );
      // Writes about messages that are no longer stored are harmless.
      await ctx.store.commit(batch({ deliveries: [{ seq: m2.seq, deliveryCount: 9 }], deletes: [m2.seq, ctx.base + 999] }));

      const expected = [{ ...m1, deliveryCount: 1 }, { ...m3, deliveryCount: 4 }];
      expect(await ctx.loadAll(q)).toStrictEqual(expected);
      await ctx.restart();
      expect(await ctx.loadAll(q)).toStrictEqual(expected);
    });

    it('runs topology before message writes in a batch', async () => {
      const q = `q-${uid()}`;
      await ctx.store.commit(batch({ topology: [{ op: 'putQueue', queue: queue(q) }], inserts: [message(ctx.base + 1, q)] }));
      // The queue is deleted and re-declared, then a new message is stored: only the new one remains.
      await ctx.store.commit(
        batch({
          topology: [{ op: 'deleteQueue', name: q }, { op: 'putQueue', queue: queue(q) }],
          inserts: [message(ctx.base + 2, q)],
        }),
      );
      expect((await ctx.loadAll(q)).map((m) => m.seq)).toEqual([ctx.base + 2]);
    });

    it('deleteQueue removes the queue, its messages and the bindings to it, and nothing else', async () => {
      const [q, other, x] = [`q-${uid()}`, `other-${uid()}`, `x-${uid()}`];
      const toQ = binding(x, q);
      const toOther = binding(x, other);
      await ctx.store.commit(
        batch({
          topology: [
            { op: 'putExchange', exchange: exchange(x) },
            { op: 'putQueue', queue: queue(q) },
            { op: 'putQueue', queue: queue(other) },
            { op: 'putBinding', binding: toQ },
            { op: 'putBinding', binding: toOther },
          ],
          inserts: [message(ctx.base + 1, q), message(ctx.base + 2, other), message(ctx.base + 3, q, { priority: 5 })],
        }),
      );
      await ctx.store.commit(topology({ op: 'deleteQueue', name: q }));
      expect(await ctx.loadAll(q)).toEqual([]);
      expect(await ctx.store.loadMessages(q, 5, 0, 10)).toEqual([]);

      const state = await ctx.restart();
      expect(byName(state.queues, [q, other]).map((x) => x.name)).toEqual([other]);
      expect(countsOf(state, [q, other]).map((c) => [c.queue, c.count])).toEqual([[other, 1]]);
      expect(state.bindings.map((b) => b.id)).toContain(toOther.id);
      expect(state.bindings.map((b) => b.id)).not.toContain(toQ.id);
      expect((await ctx.loadAll(other)).map((m) => m.seq)).toEqual([ctx.base + 2]);
    });

    it('deleteQueueMessages purges a queue except the listed seqs', async () => {
      const [q, other] = [`q-${uid()}`, `other-${uid()}`];
      const inserts = [1, 2, 3, 4, 5].map((i) => message(ctx.base + i, q, { priority: i % 2 }));
      await ctx.store.commit(
        batch({
          topology: [{ op: 'putQueue', queue: queue(q) }, { op: 'putQueue', queue: queue(other) }],
          inserts: [...inserts, message(ctx.base + 6, other)],
        }),
      );
      await ctx.store.commit(topology({ op: 'deleteQueueMessages', queue: q, exceptSeqs: [ctx.base + 2, ctx.base + 3] }));
      expect((await ctx.store.loadMessages(q, 0, 0, 10)).map((m) => m.seq)).toEqual([ctx.base + 2]);
      expect((await ctx.store.loadMessages(q, 1, 0, 10)).map((m) => m.seq)).toEqual([ctx.base + 3]);

      await ctx.store.commit(topology({ op: 'deleteQueueMessages', queue: q, exceptSeqs: [] }));
      const state = await ctx.restart();
      expect(countsOf(state, [q, other]).map((c) => [c.queue, c.count])).toEqual([[other, 1]]);
      expect(byName(state.queues, [q]).map((x) => x.name)).toEqual([q]);
    });

    it('loads one queue and priority in seq order, after a seq, up to a limit', async () => {
      const [q, other] = [`q-${uid()}`, `other-${uid()}`];
      // Inserted out of order, over two priorities and two queues.
      const seqs = [5, 1, 9, 3, 7, 2, 8];
      await ctx.store.commit(
        batch({
          topology: [{ op: 'putQueue', queue: queue(q) }, { op: 'putQueue', queue: queue(other) }],
          inserts: [
            ...seqs.map((i) => message(ctx.base + i, q, { priority: i % 2 === 0 ? 2 : 0 })),
            message(ctx.base + 4, other),
            message(ctx.base + 6, other),
          ],
        }),
      );
      const seqsOf = async (priority: number, afterSeq: number, limit: number) =>
        (await ctx.store.loadMessages(q, priority, afterSeq, limit)).map((m) => m.seq - ctx.base);

      expect(await seqsOf(0, 0, 100)).toEqual([1, 3, 5, 7, 9]);
      expect(await seqsOf(2, 0, 100)).toEqual([2, 8]);
      expect(await seqsOf(0, ctx.base + 3, 100)).toEqual([5, 7, 9]);
      expect(await seqsOf(0, ctx.base + 3, 2)).toEqual([5, 7]);
      expect(await seqsOf(0, ctx.base + 9, 100)).toEqual([]);
      expect(await seqsOf(1, 0, 100)).toEqual([]);
      expect(await ctx.store.loadMessages(`missing-${uid()}`, 0, 0, 100)).toEqual([]);
      expect((await ctx.store.loadMessages(other, 0, 0, 100)).map((m) => m.seq - ctx.base)).toEqual([4, 6]);
    });

    it('finds a queue\'s stored messages by message id, highest priority first, then by seq', async () => {
      const q = `q-find-${uid()}`;
      const other = `q-find-other-${uid()}`;
      await ctx.store.commit(
        batch({
          topology: [{ op: 'putQueue', queue: queue(q) }, { op: 'putQueue', queue: queue(other) }],
          inserts: [
            message(ctx.base + 1, q, { messageId: 'same' }),
            message(ctx.base + 2, q, { messageId: 'else' }),
            message(ctx.base + 3, q, { messageId: 'same', priority: 4 }),
            message(ctx.base + 4, other, { messageId: 'same' }),
            message(ctx.base + 5, q, { messageId: 'same' }),
          ],
        }),
      );
      const seqs = async (limit: number) => (await ctx.store.findMessages(q, 'same', limit)).map((m) => m.seq - ctx.base);
      expect(await seqs(10)).toEqual([3, 1, 5]);
      expect(await seqs(1)).toEqual([3]);
      expect(await ctx.store.findMessages(q, 'nothing', 10)).toEqual([]);
    });

    it('keeps jobs written with a batch, replacing them by id', async () => {
      const id = `job-${uid()}`;
      const job = (status: 'running' | 'completed', done: number) => ({
        id,
        kind: 'replay' as const,
        queue: 'dlq',
        status,
        total: 2,
        done,
        skipped: 0,
        failed: 0,
        startedAt: 1_700_000_000_000,
        spec: { to: 'source' as const, filter: {}, maxRedrives: 5, maxSeq: 9 },
        cursor: 'abc',
      });
      await ctx.store.commit(batch({ topology: [{ op: 'putJob', job: job('running', 1) }] }));
      await ctx.store.commit(batch({ topology: [{ op: 'putJob', job: job('completed', 2) }] }));
      const stored = (await ctx.store.loadJobs()).filter((j) => j.id === id);
      expect(stored).toEqual([job('completed', 2)]);
      await ctx.restart();
      expect((await ctx.store.loadJobs()).filter((j) => j.id === id)).toEqual([job('completed', 2)]);
    });
  });
}
