import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/client/api-error';
import type { Binding, CreateBindingBody, FieldTable } from '@/lib/client/types';
import { createBinding, createExchange, createQueue, deleteBinding, pushChange, replaceBinding, revertChange, specOf, type TopologyClient } from './topology-undo';

/** A broker's topology as the HTTP API treats it: idempotent declarations, bindings identified by what they are. */
function fakeBroker() {
  const exchanges = new Set<string>();
  const queues = new Map<string, number>();
  const bindings = new Map<string, Binding>();
  const notFound = (what: string) => new ApiError({ status: 404, code: 'not_found', message: `no ${what}` });
  const idOf = (b: CreateBindingBody) => `b:${JSON.stringify([b.source, b.destinationType ?? 'queue', b.destination, b.routingKey ?? '', b.arguments ?? {}])}`;
  const client: TopologyClient = {
    async declareExchange(name) {
      const created = !exchanges.has(name);
      exchanges.add(name);
      return { created };
    },
    async deleteExchange(name) {
      if (!exchanges.delete(name)) throw notFound(name);
    },
    async declareQueue(name) {
      const created = !queues.has(name);
      if (created) queues.set(name, 0);
      return { created };
    },
    async deleteQueue(name, params = {}) {
      if (!queues.has(name)) throw notFound(name);
      if (params.ifEmpty && queues.get(name)! > 0) throw new ApiError({ status: 409, code: 'precondition_failed', message: 'not empty' });
      queues.delete(name);
    },
    async declareBinding(body) {
      const id = idOf(body);
      const created = !bindings.has(id);
      const binding: Binding = { id, source: body.source, destination: body.destination, destinationType: body.destinationType ?? 'queue', routingKey: body.routingKey ?? '', arguments: (body.arguments ?? {}) as FieldTable };
      bindings.set(id, binding);
      return { created, binding };
    },
    async deleteBinding(id) {
      if (!bindings.delete(id)) throw notFound(id);
    },
  };
  return { client, exchanges, queues, bindings };
}

const spec = (routingKey: string, args = {}) => ({ source: 'orders', destination: 'billing', destinationType: 'queue' as const, routingKey, arguments: args });

describe('changes and their undo', () => {
  it('undoes a created exchange, queue and binding by deleting them', async () => {
    const broker = fakeBroker();
    const exchange = await createExchange(broker.client, 'orders', { type: 'topic' });
    const queue = await createQueue(broker.client, 'billing', {});
    const binding = await createBinding(broker.client, spec('order.*'));
    expect(binding?.description).toBe('Bound queue billing to exchange orders with key "order.*".');
    expect(broker.bindings.size).toBe(1);
    for (const change of [binding, queue, exchange]) await revertChange(broker.client, change!);
    expect([broker.exchanges.size, broker.queues.size, broker.bindings.size]).toEqual([0, 0, 0]);
  });

  it('records nothing when the thing already existed, so undo cannot remove what it did not make', async () => {
    const broker = fakeBroker();
    await broker.client.declareBinding(spec('k'));
    await broker.client.declareExchange('orders', { type: 'direct' });
    expect(await createBinding(broker.client, spec('k'))).toBeUndefined();
    expect(await createExchange(broker.client, 'orders', { type: 'direct' })).toBeUndefined();
  });

  it('undoes a deleted binding by binding it again, arguments included', async () => {
    const broker = fakeBroker();
    const { binding } = await broker.client.declareBinding(spec('', { 'x-match': 'any', region: 'eu' }));
    const change = await deleteBinding(broker.client, binding);
    expect(broker.bindings.size).toBe(0);
    await revertChange(broker.client, change);
    expect([...broker.bindings.values()]).toEqual([binding]);
  });

  it('edits a binding as one change: new one first, old one removed; undo restores exactly the old one', async () => {
    const broker = fakeBroker();
    const { binding: old } = await broker.client.declareBinding(spec('order.created'));
    const change = await replaceBinding(broker.client, old, spec('order.#'));
    expect([...broker.bindings.values()].map((b) => b.routingKey)).toEqual(['order.#']);
    await revertChange(broker.client, change!);
    expect([...broker.bindings.values()]).toEqual([old]);
  });

  it('an edit that changes nothing is no change', async () => {
    const broker = fakeBroker();
    const { binding } = await broker.client.declareBinding(spec('k'));
    expect(await replaceBinding(broker.client, binding, specOf(binding))).toBeUndefined();
    expect(broker.bindings.size).toBe(1);
  });

  it('an edit onto a binding that already existed leaves that one in place when undone', async () => {
    const broker = fakeBroker();
    const { binding: old } = await broker.client.declareBinding(spec('a'));
    const { binding: other } = await broker.client.declareBinding(spec('b'));
    const change = await replaceBinding(broker.client, old, spec('b'));
    await revertChange(broker.client, change!);
    expect([...broker.bindings.keys()].sort()).toEqual([old.id, other.id].sort());
  });

  it('will not delete a queue that received messages, and can be retried once it is empty', async () => {
    const broker = fakeBroker();
    const change = await createQueue(broker.client, 'billing', {});
    broker.queues.set('billing', 3);
    await expect(revertChange(broker.client, change!)).rejects.toMatchObject({ code: 'precondition_failed' });
    broker.queues.set('billing', 0);
    await revertChange(broker.client, change!);
    expect(broker.queues.has('billing')).toBe(false);
  });

  it('treats something already gone as reverted', async () => {
    const broker = fakeBroker();
    const change = await createBinding(broker.client, spec('k'));
    broker.bindings.clear();
    await expect(revertChange(broker.client, change!)).resolves.toBeUndefined();
  });
});

describe('pushChange', () => {
  const change = (n: number) => ({ description: `${n}`, undo: [] });

  it('keeps the newest changes up to the limit and ignores non-changes', () => {
    let stack = pushChange([], change(1), 2);
    stack = pushChange(stack, undefined, 2);
    stack = pushChange(stack, change(2), 2);
    stack = pushChange(stack, change(3), 2);
    expect(stack.map((c) => c.description)).toEqual(['2', '3']);
  });
});
