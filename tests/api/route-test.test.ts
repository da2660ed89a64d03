import { describe, expect, it } from 'vitest';
import { api, bind, declareExchange, declareQueue, enc, errorCode, unique } from './http';

interface Hop {
  exchange: string;
  bindingId: string;
  destination: string;
  destinationType: 'queue' | 'exchange';
}

async function routeTest(exchange: string, body: Record<string, unknown>): Promise<{ queues: string[]; path: Hop[] }> {
  const answer = await api('POST', `/exchanges/${enc(exchange)}/route-test`, { body });
  expect(answer.status, answer.text).toBe(200);
  return answer.body;
}

async function depth(queue: string): Promise<number> {
  return (await api('GET', `/queues/${enc(queue)}`)).body.messages;
}

describe('POST /exchanges/{name}/route-test', () => {
  it('direct: the queues bound with the routing key, each hop naming its binding', async () => {
    const x = unique('rt-direct');
    const [a, b] = [unique('rt-q'), unique('rt-q')];
    await declareExchange(x, 'direct');
    await declareQueue(a);
    await declareQueue(b);
    const ab = await bind(x, a, 'pay');
    await bind(x, b, 'ship');
    expect(await routeTest(x, { routingKey: 'pay' })).toEqual({ queues: [a], path: [{ exchange: x, bindingId: ab.id, destination: a, destinationType: 'queue' }] });
    expect(await depth(a)).toBe(0);
  });

  it('topic: wildcard bindings, and one copy per queue however many bindings match', async () => {
    const x = unique('rt-topic');
    const q = unique('rt-q');
    await declareExchange(x, 'topic');
    await declareQueue(q);
    const star = await bind(x, q, 'order.*.eu');
    const hash = await bind(x, q, 'order.#');
    const result = await routeTest(x, { routingKey: 'order.created.eu' });
    expect(result.queues).toEqual([q]);
    expect(result.path.map((hop) => hop.bindingId).sort()).toEqual([star.id, hash.id].sort());
    expect((await routeTest(x, { routingKey: 'invoice.created' })).queues).toEqual([]);
  });

  it('headers: x-match any and all, values compared by JSON type', async () => {
    const x = unique('rt-headers');
    const [pdf, report] = [unique('rt-q'), unique('rt-q')];
    await declareExchange(x, 'headers');
    await declareQueue(pdf);
    await declareQueue(report);
    const any = await bind(x, pdf, '', { arguments: { 'x-match': 'any', format: 'pdf', type: 'invoice' } });
    await bind(x, report, '', { arguments: { 'x-match': 'all', type: 'report', pages: 10 } });
    expect(await routeTest(x, { routingKey: 'ignored', headers: { format: 'pdf' } })).toEqual({
      queues: [pdf],
      path: [{ exchange: x, bindingId: any.id, destination: pdf, destinationType: 'queue' }],
    });
    expect((await routeTest(x, { headers: { type: 'report', pages: 10 } })).queues).toEqual([report]);
    expect((await routeTest(x, { headers: { type: 'report', pages: '10' } })).queues).toEqual([]);
  });

  it('exchange-to-exchange: the hop into the second exchange, then its own hops', async () => {
    const top = unique('rt-e2e-topic');
    const fan = unique('rt-e2e-fanout');
    const [direct, viaFan] = [unique('rt-q'), unique('rt-q')];
    await declareExchange(top, 'topic');
    await declareExchange(fan, 'fanout');
    await declareQueue(direct);
    await declareQueue(viaFan);
    const toQueue = await bind(top, direct, 'order.#');
    const toFan = await api('POST', '/bindings', { body: { source: top, destination: fan, destinationType: 'exchange', routingKey: '#' } });
    expect(toFan.status).toBe(201);
    const fromFan = await bind(fan, viaFan);
    // The fanout also reaches the queue the topic exchange reaches directly: still one copy.
    await bind(fan, direct);

    const result = await routeTest(top, { routingKey: 'order.paid' });
    expect(result.queues).toEqual([direct, viaFan].sort());
    expect(result.path).toContainEqual({ exchange: top, bindingId: toQueue.id, destination: direct, destinationType: 'queue' });
    expect(result.path).toContainEqual({ exchange: top, bindingId: toFan.body.id, destination: fan, destinationType: 'exchange' });
    expect(result.path).toContainEqual({ exchange: fan, bindingId: fromFan.id, destination: viaFan, destinationType: 'queue' });
    const into = result.path.findIndex((hop) => hop.bindingId === toFan.body.id);
    const out = result.path.findIndex((hop) => hop.bindingId === fromFan.id);
    expect(into).toBeLessThan(out);
    // Every binding id on the path is one a picture of the bindings can find.
    const bindings = (await api('GET', '/bindings')).body as { id: string }[];
    for (const hop of result.path) expect(bindings.map((b) => b.id)).toContain(hop.bindingId);
  });

  it('alternate exchange: an `alternate:<exchange>` hop when nothing matches, and none when something does', async () => {
    const ae = unique('rt-ae');
    const x = unique('rt-with-ae');
    const [leftovers, matched] = [unique('rt-q'), unique('rt-q')];
    await declareExchange(ae, 'fanout');
    await declareExchange(x, 'direct', { alternateExchange: ae });
    await declareQueue(leftovers);
    await declareQueue(matched);
    const aeBinding = await bind(ae, leftovers);
    await bind(x, matched, 'known');

    expect(await routeTest(x, { routingKey: 'unknown' })).toEqual({
      queues: [leftovers],
      path: [
        { exchange: x, bindingId: `alternate:${x}`, destination: ae, destinationType: 'exchange' },
        { exchange: ae, bindingId: aeBinding.id, destination: leftovers, destinationType: 'queue' },
      ],
    });
    expect((await routeTest(x, { routingKey: 'known' })).path.map((hop) => hop.bindingId)).not.toContain(`alternate:${x}`);
  });

  it('alternate exchanges chain and stop at one already tried', async () => {
    const [a, b] = [unique('rt-ae-a'), unique('rt-ae-b')];
    await declareExchange(a, 'direct', { alternateExchange: b });
    await declareExchange(b, 'direct', { alternateExchange: a });
    expect(await routeTest(a, { routingKey: 'k' })).toEqual({
      queues: [],
      path: [{ exchange: a, bindingId: `alternate:${a}`, destination: b, destinationType: 'exchange' }],
    });
  });

  it('unroutable: no queues and no path, nothing published; an unknown exchange is 404', async () => {
    const x = unique('rt-empty');
    await declareExchange(x, 'topic');
    expect(await routeTest(x, { routingKey: 'a.b' })).toEqual({ queues: [], path: [] });
    const missing = await api('POST', `/exchanges/${enc(unique('rt-missing'))}/route-test`, { body: { routingKey: 'k' } });
    expect(missing.status).toBe(404);
    expect(errorCode(missing)).toBe('not_found');
    const bad = await api('POST', `/exchanges/${enc(x)}/route-test`, { body: { routingKey: 5 } });
    expect(bad.status).toBe(400);
  });
});
