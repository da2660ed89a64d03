import { describe, expect, it } from 'vitest';
import { api, bind, declareExchange, declareQueue, enc, errorCode, unique } from './http';

describe('exchanges', () => {
  it('lists the built-ins, the default one as amq.default', async () => {
    const answer = await api('GET', '/exchanges');
    expect(answer.status).toBe(200);
    const byName = new Map((answer.body as { name: string; type: string }[]).map((e) => [e.name, e.type]));
    expect(byName.get('amq.default')).toBe('direct');
    expect(byName.get('amq.direct')).toBe('direct');
    expect(byName.get('amq.fanout')).toBe('fanout');
    expect(byName.get('amq.topic')).toBe('topic');
    expect(byName.get('amq.headers')).toBe('headers');
    expect(byName.has('')).toBe(false);
  });

  it('declares: 201 created, 200 identical, 409 different', async () => {
    const name = unique('ex');
    const created = await api('PUT', `/exchanges/${enc(name)}`, { body: { type: 'topic' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ name, type: 'topic', durable: true, autoDelete: false, internal: false, arguments: {} });
    const again = await api('PUT', `/exchanges/${enc(name)}`, { body: { type: 'topic', durable: true } });
    expect(again.status).toBe(200);
    const different = await api('PUT', `/exchanges/${enc(name)}`, { body: { type: 'fanout' } });
    expect(different.status).toBe(409);
    expect(errorCode(different)).toBe('precondition_failed');
    const listed = await api('GET', '/exchanges');
    expect(listed.body).toContainEqual(created.body);
  });

  it('keeps an alternate exchange and arguments', async () => {
    const name = unique('ex-ae');
    const answer = await api('PUT', `/exchanges/${enc(name)}`, {
      body: { type: 'direct', durable: false, alternateExchange: 'not-yet-there', arguments: { note: 'x' } },
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ durable: false, alternateExchange: 'not-yet-there', arguments: { note: 'x' } });
  });

  it('refuses built-ins with 403 on declare and delete', async () => {
    for (const name of ['amq.default', 'amq.direct', 'amq.topic']) {
      const put = await api('PUT', `/exchanges/${name}`, { body: { type: 'direct' } });
      expect(put.status, name).toBe(403);
      expect(errorCode(put)).toBe('forbidden');
      const del = await api('DELETE', `/exchanges/${name}`);
      expect(del.status, name).toBe(403);
    }
  });

  it('refuses invalid names and bodies with 400 and field details', async () => {
    // Names are any UTF-8 of 1–255 bytes (tests/api/names.test.ts): only these are not.
    for (const name of ['amq.custom', 'x'.repeat(256), 'ü'.repeat(128)]) {
      const answer = await api('PUT', `/exchanges/${enc(name)}`, { body: { type: 'direct' } });
      expect(answer.status, name).toBe(400);
      expect(errorCode(answer)).toBe('bad_request');
      expect(answer.body.error.details[0]).toMatchObject({ in: 'path', path: ['name'] });
    }
    const name = unique('ex-bad');
    for (const body of [{}, { type: 'weird' }, { type: 'direct', durable: 'yes' }, { type: 'direct', arguments: [] }, []]) {
      const answer = await api('PUT', `/exchanges/${enc(name)}`, { body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.details.length).toBeGreaterThan(0);
    }
    const malformed = await api('PUT', `/exchanges/${enc(name)}`, { raw: '{"type": "direct"' });
    expect(malformed.status).toBe(400);
    expect(errorCode(malformed)).toBe('bad_request');
    const notJson = await api('PUT', `/exchanges/${enc(name)}`, { raw: 'type=direct', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(notJson.status).toBe(415);
    expect((await api('GET', `/exchanges/${enc(name)}`)).status).toBe(404);
  });

  it('shows one exchange with outgoing and incoming bindings', async () => {
    const upstream = unique('ex-up');
    const middle = unique('ex-mid');
    const queue = unique('q');
    await declareExchange(upstream, 'fanout');
    await declareExchange(middle, 'direct');
    await declareQueue(queue);
    const incoming = await bind(upstream, middle, '', { destinationType: 'exchange' });
    const outgoing = await bind(middle, queue, 'key');
    const answer = await api('GET', `/exchanges/${enc(middle)}`);
    expect(answer.status).toBe(200);
    expect(answer.body.bindings).toEqual({ outgoing: [outgoing], incoming: [incoming] });
    expect(incoming).toMatchObject({ source: upstream, destination: middle, destinationType: 'exchange' });
  });

  it('shows the default exchange with its implicit bindings', async () => {
    const queue = unique('q-default');
    await declareQueue(queue);
    const answer = await api('GET', '/exchanges/amq.default');
    expect(answer.status).toBe(200);
    expect(answer.body.name).toBe('amq.default');
    expect(answer.body.bindings.outgoing).toContainEqual(
      expect.objectContaining({ source: 'amq.default', destination: queue, routingKey: queue, destinationType: 'queue' }),
    );
  });

  it('404 for an unknown exchange', async () => {
    const name = unique('missing');
    for (const [method, path, body] of [
      ['GET', `/exchanges/${name}`, undefined],
      ['DELETE', `/exchanges/${name}`, undefined],
      ['POST', `/exchanges/${name}/publish`, { payload: 'x' }],
      ['POST', `/exchanges/${name}/route-test`, { routingKey: 'k' }],
    ] as const) {
      const answer = await api(method, path, { body });
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(errorCode(answer)).toBe('not_found');
    }
  });

  it('deletes: 409 with ifUnused while it has bindings, 204 otherwise', async () => {
    const name = unique('ex-del');
    const queue = unique('q');
    await declareExchange(name, 'fanout');
    await declareQueue(queue);
    await bind(name, queue);
    const refused = await api('DELETE', `/exchanges/${enc(name)}?ifUnused=true`);
    expect(refused.status).toBe(409);
    expect(errorCode(refused)).toBe('precondition_failed');
    const badFlag = await api('DELETE', `/exchanges/${enc(name)}?ifUnused=perhaps`);
    expect(badFlag.status).toBe(400);
    const deleted = await api('DELETE', `/exchanges/${enc(name)}?ifUnused=false`);
    expect(deleted.status).toBe(204);
    expect((await api('GET', `/exchanges/${enc(name)}`)).status).toBe(404);
    const bindings = await api('GET', `/bindings?destination=${enc(queue)}`);
    expect(bindings.body.map((b: { source: string }) => b.source)).toEqual(['amq.default']);
  });

  it('route-test tells where a message would go without publishing it', async () => {
    const topic = unique('ex-topic');
    const a = unique('q-a');
    const b = unique('q-b');
    await declareExchange(topic, 'topic');
    await declareQueue(a);
    await declareQueue(b);
    const ab = await bind(topic, a, 'order.*');
    await bind(topic, b, 'invoice.#');
    const answer = await api('POST', `/exchanges/${enc(topic)}/route-test`, { body: { routingKey: 'order.created' } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ queues: [a], path: [{ exchange: topic, bindingId: ab.id, destination: a, destinationType: 'queue' }] });
    const none = await api('POST', `/exchanges/${enc(topic)}/route-test`, { body: { routingKey: 'other' } });
    expect(none.body).toEqual({ queues: [], path: [] });
    expect((await api('GET', `/queues/${enc(a)}`)).body.messages).toBe(0);
    const direct = await api('POST', '/exchanges/amq.default/route-test', { body: { routingKey: a } });
    expect(direct.body.queues).toEqual([a]);
    expect(direct.body.path[0].exchange).toBe('amq.default');
  });
});
