import { describe, expect, it } from 'vitest';
import { text } from '../../../tests/support/engine-fixture';
import type { FieldTable } from '../types';
import { bindQueue, codeOf, depth, engine, exchange, publish, queue, uid, useFreshEngine } from './topology.fixtures';

useFreshEngine();

describe('routing by exchange type', () => {
  it('direct: a binding matches only its exact routing key, case-sensitive', async () => {
    const x = await exchange('direct');
    const [a, b] = [await queue(), await queue()];
    await bindQueue(x, a, 'orders.created');
    await bindQueue(x, b, 'Orders.Created');

    expect(await publish(x, 'orders.created')).toMatchObject({ routed: true, queues: 1 });
    expect(await publish(x, 'orders')).toMatchObject({ routed: false, queues: 0 });
    expect(await publish(x, 'orders.created ')).toMatchObject({ routed: false });
    expect(await publish(x, 'Orders.Created')).toMatchObject({ routed: true, queues: 1 });
    expect([depth(a), depth(b)]).toEqual([1, 1]);
  });

  it('direct: several queues with the same key all get the message', async () => {
    const x = await exchange('direct');
    const qs = [await queue(), await queue(), await queue()];
    for (const q of qs) await bindQueue(x, q, 'k');
    expect(await publish(x, 'k')).toMatchObject({ routed: true, queues: 3 });
    expect(qs.map(depth)).toEqual([1, 1, 1]);
  });

  it('direct: the empty routing key is a key like any other', async () => {
    const x = await exchange('direct');
    const q = await queue();
    await bindQueue(x, q, '');
    expect(await publish(x, 'x')).toMatchObject({ routed: false });
    expect(await publish(x, '')).toMatchObject({ routed: true });
    expect(depth(q)).toBe(1);
  });

  it('fanout: every bound queue gets the message whatever the routing key', async () => {
    const x = await exchange('fanout');
    const [a, b] = [await queue(), await queue()];
    await bindQueue(x, a, 'ignored');
    await bindQueue(x, b);
    expect(await publish(x, 'anything')).toMatchObject({ routed: true, queues: 2 });
    expect(await publish(x, '')).toMatchObject({ routed: true, queues: 2 });
    expect([depth(a), depth(b)]).toEqual([2, 2]);
  });

  it('fanout with no bindings routes nowhere', async () => {
    const x = await exchange('fanout');
    expect(await publish(x, 'k')).toMatchObject({ routed: false, queues: 0 });
  });

  it('topic: * is one word, # is zero or more, "" is zero words', async () => {
    const x = await exchange('topic');
    const star = await queue();
    const hashTail = await queue();
    const all = await queue();
    const empty = await queue();
    const middle = await queue();
    await bindQueue(x, star, 'orders.*');
    await bindQueue(x, hashTail, 'orders.#');
    await bindQueue(x, all, '#');
    await bindQueue(x, empty, '');
    await bindQueue(x, middle, 'a.#.b');

    const routed = async (key: string) => {
      const before = [star, hashTail, all, empty, middle].map(depth);
      await publish(x, key);
      const after = [star, hashTail, all, empty, middle].map(depth);
      return after.map((n, i) => n - before[i]);
    };
    //                                   star hash all empty middle
    expect(await routed('orders.created')).toEqual([1, 1, 1, 0, 0]);
    expect(await routed('orders')).toEqual([0, 1, 1, 0, 0]);
    expect(await routed('orders.a.b')).toEqual([0, 1, 1, 0, 0]);
    expect(await routed('orders.')).toEqual([1, 1, 1, 0, 0]); // "orders" + the empty word
    expect(await routed('')).toEqual([0, 0, 1, 1, 0]);
    expect(await routed('a.b')).toEqual([0, 0, 1, 0, 1]);
    expect(await routed('a.x.y.b')).toEqual([0, 0, 1, 0, 1]);
    expect(await routed('Orders.created')).toEqual([0, 0, 1, 0, 0]);
  });

  it('topic: wildcards inside a word are literals', async () => {
    const x = await exchange('topic');
    const q = await queue();
    await bindQueue(x, q, 'a*.#b');
    expect(await publish(x, 'ab.b')).toMatchObject({ routed: false });
    expect(await publish(x, 'a*.#b')).toMatchObject({ routed: true });
  });

  it('headers: x-match all / any, routing key ignored, strict values', async () => {
    const x = await exchange('headers');
    const all = await queue();
    const any = await queue();
    const present = await queue();
    await bindQueue(x, all, 'ignored', { 'x-match': 'all', format: 'pdf', type: 'report' });
    await bindQueue(x, any, '', { 'x-match': 'any', format: 'pdf', type: 'report' });
    await bindQueue(x, present, '', { trace: null });

    const routed = async (headers: FieldTable | undefined) => {
      const before = [all, any, present].map(depth);
      await publish(x, 'whatever', headers);
      return [all, any, present].map((q, i) => depth(q) - before[i]);
    };
    expect(await routed({ format: 'pdf', type: 'report' })).toEqual([1, 1, 0]);
    expect(await routed({ format: 'pdf' })).toEqual([0, 1, 0]);
    expect(await routed({ format: 'zip', type: 'log' })).toEqual([0, 0, 0]);
    expect(await routed({ trace: 'anything', format: 1 })).toEqual([0, 0, 1]);
    expect(await routed({ trace: null })).toEqual([0, 0, 1]);
    expect(await routed(undefined)).toEqual([0, 0, 0]);
  });

  it('headers: with x-match all and no evaluated arguments, every message matches', async () => {
    const x = await exchange('headers');
    const q = await queue();
    await bindQueue(x, q, '', { 'x-match': 'all', 'x-ignored': 'yes' });
    expect(await publish(x, '', undefined)).toMatchObject({ routed: true });
  });
});

describe('the default exchange', () => {
  it('routes by queue name, also when addressed as amq.default', async () => {
    const q = await queue();
    expect(await publish('', q)).toMatchObject({ routed: true, queues: 1 });
    expect(await publish('amq.default', q)).toMatchObject({ routed: true, queues: 1 });
    expect(await publish('', `no-such-queue-${uid()}`)).toMatchObject({ routed: false, queues: 0 });
    expect(depth(q)).toBe(2);
    const [delivery] = await engine.broker.receive(q, { max: 1 });
    expect(delivery).toMatchObject({ exchange: '', routingKey: q });
  });

  it('routes CC keys to the queues they name, one copy each', async () => {
    const [a, b] = [await queue(), await queue()];
    const result = await engine.broker.publish({ exchange: '', routingKey: a, payload: text('m'), properties: { headers: { CC: [b, a] } } });
    expect(result).toMatchObject({ routed: true, queues: 2 });
    expect([depth(a), depth(b)]).toEqual([1, 1]);
  });

  it('cannot be bound from or to, and its bindings cannot be removed', async () => {
    const q = await queue();
    const x = await exchange('fanout');
    expect(await codeOf(() => engine.broker.bind({ source: '', destination: q, routingKey: 'k' }))).toBe('forbidden');
    expect(await codeOf(() => engine.broker.bind({ source: 'amq.default', destination: q, routingKey: 'k' }))).toBe('forbidden');
    expect(await codeOf(() => engine.broker.bind({ source: x, destination: '', destinationType: 'exchange' }))).toBe('forbidden');
    expect(await codeOf(() => engine.broker.bind({ source: x, destination: 'amq.default', destinationType: 'exchange' }))).toBe('forbidden');

    const defaults = engine.broker.listBindings({ source: '', destination: q });
    expect(defaults).toEqual([{ id: `default:${q}`, source: '', destination: q, destinationType: 'queue', routingKey: q, arguments: {} }]);
    expect(await codeOf(() => engine.broker.unbind(defaults[0].id))).toBe('forbidden');
    expect(await publish('', q)).toMatchObject({ routed: true });
  });
});
