import { describe, expect, it } from 'vitest';
import { api, bind, declareExchange, declareQueue, enc, errorCode, receive, unique } from './http';

describe('bindings', () => {
  it('creates: 201, then 200 with the same id for an identical binding', async () => {
    const exchange = unique('ex');
    const queue = unique('q');
    await declareExchange(exchange, 'direct');
    await declareQueue(queue);
    const created = await api('POST', '/bindings', { body: { source: exchange, destination: queue, routingKey: 'k' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), source: exchange, destination: queue, destinationType: 'queue', routingKey: 'k', arguments: {} });
    const again = await api('POST', '/bindings', { body: { source: exchange, destination: queue, destinationType: 'queue', routingKey: 'k', arguments: {} } });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(created.body.id);
  });

  it('lists with source and destination filters', async () => {
    const exchange = unique('ex');
    const q1 = unique('q1');
    const q2 = unique('q2');
    await declareExchange(exchange, 'fanout');
    await declareQueue(q1);
    await declareQueue(q2);
    const b1 = await bind(exchange, q1);
    const b2 = await bind(exchange, q2);
    const bySource = await api('GET', `/bindings?source=${enc(exchange)}`);
    expect(bySource.body).toEqual(expect.arrayContaining([b1, b2]));
    expect(bySource.body).toHaveLength(2);
    const byBoth = await api('GET', `/bindings?source=${enc(exchange)}&destination=${enc(q2)}`);
    expect(byBoth.body).toEqual([b2]);
    const defaults = await api('GET', `/bindings?source=amq.default&destination=${enc(q1)}`);
    expect(defaults.body).toEqual([expect.objectContaining({ source: 'amq.default', destination: q1, routingKey: q1 })]);
    const all = await api('GET', '/bindings');
    expect(all.body).toEqual(expect.arrayContaining([b1, b2]));
  });

  it('deletes: 204, then 404; the default exchange bindings cannot be removed (403)', async () => {
    const exchange = unique('ex');
    const queue = unique('q');
    await declareExchange(exchange, 'fanout');
    await declareQueue(queue);
    const binding = await bind(exchange, queue);
    expect((await api('DELETE', `/bindings/${enc(binding.id)}`)).status).toBe(204);
    const again = await api('DELETE', `/bindings/${enc(binding.id)}`);
    expect(again.status).toBe(404);
    expect(errorCode(again)).toBe('not_found');
    const [implicit] = (await api('GET', `/bindings?source=amq.default&destination=${enc(queue)}`)).body;
    const refused = await api('DELETE', `/bindings/${enc(implicit.id)}`);
    expect(refused.status).toBe(403);
    expect(errorCode(refused)).toBe('forbidden');
  });

  it('refuses to bind the default exchange (403) and unknown ends (404)', async () => {
    const queue = unique('q');
    await declareQueue(queue);
    for (const source of ['', 'amq.default']) {
      const answer = await api('POST', '/bindings', { body: { source, destination: queue, routingKey: 'x' } });
      expect(answer.status, source).toBe(403);
    }
    const unknownSource = await api('POST', '/bindings', { body: { source: unique('nope'), destination: queue } });
    expect(unknownSource.status).toBe(404);
    const unknownQueue = await api('POST', '/bindings', { body: { source: 'amq.direct', destination: unique('nope') } });
    expect(unknownQueue.status).toBe(404);
    const invalid = await api('POST', '/bindings', { body: { source: 'amq.direct', destination: queue, destinationType: 'topic' } });
    expect(invalid.status).toBe(400);
    const missing = await api('POST', '/bindings', { body: { destination: queue } });
    expect(missing.status).toBe(400);
  });

  it('headers exchange: x-match and null as a presence test, values compared by JSON type', async () => {
    const exchange = unique('ex-headers');
    const queue = unique('q');
    await declareExchange(exchange, 'headers');
    await declareQueue(queue);
    await bind(exchange, queue, '', { arguments: { 'x-match': 'all', region: 'eu', trace: null, level: 1 } });
    const route = (headers: Record<string, unknown>) =>
      api('POST', `/exchanges/${enc(exchange)}/route-test`, { body: { headers } }).then((a) => a.body.queues);
    expect(await route({ region: 'eu', trace: 'abc', level: 1 })).toEqual([queue]);
    expect(await route({ region: 'eu', level: 1 })).toEqual([]);
    expect(await route({ region: 'eu', trace: 'abc', level: '1' })).toEqual([]);
    const bad = await api('POST', '/bindings', { body: { source: exchange, destination: queue, arguments: { 'x-match': 'some' } } });
    expect(bad.status).toBe(400);

    const published = await api('POST', `/exchanges/${enc(exchange)}/publish`, {
      body: { payload: 'hi', properties: { headers: { region: 'eu', trace: 't', level: 1 } } },
    });
    expect(published.body).toMatchObject({ routed: true, queues: 1 });
    expect((await receive(queue))[0].payload).toBe('hi');
  });
});
