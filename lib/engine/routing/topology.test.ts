import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEngine, text, type EngineFixture } from '../../../tests/support/engine-fixture';
import type { ExchangeType, FieldTable } from '../types';

let engine: EngineFixture;
beforeEach(async () => {
  engine = await startEngine();
});
afterEach(async () => {
  await engine.cleanup();
});

const uid = () => randomUUID().slice(0, 8);

async function codeOf(run: () => unknown): Promise<string | undefined> {
  try {
    await run();
  } catch (error) {
    return (error as { code?: string }).code ?? 'no code';
  }
  return undefined;
}

async function exchange(type: ExchangeType, options: { alternateExchange?: string; internal?: boolean } = {}): Promise<string> {
  const name = `x-${type}-${uid()}`;
  await engine.broker.declareExchange(name, { type, ...options });
  return name;
}

async function queue(): Promise<string> {
  const name = `q-${uid()}`;
  await engine.broker.declareQueue(name);
  return name;
}

async function bindQueue(source: string, destination: string, routingKey = '', args?: FieldTable): Promise<string> {
  const { binding } = await engine.broker.bind({ source, destination, routingKey, ...(args ? { arguments: args } : {}) });
  return binding.id;
}

async function bindExchange(source: string, destination: string, routingKey = '', args?: FieldTable): Promise<string> {
  const { binding } = await engine.broker.bind({ source, destination, destinationType: 'exchange', routingKey, ...(args ? { arguments: args } : {}) });
  return binding.id;
}

function publish(exchangeName: string, routingKey: string, headers?: FieldTable) {
  return engine.broker.publish({ exchange: exchangeName, routingKey, payload: text(`to ${routingKey}`), properties: headers ? { headers } : {} });
}

const depth = (name: string) => engine.broker.getQueue(name).messagesReady;

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

describe('exchange-to-exchange bindings', () => {
  it('the destination exchange applies its own type', async () => {
    const source = await exchange('topic');
    const fan = await exchange('fanout');
    const direct = await exchange('direct');
    const [viaFanout, viaDirect, directOther] = [await queue(), await queue(), await queue()];
    await bindExchange(source, fan, 'orders.*');
    await bindExchange(source, direct, 'orders.#');
    await bindQueue(fan, viaFanout, 'never-compared');
    await bindQueue(direct, viaDirect, 'orders.created');
    await bindQueue(direct, directOther, 'orders.*');

    expect(await publish(source, 'orders.created')).toMatchObject({ routed: true, queues: 2 });
    expect([depth(viaFanout), depth(viaDirect), depth(directOther)]).toEqual([1, 1, 0]);

    // Reaches the direct exchange (orders.#) but its only matching key is 'orders.created'.
    expect(await publish(source, 'orders')).toMatchObject({ routed: false, queues: 0 });
  });

  it('chains of exchanges are followed to the end', async () => {
    const a = await exchange('fanout');
    const b = await exchange('direct');
    const c = await exchange('topic');
    const q = await queue();
    await bindExchange(a, b);
    await bindExchange(b, c, 'k.1');
    await bindQueue(c, q, 'k.*');
    expect(await publish(a, 'k.1')).toMatchObject({ routed: true, queues: 1 });
    expect(await publish(a, 'k.2')).toMatchObject({ routed: false });
    expect(depth(q)).toBe(1);
  });

  it('a cycle between exchanges terminates and delivers one copy', async () => {
    const a = await exchange('fanout');
    const b = await exchange('fanout');
    const c = await exchange('fanout');
    const q = await queue();
    await bindExchange(a, b);
    await bindExchange(b, c);
    await bindExchange(c, a);
    await bindExchange(a, a); // an exchange bound to itself
    await bindQueue(b, q);
    await bindQueue(c, q);

    expect(await publish(a, 'loop')).toMatchObject({ routed: true, queues: 1 });
    expect(depth(q)).toBe(1);
  });

  it('a cycle that reaches no queue routes nowhere', async () => {
    const a = await exchange('fanout');
    const b = await exchange('fanout');
    await bindExchange(a, b);
    await bindExchange(b, a);
    expect(await publish(a, 'loop')).toMatchObject({ routed: false, queues: 0 });
  });

  it('a queue reached by several bindings and paths gets one copy', async () => {
    const top = await exchange('topic');
    const left = await exchange('fanout');
    const right = await exchange('direct');
    const q = await queue();
    const other = await queue();
    // Two bindings of the same exchange to q that both match.
    await bindQueue(top, q, 'a.*');
    await bindQueue(top, q, 'a.#');
    // A diamond: top → left → q and top → right → q.
    await bindExchange(top, left, '#');
    await bindExchange(top, right, 'a.b');
    await bindQueue(left, q);
    await bindQueue(right, q, 'a.b');
    await bindQueue(right, other, 'a.b');

    expect(await publish(top, 'a.b')).toMatchObject({ routed: true, queues: 2 });
    expect(depth(q)).toBe(1);
    expect(depth(other)).toBe(1);
  });

  it('CC routing keys are matched at every exchange of the walk', async () => {
    const top = await exchange('topic');
    const direct = await exchange('direct');
    const [a, b] = [await queue(), await queue()];
    await bindExchange(top, direct, '#');
    await bindQueue(direct, a, 'first');
    await bindQueue(direct, b, 'second');
    const result = await engine.broker.publish({ exchange: top, routingKey: 'first', payload: text('m'), properties: { headers: { CC: ['second'] } } });
    expect(result).toMatchObject({ routed: true, queues: 2 });
    expect([depth(a), depth(b)]).toEqual([1, 1]);
  });

  it('an internal exchange cannot be published to but routes what reaches it by binding', async () => {
    const front = await exchange('direct');
    const inner = await exchange('fanout', { internal: true });
    const q = await queue();
    await bindExchange(front, inner, 'k');
    await bindQueue(inner, q);
    expect(await codeOf(() => publish(inner, 'k'))).toBe('forbidden');
    expect(await publish(front, 'k')).toMatchObject({ routed: true, queues: 1 });
    expect(depth(q)).toBe(1);
  });
});

describe('alternate exchanges', () => {
  it('takes the message when nothing matches, and only then', async () => {
    const ae = await exchange('fanout');
    const x = await exchange('direct', { alternateExchange: ae });
    const [bound, unroutable] = [await queue(), await queue()];
    await bindQueue(x, bound, 'known');
    await bindQueue(ae, unroutable);

    expect(await publish(x, 'known')).toMatchObject({ routed: true, queues: 1 });
    expect(await publish(x, 'unknown')).toMatchObject({ routed: true, queues: 1 });
    expect([depth(bound), depth(unroutable)]).toEqual([1, 1]);

    const [delivery] = await engine.broker.receive(unroutable, { max: 1 });
    // The message is unchanged: same exchange and routing key as published.
    expect(delivery).toMatchObject({ exchange: x, routingKey: 'unknown' });
  });

  it('counts as routed for mandatory', async () => {
    const ae = await exchange('fanout');
    const x = await exchange('topic', { alternateExchange: ae });
    await bindQueue(ae, await queue());
    const result = await engine.broker.publish({ exchange: x, routingKey: 'nowhere', payload: text('m'), mandatory: true });
    expect(result.routed).toBe(true);
  });

  it('is followed recursively until a queue is found', async () => {
    const last = await exchange('fanout');
    const middle = await exchange('direct', { alternateExchange: last });
    const first = await exchange('topic', { alternateExchange: middle });
    const [middleQ, lastQ] = [await queue(), await queue()];
    await bindQueue(middle, middleQ, 'm');
    await bindQueue(last, lastQ);

    await publish(first, 'm');
    expect([depth(middleQ), depth(lastQ)]).toEqual([1, 0]);
    await publish(first, 'other');
    expect([depth(middleQ), depth(lastQ)]).toEqual([1, 1]);
  });

  it('stops at an alternate exchange already tried', async () => {
    const a = `x-ae-a-${uid()}`;
    const b = `x-ae-b-${uid()}`;
    await engine.broker.declareExchange(a, { type: 'direct', alternateExchange: b });
    await engine.broker.declareExchange(b, { type: 'direct', alternateExchange: a });
    const q = await queue();
    await bindQueue(b, q, 'b-only');

    expect(await publish(a, 'nowhere')).toMatchObject({ routed: false, queues: 0 });
    expect(await publish(a, 'b-only')).toMatchObject({ routed: true, queues: 1 });
    expect(depth(q)).toBe(1);
  });

  it('does not send a message back to an exchange already visited by binding', async () => {
    const a = await exchange('fanout');
    const b = `x-ae-${uid()}`;
    await engine.broker.declareExchange(b, { type: 'direct', alternateExchange: a });
    await bindExchange(a, b);
    expect(await publish(a, 'nowhere')).toMatchObject({ routed: false, queues: 0 });
  });

  it('an alternate exchange that does not exist drops the message', async () => {
    const x = await exchange('direct', { alternateExchange: `missing-${uid()}` });
    expect(await publish(x, 'k')).toMatchObject({ routed: false, queues: 0 });
  });

  it('an alternate exchange declared later is used from then on', async () => {
    const aeName = `x-later-${uid()}`;
    const x = await exchange('direct', { alternateExchange: aeName });
    expect(await publish(x, 'k')).toMatchObject({ routed: false });
    await engine.broker.declareExchange(aeName, { type: 'fanout' });
    const q = await queue();
    await bindQueue(aeName, q);
    expect(await publish(x, 'k')).toMatchObject({ routed: true, queues: 1 });
  });

  it('an exchange reached by an exchange binding uses its own alternate exchange', async () => {
    const ae = await exchange('fanout');
    const inner = await exchange('direct', { alternateExchange: ae });
    const outer = await exchange('fanout');
    const q = await queue();
    await bindExchange(outer, inner);
    await bindQueue(ae, q);
    expect(await publish(outer, 'unmatched')).toMatchObject({ routed: true, queues: 1 });
    expect(depth(q)).toBe(1);
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

describe('route-test', () => {
  it('answers the queues and the path a message would take, without publishing', async () => {
    const top = await exchange('topic');
    const fan = await exchange('fanout');
    const [a, b] = [await queue(), await queue()];
    const direct = await bindQueue(top, a, 'orders.*');
    const toFan = await bindExchange(top, fan, 'orders.#');
    const fromFan = await bindQueue(fan, b);
    await bindQueue(top, b, 'never');

    const result = engine.broker.routeTest(top, 'orders.created');
    expect(result.queues).toEqual([a, b].sort());
    expect(result.path).toHaveLength(3);
    expect(result.path).toEqual(
      expect.arrayContaining([
        { exchange: top, bindingId: direct, destination: a, destinationType: 'queue' },
        { exchange: top, bindingId: toFan, destination: fan, destinationType: 'exchange' },
        { exchange: fan, bindingId: fromFan, destination: b, destinationType: 'queue' },
      ]),
    );
    // The hop into the fanout exchange comes before the hop out of it.
    expect(result.path.findIndex((s) => s.bindingId === toFan)).toBeLessThan(result.path.findIndex((s) => s.bindingId === fromFan));
    expect([depth(a), depth(b)]).toEqual([0, 0]);
  });

  it('shows the hop to an alternate exchange', async () => {
    const ae = await exchange('fanout');
    const x = await exchange('direct', { alternateExchange: ae });
    const q = await queue();
    const aeBinding = await bindQueue(ae, q);
    const result = engine.broker.routeTest(x, 'nothing');
    expect(result).toEqual({
      queues: [q],
      path: [
        { exchange: x, bindingId: `alternate:${x}`, destination: ae, destinationType: 'exchange' },
        { exchange: ae, bindingId: aeBinding, destination: q, destinationType: 'queue' },
      ],
    });
  });

  it('uses headers, CC and BCC as a publish would', async () => {
    const headers = await exchange('headers');
    const qh = await queue();
    const hb = await bindQueue(headers, qh, '', { format: 'pdf' });
    expect(engine.broker.routeTest(headers, '', { format: 'pdf' })).toEqual({
      queues: [qh],
      path: [{ exchange: headers, bindingId: hb, destination: qh, destinationType: 'queue' }],
    });
    expect(engine.broker.routeTest(headers, '', { format: 'zip' })).toEqual({ queues: [], path: [] });

    const [a, b, c] = [await queue(), await queue(), await queue()];
    const viaDefault = engine.broker.routeTest('amq.default', a, { CC: [b], BCC: [c] });
    expect(viaDefault.queues).toEqual([a, b, c].sort());
    expect(viaDefault.path.map((s) => s.bindingId).sort()).toEqual([`default:${a}`, `default:${b}`, `default:${c}`].sort());
  });

  it('matches headers without BCC, as publish does', async () => {
    const x = await exchange('headers');
    const q = await queue();
    await bindQueue(x, q, '', { 'x-match': 'any', BCC: null });
    expect(engine.broker.routeTest(x, '', { BCC: ['k'] }).queues).toEqual([]);
    expect(await publish(x, '', { BCC: ['k'] })).toMatchObject({ routed: false });
  });

  it('answers not_found for an unknown exchange', async () => {
    expect(await codeOf(() => engine.broker.routeTest(`missing-${uid()}`, 'k'))).toBe('not_found');
  });
});
