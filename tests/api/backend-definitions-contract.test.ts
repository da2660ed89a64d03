/**
 * One vhost's definitions over HTTP, the same on the embedded broker and on an attached RabbitMQ cluster: the export
 * in RabbitMQ's format, the diff of a dry run that changes nothing, the import all or nothing, and a second import of
 * the same file that adds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendTargets } from './backend-targets';
import { api, enc, errorCode, unique } from './http';

const targets = backendTargets('definitions-contract');

describe.each(targets)('definitions of a vhost on $name', (target) => {
  const path = (rest: string) => `${target.prefix}${rest}`;
  const queues: string[] = [];
  const exchanges: string[] = [];

  beforeAll(async () => target.setUp?.(), 60_000);
  afterAll(async () => {
    for (const name of exchanges) await api('DELETE', path(`/exchanges/${enc(name)}`));
    for (const name of queues) await api('DELETE', path(`/queues/${enc(name)}`));
    await target.tearDown?.();
  });

  it("exports the vhost's exchanges, queues and bindings in RabbitMQ's format", async () => {
    const exchange = unique('defs-exchange');
    const queue = unique('defs-queue');
    exchanges.push(exchange);
    queues.push(queue);
    expect((await api('PUT', path(`/exchanges/${enc(exchange)}`), { body: { type: 'topic' } })).status).toBe(201);
    expect((await api('PUT', path(`/queues/${enc(queue)}`), { body: { arguments: { maxLength: 10 } } })).status).toBe(201);
    expect((await api('POST', path('/bindings'), { body: { source: exchange, destination: queue, routingKey: 'orders.#' } })).status).toBe(201);

    const exported = await api('GET', path('/definitions'));
    expect(exported.status, exported.text).toBe(200);
    expect(exported.body.exchanges.filter((e: { name: string }) => e.name === exchange)).toEqual([
      { name: exchange, vhost: '/', type: 'topic', durable: true, auto_delete: false, internal: false, arguments: {} },
    ]);
    expect(exported.body.queues.filter((q: { name: string }) => q.name === queue)).toEqual([
      { name: queue, vhost: '/', durable: true, auto_delete: false, arguments: { 'x-max-length': 10 } },
    ]);
    expect(exported.body.bindings.filter((b: { source: string }) => b.source === exchange)).toEqual([
      { source: exchange, vhost: '/', destination: queue, destination_type: 'queue', routing_key: 'orders.#', arguments: {} },
    ]);
    // Neither the built-in exchanges nor the default exchange's bindings are definitions.
    expect(exported.body.exchanges.some((e: { name: string }) => e.name.startsWith('amq.') || e.name === '')).toBe(false);
    expect(exported.body.bindings.some((b: { source: string }) => b.source === '')).toBe(false);
  });

  it('answers the diff of a dry run and changes nothing, imports all of it, and adds nothing the second time', async () => {
    const exchange = unique('import-exchange');
    const queue = unique('import-queue');
    exchanges.push(exchange);
    queues.push(queue);
    const file = {
      exchanges: [{ name: exchange, vhost: '/', type: 'direct', durable: true, auto_delete: false, internal: false, arguments: {} }],
      queues: [{ name: queue, vhost: '/', durable: true, auto_delete: false, arguments: { 'x-queue-type': 'quorum' } }],
      bindings: [{ source: exchange, vhost: '/', destination: queue, destination_type: 'queue', routing_key: 'eu', arguments: {} }],
    };
    const dry = await api('POST', path('/definitions?dryRun=true'), { body: file });
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body.added.exchanges.map((e: { name: string }) => e.name)).toEqual([exchange]);
    expect(dry.body.added.queues.map((q: { name: string }) => q.name)).toEqual([queue]);
    expect(dry.body.added.bindings).toHaveLength(1);
    expect(errorCode(await api('GET', path(`/exchanges/${enc(exchange)}`)))).toBe('not_found');

    const applied = await api('POST', path('/definitions'), { body: file });
    expect(applied.status, applied.text).toBe(200);
    expect((await api('GET', path(`/queues/${enc(queue)}`))).body).toMatchObject({ name: queue, type: 'quorum', durable: true });
    expect((await api('GET', path(`/bindings?source=${enc(exchange)}`))).body).toMatchObject([{ destination: queue, routingKey: 'eu' }]);

    const again = await api('POST', path('/definitions'), { body: file });
    expect(again.status, again.text).toBe(200);
    expect(again.body.added).toMatchObject({ exchanges: [], queues: [], bindings: [] });

    // A queue that exists with other settings refuses the whole file: the new exchange in it is not declared either.
    const other = unique('import-refused');
    const refused = await api('POST', path('/definitions'), {
      body: { ...file, exchanges: [{ ...file.exchanges[0], name: other }], queues: [{ ...file.queues[0], arguments: {} }], bindings: [] },
    });
    expect(refused.status, refused.text).toBe(409);
    expect(errorCode(refused)).toBe('precondition_failed');
    expect(errorCode(await api('GET', path(`/exchanges/${enc(other)}`)))).toBe('not_found');
  });
});
