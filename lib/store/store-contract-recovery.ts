/** @module Store contract, recovery: what survives a restart, ready counts, maxSeq, and atomic batches. */
import { describe, expect, it } from 'vitest';
import type { TopologyWrite } from '../engine/store';
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

export function recoveryContract(ctx: ContractContext): void {
  describe('recovery', () => {
    it('reports ready counts per queue and priority, and the largest seq', async () => {
      const [q, r] = [`q-${uid()}`, `r-${uid()}`];
      const inserts = [
        message(ctx.base + 1, q, { payload: Buffer.alloc(10), publishedAt: 5_000 }),
        message(ctx.base + 2, q, { payload: Buffer.alloc(20), publishedAt: 4_000 }),
        message(ctx.base + 3, q, { payload: Buffer.alloc(5), priority: 3, publishedAt: 9_000 }),
        message(ctx.base + 4, r, { payload: Buffer.alloc(0), publishedAt: 7_000 }),
      ];
      await ctx.store.commit(batch({ topology: [{ op: 'putQueue', queue: queue(q) }, { op: 'putQueue', queue: queue(r) }], inserts }));
      const state = await ctx.restart();
      const counts = countsOf(state, [q, r]).sort((a, b) => a.queue.localeCompare(b.queue) || a.priority - b.priority);
      expect(counts).toEqual(
        [
          { queue: q, priority: 0, count: 2, bytes: 30, minSeq: ctx.base + 1, oldestPublishedAt: 4_000, nextExpiresAt: null },
          { queue: q, priority: 3, count: 1, bytes: 5, minSeq: ctx.base + 3, oldestPublishedAt: 9_000, nextExpiresAt: null },
          { queue: r, priority: 0, count: 1, bytes: 0, minSeq: ctx.base + 4, oldestPublishedAt: 7_000, nextExpiresAt: null },
        ].sort((a, b) => a.queue.localeCompare(b.queue) || a.priority - b.priority),
      );
      expect(state.maxSeq).toBe(ctx.base + 4);
    });

    it('remembers the largest seq ever stored after its messages are gone', async () => {
      const q = `q-${uid()}`;
      await ctx.store.commit(
        batch({ topology: [{ op: 'putQueue', queue: queue(q) }], inserts: [message(ctx.base + 1, q), message(ctx.base + 50, q)] }),
      );
      await ctx.store.commit(batch({ deletes: [ctx.base + 50] }));
      await ctx.store.commit(topology({ op: 'deleteQueue', name: q }));
      const state = await ctx.restart();
      expect(state.maxSeq).toBe(ctx.base + 50);
      expect(countsOf(state, [q])).toEqual([]);
    });

    it('drops transient messages and messages of queues that are not stored', async () => {
      const [q, unknown] = [`q-${uid()}`, `unknown-${uid()}`];
      const kept = message(ctx.base + 1, q);
      await ctx.store.commit(
        batch({
          topology: [{ op: 'putQueue', queue: queue(q) }],
          inserts: [kept, message(ctx.base + 2, q, { persistent: false }), message(ctx.base + 3, unknown)],
        }),
      );
      const state = await ctx.restart();
      expect(countsOf(state, [q, unknown])).toEqual([
        { queue: q, priority: 0, count: 1, bytes: kept.payload.length, minSeq: kept.seq, oldestPublishedAt: kept.publishedAt, nextExpiresAt: null },
      ]);
      expect(await ctx.loadAll(q)).toStrictEqual([kept]);
      expect(await ctx.loadAll(unknown)).toEqual([]);
      // Dropped messages still count for maxSeq: seqs never go back.
      expect(state.maxSeq).toBe(ctx.base + 3);
    });

    it('counts only the persistent messages where transient ones were stored beside them, and tallies only their deaths', async () => {
      const q = `q-${uid()}`;
      const died = (reason: string) => ({ headers: { 'x-death': [{ reason, queue: 'source', exchange: 'ex', count: 1 }] } });
      // The transient ones come first, weigh more and expire sooner: none of that may show in the counts.
      const transient = { persistent: false, payload: Buffer.alloc(100), publishedAt: 1_000, expiresAt: 2_000, properties: died('maxlen') };
      const kept = [
        message(ctx.base + 3, q, { payload: Buffer.alloc(10), publishedAt: 5_000, properties: died('rejected') }),
        message(ctx.base + 4, q, { payload: Buffer.alloc(7), publishedAt: 6_000, expiresAt: 9_000 }),
      ];
      await ctx.store.commit(
        batch({
          topology: [{ op: 'putQueue', queue: queue(q) }],
          inserts: [message(ctx.base + 1, q, transient), message(ctx.base + 2, q, { ...transient, priority: 4 }), ...kept],
        }),
      );
      const state = await ctx.restart();
      expect(countsOf(state, [q])).toEqual([
        { queue: q, priority: 0, count: 2, bytes: 17, minSeq: ctx.base + 3, oldestPublishedAt: 5_000, nextExpiresAt: 9_000 },
      ]);
      const deaths = state.deadLetterCounts.filter((row) => row.queue === q);
      expect(deaths.map((row) => ({ key: JSON.parse(row.deathKey) as unknown, count: row.count }))).toEqual([
        { key: ['rejected', 'source', 'ex'], count: 1 },
      ]);
      expect(await ctx.loadAll(q)).toStrictEqual(kept);
      expect(await ctx.loadAll(q, 4)).toEqual([]);
    });

    it('drops non-durable and exclusive queues, non-durable exchanges, and their bindings and messages', async () => {
      const [durableQ, transientQ, exclusiveQ] = [`dq-${uid()}`, `tq-${uid()}`, `eq-${uid()}`];
      const [durableX, transientX] = [`dx-${uid()}`, `tx-${uid()}`];
      const keep = binding(durableX, durableQ);
      const dropped = [
        binding(durableX, transientQ),
        binding(durableX, exclusiveQ),
        binding(transientX, durableQ),
        binding(durableX, transientX, { destinationType: 'exchange' }),
      ];
      await ctx.store.commit(
        batch({
          topology: [
            { op: 'putQueue', queue: queue(durableQ) },
            { op: 'putQueue', queue: queue(transientQ, { durable: false }) },
            { op: 'putQueue', queue: queue(exclusiveQ, { exclusiveOwner: `conn-${uid()}` }) },
            { op: 'putExchange', exchange: exchange(durableX) },
            { op: 'putExchange', exchange: exchange(transientX, { durable: false }) },
            ...[keep, ...dropped].map((b): TopologyWrite => ({ op: 'putBinding', binding: b })),
          ],
          inserts: [message(ctx.base + 1, durableQ), message(ctx.base + 2, transientQ), message(ctx.base + 3, exclusiveQ)],
        }),
      );
      const state = await ctx.restart();
      expect(byName(state.queues, [durableQ, transientQ, exclusiveQ]).map((q) => q.name)).toEqual([durableQ]);
      expect(byName(state.exchanges, [durableX, transientX]).map((x) => x.name)).toEqual([durableX]);
      const ids = state.bindings.map((b) => b.id);
      expect(ids).toContain(keep.id);
      for (const b of dropped) expect(ids).not.toContain(b.id);
      expect(countsOf(state, [durableQ, transientQ, exclusiveQ]).map((c) => c.queue)).toEqual([durableQ]);
      expect(await ctx.loadAll(transientQ)).toEqual([]);
      expect(await ctx.loadAll(exclusiveQ)).toEqual([]);
    });
  });

  describe('atomicity', () => {
    it('a batch that fails midway leaves nothing of it, and the store keeps working', async () => {
      const [q, fresh, x] = [`q-${uid()}`, `fresh-${uid()}`, `x-${uid()}`];
      const stored = [1, 2].map((i) => message(ctx.base + i, q));
      await ctx.store.commit(batch({ topology: [{ op: 'putQueue', queue: queue(q) }], inserts: stored }));

      const failing = batch({
        topology: [
          { op: 'putQueue', queue: queue(fresh) },
          { op: 'putExchange', exchange: exchange(x) },
          { op: 'putQueue', queue: queue(q, { arguments: { maxLength: 1 } }) },
        ],
        // The second insert reuses a stored seq: the batch cannot be written.
        inserts: [message(ctx.base + 3, fresh), message(ctx.base + 1, fresh)],
        deliveries: [{ seq: ctx.base + 1, deliveryCount: 7 }],
        deletes: [ctx.base + 2],
      });
      await expect(ctx.store.commit(failing)).rejects.toThrow();
      await expect(ctx.store.commit(batch({ inserts: [message(ctx.base + 4, q), message(ctx.base + 4, q)] }))).rejects.toThrow();

      await ctx.store.commit(batch({ inserts: [message(ctx.base + 5, q)] }));
      const state = await ctx.restart();
      expect(byName(state.queues, [q, fresh])).toStrictEqual([queue(q)]);
      expect(byName(state.exchanges, [x])).toEqual([]);
      expect(await ctx.loadAll(fresh)).toEqual([]);
      expect(await ctx.loadAll(q)).toStrictEqual([...stored, message(ctx.base + 5, q)]);
    });
  });

  describe('restart', () => {
    it('keeps topology and messages across several close and reopen cycles', async () => {
      const [x, q] = [`x-${uid()}`, `q-${uid()}`];
      const b = binding(x, q);
      const messages = Array.from({ length: 50 }, (_, i) => message(ctx.base + 1 + i, q, { priority: i % 3 }));
      await ctx.store.commit(
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
        const state = await ctx.restart();
        expect(byName(state.exchanges, [x])).toStrictEqual([exchange(x)]);
        expect(byName(state.queues, [q])).toStrictEqual([queue(q)]);
        expect(state.bindings.filter((found) => found.id === b.id)).toStrictEqual([b]);
        expect(countsOf(state, [q]).reduce((sum, c) => sum + c.count, 0)).toBe(50);
        expect(state.maxSeq).toBe(ctx.base + 50);
        for (const priority of [0, 1, 2]) {
          expect(await ctx.loadAll(q, priority)).toStrictEqual(messages.filter((m) => m.priority === priority));
        }
      }
    });
  });
}
