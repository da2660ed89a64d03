import { describe, expect, it } from 'vitest';
import { text } from '../../../tests/support/engine-fixture';
import { bindExchange, bindQueue, codeOf, depth, engine, exchange, publish, queue, uid, useFreshEngine } from './topology.fixtures';

useFreshEngine();

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
