import { describe, expect, it } from 'vitest';
import { bindExchange, bindQueue, codeOf, depth, engine, exchange, publish, queue, uid, useFreshEngine } from './topology.fixtures';

useFreshEngine();

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
