import { describe, expect, it } from 'vitest';
import { startEngine, text } from '../../tests/support/engine-fixture';
import { codeOf, engine, name, useFreshEngine } from './broker-topology.fixtures';
import type { FieldTable } from './types';

useFreshEngine();

describe('publishing', () => {
  it('not_found for an unknown exchange', async () => {
    expect(await codeOf(() => engine.broker.publish({ exchange: name('missing'), routingKey: '', payload: text('m') }))).toBe('not_found');
  });

  it('payload_too_large past maxMessageBytes; exactly the limit is fine', async () => {
    const small = await startEngine({ maxMessageBytes: 16 });
    try {
      const q = name('q');
      await small.broker.declareQueue(q);
      expect(await small.broker.publish({ exchange: '', routingKey: q, payload: Buffer.alloc(16) })).toMatchObject({ routed: true });
      expect(await codeOf(() => small.broker.publish({ exchange: '', routingKey: q, payload: Buffer.alloc(17) }))).toBe('payload_too_large');
      // A batch with one oversized message publishes nothing.
      expect(
        await codeOf(() =>
          small.broker.publishBatch([
            { exchange: '', routingKey: q, payload: Buffer.alloc(1) },
            { exchange: '', routingKey: q, payload: Buffer.alloc(17) },
          ]),
        ),
      ).toBe('payload_too_large');
      expect(small.broker.getQueue(q).messages).toBe(1);
    } finally {
      await small.cleanup();
    }
  });

  it('mandatory and unroutable answers routed false and stores nothing', async () => {
    const { broker } = engine;
    const x = name('x');
    await broker.declareExchange(x, { type: 'direct' });
    expect(await broker.publish({ exchange: x, routingKey: 'k', payload: text('m'), mandatory: true })).toMatchObject({
      routed: false,
      queues: 0,
    });
    expect(await broker.publish({ exchange: x, routingKey: 'k', payload: text('m') })).toMatchObject({ routed: false, queues: 0 });
  });

  it('CC adds routing keys and stays in the headers; BCC routes and is removed', async () => {
    const { broker } = engine;
    const x = name('x');
    const [main, cc, bcc] = [name('main'), name('cc'), name('bcc')];
    await broker.declareExchange(x, { type: 'direct' });
    for (const [q, key] of [
      [main, 'main'],
      [cc, 'cc'],
      [bcc, 'bcc'],
    ]) {
      await broker.declareQueue(q);
      await broker.bind({ source: x, destination: q, routingKey: key });
    }
    const headers: FieldTable = { CC: ['cc'], BCC: ['bcc'], other: 'kept' };
    const result = await broker.publish({ exchange: x, routingKey: 'main', payload: text('m'), properties: { headers } });
    expect(result).toMatchObject({ routed: true, queues: 3 });
    expect(headers).toEqual({ CC: ['cc'], BCC: ['bcc'], other: 'kept' }); // the caller's object is not changed

    for (const q of [main, cc, bcc]) {
      const [delivery] = await broker.receive(q, { max: 1 });
      expect(delivery.routingKey).toBe('main');
      expect(delivery.properties.headers).toEqual({ CC: ['cc'], other: 'kept' });
    }
  });

  it('non-string CC entries are ignored', async () => {
    const { broker } = engine;
    const q = name('q');
    await broker.declareQueue(q);
    const result = await broker.publish({ exchange: '', routingKey: 'nothing', payload: text('m'), properties: { headers: { CC: [1, q] as never } } });
    expect(result).toMatchObject({ routed: true, queues: 1 });
  });
});

describe('bindings', () => {
  it('an identical binding answers the same id with created false', async () => {
    const { broker } = engine;
    const x = name('x');
    const q = name('q');
    await broker.declareExchange(x, { type: 'headers' });
    await broker.declareQueue(q);
    const first = await broker.bind({ source: x, destination: q, arguments: { 'x-match': 'any', a: 1, b: [1, { c: 2, d: 3 }] } });
    expect(first.created).toBe(true);
    const again = await broker.bind({ source: x, destination: q, destinationType: 'queue', routingKey: '', arguments: { b: [1, { d: 3, c: 2 }], a: 1, 'x-match': 'any' } });
    expect(again).toEqual({ created: false, binding: first.binding });

    const other = await broker.bind({ source: x, destination: q, routingKey: 'k', arguments: { 'x-match': 'any', a: 1, b: [1, { c: 2, d: 3 }] } });
    expect(other.created).toBe(true);
    expect(other.binding.id).not.toBe(first.binding.id);
    expect(broker.listBindings({ source: x })).toHaveLength(2);
  });

  it('a headers binding with an invalid x-match is a bad request', async () => {
    const { broker } = engine;
    const x = name('x');
    const q = name('q');
    await broker.declareExchange(x, { type: 'headers' });
    await broker.declareQueue(q);
    for (const xMatch of ['some', 'ALL', 'Any', '', 1, true, null]) {
      expect(await codeOf(() => broker.bind({ source: x, destination: q, arguments: { 'x-match': xMatch } }))).toBe('bad_request');
    }
    expect(broker.listBindings({ source: x })).toEqual([]);
    for (const xMatch of ['all', 'any', 'all-with-x', 'any-with-x']) {
      expect((await broker.bind({ source: x, destination: q, arguments: { 'x-match': xMatch } })).created).toBe(true);
    }
  });

  it('not_found for an unknown source, destination or binding id', async () => {
    const { broker } = engine;
    const x = name('x');
    const q = name('q');
    await broker.declareExchange(x, { type: 'direct' });
    await broker.declareQueue(q);
    expect(await codeOf(() => broker.bind({ source: name('nope'), destination: q }))).toBe('not_found');
    expect(await codeOf(() => broker.bind({ source: x, destination: name('nope') }))).toBe('not_found');
    expect(await codeOf(() => broker.bind({ source: x, destination: name('nope'), destinationType: 'exchange' }))).toBe('not_found');
    expect(await codeOf(() => broker.unbind('b-unknown'))).toBe('not_found');
  });

  it('unbinding stops the routing', async () => {
    const { broker } = engine;
    const x = name('x');
    const q = name('q');
    await broker.declareExchange(x, { type: 'direct' });
    await broker.declareQueue(q);
    const { binding } = await broker.bind({ source: x, destination: q, routingKey: 'k' });
    await broker.unbind(binding.id);
    expect(await broker.publish({ exchange: x, routingKey: 'k', payload: text('m') })).toMatchObject({ routed: false });
    expect(await codeOf(() => broker.unbind(binding.id))).toBe('not_found');
  });

  it('lists a queue`s default binding with the others, and counts bindings in the overview', async () => {
    const { broker } = engine;
    const x = name('x');
    const q = name('q');
    await broker.declareExchange(x, { type: 'direct' });
    await broker.declareQueue(q);
    const before = broker.overview().bindings;
    await broker.bind({ source: x, destination: q, routingKey: 'k' });
    expect(broker.incomingBindings('queue', q).map((b) => b.source)).toEqual(['', x]);
    expect(broker.overview().bindings).toBe(before + 1);
  });
});
