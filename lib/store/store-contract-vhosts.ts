/** @module Store contract, vhosts: two vhosts on one database keep apart, recover apart, share seqs, delete apart. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_VHOST, type Store } from '../engine/store';
import type { JobRecord } from '../engine/jobs/job';
import { type ContractContext, batch, binding, byName, countsOf, exchange, message, queue, topology, uid } from './store-contract-fixtures';

const job = (queueName: string): JobRecord => ({
  id: `job-${uid()}`,
  kind: 'replay',
  queue: queueName,
  status: 'running',
  total: 1,
  done: 0,
  skipped: 0,
  failed: 0,
  startedAt: 1_700_000_000_000,
  spec: { to: 'source', filter: {}, maxRedrives: 5, maxSeq: 9 },
  cursor: '',
});

export function vhostsContract(ctx: ContractContext): void {
  /** Two vhosts of the test's own: `/` (the plain store's) and a fresh one, or two fresh ones. */
  const twoVhosts = (withDefault: boolean): [string, string] => [withDefault ? DEFAULT_VHOST : `a-${uid()}`, `b/${uid()}`];
  const views = (a: string, b: string): [Store, Store] => [ctx.shared.forVhost(a), ctx.shared.forVhost(b)];

  describe('vhosts', () => {
    it('keeps the same names in two vhosts apart: exchanges, queues, bindings, messages and jobs', async () => {
      const [a, b] = twoVhosts(true);
      const [q, x] = [`q-${uid()}`, `x-${uid()}`];
      const sameId = binding(x, q);
      const [inA, inB] = views(a, b);
      await inA.commit(
        batch({
          topology: [
            { op: 'putExchange', exchange: exchange(x, { type: 'direct' }) },
            { op: 'putQueue', queue: queue(q, { arguments: { maxLength: 1 } }) },
            { op: 'putBinding', binding: sameId },
          ],
          inserts: [message(ctx.base + 1, q, { messageId: 'same' }), message(ctx.base + 2, q)],
        }),
      );
      const jobOfB = job(q);
      await inB.commit(
        batch({
          topology: [
            { op: 'putExchange', exchange: exchange(x, { type: 'fanout' }) },
            { op: 'putQueue', queue: queue(q, { arguments: { maxLength: 2 } }) },
            { op: 'putBinding', binding: { ...sameId, routingKey: 'in-b' } },
            { op: 'putJob', job: jobOfB },
          ],
          inserts: [message(ctx.base + 3, q, { messageId: 'same' })],
        }),
      );

      expect((await inA.loadMessages(q, 0, 0, 10)).map((m) => m.seq)).toEqual([ctx.base + 1, ctx.base + 2]);
      expect((await inB.findMessages(q, 'same', 10)).map((m) => m.seq)).toEqual([ctx.base + 3]);
      expect(await inA.loadJobs()).not.toContainEqual(jobOfB);

      await ctx.reopen();
      const [afterA, afterB] = views(a, b);
      const [stateA, stateB] = [await afterA.recover(), await afterB.recover()];
      expect(byName(stateA.exchanges, [x])).toStrictEqual([exchange(x, { type: 'direct' })]);
      expect(byName(stateB.exchanges, [x])).toStrictEqual([exchange(x, { type: 'fanout' })]);
      expect(byName(stateA.queues, [q])).toStrictEqual([queue(q, { arguments: { maxLength: 1 } })]);
      expect(byName(stateB.queues, [q])).toStrictEqual([queue(q, { arguments: { maxLength: 2 } })]);
      expect(stateA.bindings.filter((found) => found.id === sameId.id).map((found) => found.routingKey)).toEqual([sameId.routingKey]);
      expect(stateB.bindings.filter((found) => found.id === sameId.id).map((found) => found.routingKey)).toEqual(['in-b']);
      expect(countsOf(stateA, [q]).map((c) => c.count)).toEqual([2]);
      expect(countsOf(stateB, [q]).map((c) => c.count)).toEqual([1]);
      expect((await afterB.loadJobs()).filter((found) => found.id === jobOfB.id)).toEqual([jobOfB]);

      // Deleting the queue in one vhost leaves the other's queue, messages and bindings.
      await afterA.commit(topology({ op: 'deleteQueue', name: q }, { op: 'deleteExchange', name: x }));
      expect(await afterA.loadMessages(q, 0, 0, 10)).toEqual([]);
      await ctx.reopen();
      const stateOfB = await ctx.shared.forVhost(b).recover();
      expect(byName(stateOfB.queues, [q])).toHaveLength(1);
      expect(stateOfB.bindings.map((found) => found.id)).toContain(sameId.id);
      expect((await ctx.shared.forVhost(b).loadMessages(q, 0, 0, 10)).map((m) => m.seq)).toEqual([ctx.base + 3]);
    });

    it('recovers one vhost without touching another', async () => {
      const [a, b] = twoVhosts(false);
      const q = `q-${uid()}`;
      const [inA, inB] = views(a, b);
      await inA.recover();
      await inB.recover();
      for (const [view, seq] of [[inA, ctx.base + 1], [inB, ctx.base + 2]] as const) {
        await view.commit(
          batch({
            topology: [{ op: 'putQueue', queue: queue(q) }, { op: 'putQueue', queue: queue(`${q}-transient`, { durable: false }) }],
            inserts: [message(seq, q, { persistent: false })],
          }),
        );
      }
      await ctx.reopen();
      const stateA = await ctx.shared.forVhost(a).recover();
      expect(byName(stateA.queues, [q, `${q}-transient`]).map((found) => found.name)).toEqual([q]);
      expect(countsOf(stateA, [q])).toEqual([]);
      // B has not recovered yet: its transient message is still stored, and goes when B recovers.
      const ofB = ctx.shared.forVhost(b);
      expect((await ofB.loadMessages(q, 0, 0, 10)).map((m) => m.seq)).toEqual([ctx.base + 2]);
      const stateB = await ofB.recover();
      expect(byName(stateB.queues, [q, `${q}-transient`]).map((found) => found.name)).toEqual([q]);
      expect(await ofB.loadMessages(q, 0, 0, 10)).toEqual([]);
    });

    it('shares one sequence: seqs never collide, and one vhost cannot touch another\'s messages by seq', async () => {
      const [a, b] = twoVhosts(true);
      const q = `q-${uid()}`;
      const [inA, inB] = views(a, b);
      const stored = message(ctx.base + 1, q);
      await inA.commit(batch({ topology: [{ op: 'putQueue', queue: queue(q) }], inserts: [stored] }));
      await inB.commit(topology({ op: 'putQueue', queue: queue(q) }));

      await expect(inB.commit(batch({ inserts: [message(ctx.base + 1, q)] }))).rejects.toThrow();
      await inB.commit(batch({ deliveries: [{ seq: stored.seq, deliveryCount: 5 }], deletes: [stored.seq] }));
      expect(await inA.loadMessages(q, 0, 0, 10)).toStrictEqual([stored]);

      await ctx.reopen();
      // A vhost that stored nothing still starts above every seq of the database.
      expect((await ctx.shared.forVhost(b).recover()).maxSeq).toBe(ctx.base + 1);
      expect((await ctx.shared.forVhost(`fresh-${uid()}`).recover()).maxSeq).toBe(ctx.base + 1);
    });

    it('deleteVhost removes every row of that vhost and nothing of another', async () => {
      const [a, b] = twoVhosts(false);
      const [q, x] = [`q-${uid()}`, `x-${uid()}`];
      const jobs = { [a]: job(q), [b]: job(q) };
      const [inA, inB] = views(a, b);
      for (const [vhost, view, seq] of [[a, inA, ctx.base + 1], [b, inB, ctx.base + 2]] as const) {
        await view.commit(
          batch({
            topology: [
              { op: 'putExchange', exchange: exchange(x) },
              { op: 'putQueue', queue: queue(q) },
              { op: 'putBinding', binding: binding(x, q) },
              { op: 'putJob', job: jobs[vhost]! },
            ],
            inserts: [message(seq, q)],
          }),
        );
      }
      await ctx.shared.deleteVhost(a);
      expect(await inA.loadMessages(q, 0, 0, 10)).toEqual([]);
      expect(await inA.loadJobs()).toEqual([]);

      await ctx.reopen();
      const stateA = await ctx.shared.forVhost(a).recover();
      expect(stateA).toEqual({ exchanges: [], queues: [], bindings: [], readyCounts: [], deadLetterCounts: [], maxSeq: ctx.base + 2 });
      const stateB = await ctx.shared.forVhost(b).recover();
      expect(byName(stateB.exchanges, [x])).toHaveLength(1);
      expect(byName(stateB.queues, [q])).toHaveLength(1);
      expect(stateB.bindings).toHaveLength(1);
      expect(countsOf(stateB, [q]).map((c) => c.count)).toEqual([1]);
      expect(await ctx.shared.forVhost(b).loadJobs()).toEqual([jobs[b]]);
    });

    it('a vhost\'s view leaves the database open when closed', async () => {
      const [a] = twoVhosts(false);
      await ctx.shared.forVhost(a).close();
      await expect(ctx.shared.forVhost(a).recover()).resolves.toMatchObject({ queues: [] });
      await expect(ctx.store.recover()).resolves.toMatchObject({ maxSeq: ctx.base });
    });
  });
}
