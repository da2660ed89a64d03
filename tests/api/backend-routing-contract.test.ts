/**
 * Exchanges, bindings and the route test over HTTP, the same on the embedded broker and on an attached RabbitMQ
 * cluster: declare (201, 200, 409), bind idempotently under one id, refuse what RabbitMQ refuses, and answer "where
 * would this go" by the same rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendTargets } from './backend-targets';
import { api, enc, errorCode, unique } from './http';

const targets = backendTargets('routing-contract');

describe.each(targets)('routing on $name', (target) => {
  const path = (rest: string) => `${target.prefix}${rest}`;
  const queues: string[] = [];
  const exchanges: string[] = [];

  beforeAll(async () => target.setUp?.(), 60_000);
  afterAll(async () => {
    for (const name of exchanges) await api('DELETE', path(`/exchanges/${enc(name)}`));
    for (const name of queues) await api('DELETE', path(`/queues/${enc(name)}`));
    await target.tearDown?.();
  });

  async function queue(label: string): Promise<string> {
    const name = unique(`routing-${label}`);
    queues.push(name);
    expect((await api('PUT', path(`/queues/${enc(name)}`), { body: {} })).status).toBe(201);
    return name;
  }

  async function exchange(label: string, type: string): Promise<string> {
    const name = unique(`routing-${label}`);
    exchanges.push(name);
    const declared = await api('PUT', path(`/exchanges/${enc(name)}`), { body: { type } });
    expect(declared.status, declared.text).toBe(201);
    expect(declared.body).toMatchObject({ name, type, durable: true, autoDelete: false, internal: false, arguments: {} });
    return name;
  }

  it('declares an exchange once, refuses another kind under its name, and deletes it only when unused if asked', async () => {
    const name = await exchange('declared', 'fanout');
    expect((await api('PUT', path(`/exchanges/${enc(name)}`), { body: { type: 'fanout' } })).status).toBe(200);
    const other = await api('PUT', path(`/exchanges/${enc(name)}`), { body: { type: 'topic' } });
    expect(other.status, other.text).toBe(409);
    expect(errorCode(other)).toBe('precondition_failed');

    const bound = await queue('bound');
    expect((await api('POST', path('/bindings'), { body: { source: name, destination: bound } })).status).toBe(201);
    const detail = await api('GET', path(`/exchanges/${enc(name)}`));
    expect(detail.status, detail.text).toBe(200);
    expect(detail.body.bindings.outgoing).toMatchObject([{ source: name, destination: bound, destinationType: 'queue', routingKey: '' }]);
    expect(detail.body.bindings.incoming).toEqual([]);

    expect(errorCode(await api('DELETE', path(`/exchanges/${enc(name)}?ifUnused=true`)))).toBe('precondition_failed');
    expect((await api('DELETE', path(`/exchanges/${enc(name)}`))).status).toBe(204);
    expect(errorCode(await api('GET', path(`/exchanges/${enc(name)}`)))).toBe('not_found');
    expect(errorCode(await api('DELETE', path(`/exchanges/${enc(name)}`)))).toBe('not_found');
  });

  it('binds idempotently under one id, refuses what cannot be bound, and unbinds by id', async () => {
    const source = await exchange('source', 'direct');
    const destination = await queue('destination');
    const body = { source, destination, routingKey: 'eu', arguments: {} };
    const created = await api('POST', path('/bindings'), { body });
    expect(created.status, created.text).toBe(201);
    const again = await api('POST', path('/bindings'), { body });
    expect(again.status, again.text).toBe(200);
    expect(again.body.id).toBe(created.body.id);
    const listed = await api('GET', path(`/bindings?source=${enc(source)}`));
    expect(listed.body).toEqual([{ id: created.body.id, source, destination, destinationType: 'queue', routingKey: 'eu', arguments: {} }]);

    expect(errorCode(await api('POST', path('/bindings'), { body: { ...body, destination: unique('no-such-queue') } }))).toBe('not_found');
    expect(errorCode(await api('POST', path('/bindings'), { body: { ...body, source: unique('no-such-exchange') } }))).toBe('not_found');
    expect(errorCode(await api('POST', path('/bindings'), { body: { ...body, source: 'amq.default' } }))).toBe('forbidden');
    const [defaultBinding] = (await api('GET', path(`/bindings?destination=${enc(destination)}&source=amq.default`))).body;
    expect(errorCode(await api('DELETE', path(`/bindings/${enc(defaultBinding.id)}`)))).toBe('forbidden');

    expect((await api('DELETE', path(`/bindings/${enc(created.body.id)}`))).status).toBe(204);
    expect((await api('GET', path(`/bindings?source=${enc(source)}`))).body).toEqual([]);
    expect(errorCode(await api('DELETE', path(`/bindings/${enc(created.body.id)}`)))).toBe('not_found');
  });

  it('tests a route by the same rules: topic patterns, exchange to exchange, the default exchange', async () => {
    const topic = await exchange('topic', 'topic');
    const fanout = await exchange('fanout', 'fanout');
    const [orders, everything, audit] = [await queue('orders'), await queue('everything'), await queue('audit')];
    for (const binding of [
      { source: topic, destination: orders, routingKey: 'orders.*' },
      { source: topic, destination: everything, routingKey: '#' },
      { source: topic, destination: fanout, destinationType: 'exchange', routingKey: 'orders.#' },
      { source: fanout, destination: audit },
    ]) {
      const bound = await api('POST', path('/bindings'), { body: binding });
      expect(bound.status, bound.text).toBe(201);
    }
    const route = async (from: string, routingKey: string) => {
      const answer = await api('POST', path(`/exchanges/${enc(from)}/route-test`), { body: { routingKey } });
      expect(answer.status, answer.text).toBe(200);
      return answer.body;
    };
    const eu = await route(topic, 'orders.eu');
    expect(eu.queues).toEqual([orders, everything, audit].sort());
    expect(eu.path.map((step: { exchange: string; destination: string }) => [step.exchange, step.destination]).sort()).toEqual(
      [
        [topic, orders],
        [topic, everything],
        [topic, fanout],
        [fanout, audit],
      ].sort(),
    );
    expect((await route(topic, 'invoices.eu')).queues).toEqual([everything]);
    expect((await route('amq.default', orders)).queues).toEqual([orders]);
    expect((await route('amq.default', unique('no-such-queue'))).queues).toEqual([]);
    expect(errorCode(await api('POST', path(`/exchanges/${enc(unique('nowhere'))}/route-test`), { body: { routingKey: 'x' } }))).toBe('not_found');

    // Then confirmed by a real publish: it reaches the queues the test named.
    const published = await api('POST', path(`/exchanges/${enc(topic)}/publish`), { body: { routingKey: 'orders.eu', payload: 'real' } });
    expect(published.status, published.text).toBe(200);
    expect(published.body).toMatchObject({ routed: true, queues: 3 });
    const toAudit = await api('POST', path(`/exchanges/${enc(fanout)}/publish`), { body: { routingKey: '', payload: 'to audit' } });
    expect(toAudit.body).toMatchObject({ routed: true, queues: 1 });
    const direct = await exchange('direct', 'direct');
    expect((await api('POST', path(`/exchanges/${enc(direct)}/publish`), { body: { routingKey: 'none', payload: 'nowhere' } })).body).toMatchObject({ routed: false, queues: 0 });
    expect(errorCode(await api('POST', path(`/exchanges/${enc(unique('nowhere'))}/publish`), { body: { routingKey: 'x', payload: 'x' } }))).toBe('not_found');
  });
});
