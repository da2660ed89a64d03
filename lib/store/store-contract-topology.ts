/** @module Store contract, topology: exchanges, queues and bindings survive restarts, overwrite and delete. */
import { describe, expect, it } from 'vitest';
import type { RecoveredState, TopologyWrite } from '../engine/store';
import type { BindingInfo } from '../engine/types';
import { type ContractContext, binding, byName, exchange, queue, topology, uid } from './store-contract-fixtures';

export function topologyContract(ctx: ContractContext): void {
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
      await ctx.store.commit(topology({ op: 'putExchange', exchange: full }, { op: 'putExchange', exchange: exchange(b) }));
      await ctx.store.commit(topology({ op: 'putExchange', exchange: exchange(c, { type: 'fanout' }) }));

      let state = await ctx.restart();
      expect(byName(state.exchanges, [a, b, c])).toStrictEqual([full, exchange(b), exchange(c, { type: 'fanout' })]);

      const overwritten = exchange(a, { type: 'direct', arguments: { changed: 1 } });
      await ctx.store.commit(topology({ op: 'putExchange', exchange: overwritten }, { op: 'deleteExchange', name: b }));
      state = await ctx.restart();
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
      await ctx.store.commit(topology({ op: 'putQueue', queue: full }, { op: 'putQueue', queue: queue(b) }));
      let state = await ctx.restart();
      expect(byName(state.queues, [a, b])).toStrictEqual([full, queue(b)]);

      const overwritten = queue(a, { arguments: { maxLength: 1 } });
      await ctx.store.commit(topology({ op: 'putQueue', queue: overwritten }, { op: 'deleteQueue', name: b }));
      state = await ctx.restart();
      expect(byName(state.queues, [a, b])).toStrictEqual([overwritten]);
    });

    it('keeps bindings across a restart, overwrites them by id and deletes them', async () => {
      const [x, x2, q] = [`x-${uid()}`, `x2-${uid()}`, `q-${uid()}`];
      const toQueue = binding(x, q, { arguments: { 'x-match': 'any', format: 'pdf' } });
      const toExchange = binding(x, x2, { destinationType: 'exchange', routingKey: '' });
      // A source that was never stored (a built-in exchange such as amq.topic) does not make a binding transient.
      const fromBuiltIn = binding('amq.topic', q, { routingKey: 'audit.*' });
      await ctx.store.commit(
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

      expect(mine(await ctx.restart())).toStrictEqual(sorted(toQueue, toExchange, fromBuiltIn));

      const overwritten = { ...toQueue, routingKey: 'orders.created', arguments: {} };
      await ctx.store.commit(topology({ op: 'putBinding', binding: overwritten }, { op: 'deleteBinding', id: toExchange.id }));
      expect(mine(await ctx.restart())).toStrictEqual(sorted(overwritten, fromBuiltIn));
    });

    it('deleting an exchange deletes the bindings from it and to it', async () => {
      const [x, up, other, q] = [`x-${uid()}`, `up-${uid()}`, `other-${uid()}`, `q-${uid()}`];
      const from = binding(x, q);
      const to = binding(up, x, { destinationType: 'exchange' });
      const unrelated = binding(other, q);
      await ctx.store.commit(
        topology(
          ...[x, up, other].map((n): TopologyWrite => ({ op: 'putExchange', exchange: exchange(n) })),
          { op: 'putQueue', queue: queue(q) },
          ...[from, to, unrelated].map((b): TopologyWrite => ({ op: 'putBinding', binding: b })),
        ),
      );
      await ctx.store.commit(topology({ op: 'deleteExchange', name: x }));
      const state = await ctx.restart();
      const ids = state.bindings.map((b) => b.id);
      expect(ids).toContain(unrelated.id);
      expect(ids).not.toContain(from.id);
      expect(ids).not.toContain(to.id);
    });

    it('applies topology writes in order', async () => {
      const q = `q-${uid()}`;
      await ctx.store.commit(
        topology(
          { op: 'putQueue', queue: queue(q, { arguments: { maxLength: 1 } }) },
          { op: 'deleteQueue', name: q },
          { op: 'putQueue', queue: queue(q, { arguments: { maxLength: 2 } }) },
        ),
      );
      expect(byName((await ctx.restart()).queues, [q])).toStrictEqual([queue(q, { arguments: { maxLength: 2 } })]);
    });
  });
}
